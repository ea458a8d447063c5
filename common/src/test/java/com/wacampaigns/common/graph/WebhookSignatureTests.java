package com.wacampaigns.common.graph;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTests {

	private final WebhookSignature signature = new WebhookSignature("app-secret");

	@Test
	void shouldMatchAKnownHmacVector() {
		// Computed independently: printf '{}' | openssl dgst -sha256 -hmac app-secret
		byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
		assertThat(this.signature.sign(body))
			.isEqualTo("sha256=bd9549eb87a414d3df28b5a60ea86d4a11e2f1c6258edbd18f56d3c23c0f908d");
		assertThat(this.signature.isValid(body, this.signature.sign(body))).isTrue();
	}

	@Test
	void shouldRejectAnotherBodyAnotherSecretAndMalformedHeaders() {
		byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
		String header = this.signature.sign(body);
		assertThat(this.signature.isValid("{\"a\":2}".getBytes(StandardCharsets.UTF_8), header)).isFalse();
		assertThat(new WebhookSignature("other").isValid(body, header)).isFalse();
		assertThat(this.signature.isValid(body, null)).isFalse();
		assertThat(this.signature.isValid(body, header.replace("sha256=", "sha1="))).isFalse();
		assertThat(this.signature.isValid(body, "sha256=zz" + header.substring(9))).isFalse();
		assertThat(this.signature.isValid(body, header.substring(0, header.length() - 1))).isFalse();
	}

}

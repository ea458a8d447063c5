package com.wacampaigns.common.crypto;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SecretCipherTests {

	private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

	private final SecretCipher cipher = new SecretCipher(KEY);

	@Test
	void shouldRoundTripWithoutStoringThePlainText() {
		String stored = this.cipher.encrypt("EAAG-token");
		assertThat(stored).startsWith("v1:").doesNotContain("EAAG");
		assertThat(this.cipher.encrypt("EAAG-token")).isNotEqualTo(stored);
		assertThat(this.cipher.decrypt(stored)).isEqualTo("EAAG-token");
	}

	@Test
	void shouldRefuseATamperedValueOrAnotherKey() {
		String stored = this.cipher.encrypt("EAAG-token");
		byte[] sealed = Base64.getDecoder().decode(stored.substring(3));
		sealed[sealed.length / 2] ^= 0x01;
		String tampered = "v1:" + Base64.getEncoder().encodeToString(sealed);
		assertThatIllegalStateException().isThrownBy(() -> this.cipher.decrypt(tampered));
		byte[] other = new byte[32];
		other[0] = 1;
		assertThatIllegalStateException()
			.isThrownBy(() -> new SecretCipher(Base64.getEncoder().encodeToString(other)).decrypt(stored));
	}

	@Test
	void shouldRefuseAShortKey() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SecretCipher(Base64.getEncoder().encodeToString(new byte[16])));
	}

}

package com.wacampaigns.common.graph;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class WireFormatTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void shouldWriteMetasTemplateMessageShape() {
		String body = this.json.writeValueAsString(
				SendMessageRequest.template("+919812345678", "welcome", "en_US", List.of("Ana", "42"), "cb"));
		assertThat(body).isEqualTo("{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\","
				+ "\"to\":\"+919812345678\",\"type\":\"template\",\"template\":{\"name\":\"welcome\","
				+ "\"language\":{\"code\":\"en_US\"},\"components\":[{\"type\":\"body\",\"parameters\":["
				+ "{\"type\":\"text\",\"text\":\"Ana\"},{\"type\":\"text\",\"text\":\"42\"}]}]},"
				+ "\"biz_opaque_callback_data\":\"cb\"}");
	}

	@Test
	void shouldReadAStatusWebhookAndIgnoreUnknownFields() {
		String body = """
				{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages",
				"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111",
				"phone_number_id":"106540352242922"},"statuses":[{"id":"wamid.X","status":"failed",
				"timestamp":"1700000000","recipient_id":"919812345678","biz_opaque_callback_data":"cb",
				"pricing":{"billable":true},"errors":[{"code":131026,"title":"Message undeliverable"}]}]}}]}]}
				""";
		WebhookPayload payload = this.json.readValue(body, WebhookPayload.class);
		WebhookPayload.Status status = payload.entry().get(0).changes().get(0).value().statuses().get(0);
		assertThat(status.id()).isEqualTo("wamid.X");
		assertThat(status.bizOpaqueCallbackData()).isEqualTo("cb");
		assertThat(status.errors()).singleElement().extracting(WebhookPayload.StatusError::code).isEqualTo(131026);
	}

}

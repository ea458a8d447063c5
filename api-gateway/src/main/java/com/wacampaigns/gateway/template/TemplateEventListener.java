package com.wacampaigns.gateway.template;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.TemplateEventReported;
import com.wacampaigns.common.kafka.PoisonRecords;

/**
 * Takes Meta's template changes off {@code whatsapp.templates}, as the webhook receiver
 * put them there. The gateway's only listener, so its deserializers are set here rather
 * than for every consumer of the app.
 */
@Component
class TemplateEventListener {

	private final TemplateUpdates updates;

	TemplateEventListener(TemplateUpdates updates) {
		this.updates = updates;
	}

	@KafkaListener(id = "gateway-templates", topics = Topics.TEMPLATE_EVENTS, batch = "true", properties = {
			"key.deserializer=org.apache.kafka.common.serialization.StringDeserializer",
			"value.deserializer=org.springframework.kafka.support.serializer.ErrorHandlingDeserializer",
			"spring.deserializer.value.delegate.class=org.springframework.kafka.support.serializer.JacksonJsonDeserializer",
			"spring.json.value.default.type=com.wacampaigns.common.events.TemplateEventReported",
			"spring.json.use.type.headers=false", "auto.offset.reset=earliest" })
	void onTemplateEvents(List<ConsumerRecord<String, TemplateEventReported>> events) {
		PoisonRecords.apply(events, TemplateEventListener::problemOf, this.updates::apply);
	}

	/** What makes an event impossible to apply, or {@code null}. */
	static String problemOf(TemplateEventReported event) {
		if (event.wabaId() == null || event.wabaId().isBlank()) {
			return "A template event without its WhatsApp Business Account";
		}
		if (event.field() == null) {
			return "A template event without its webhook field";
		}
		if (event.metaTemplateId() == null && (event.name() == null || event.language() == null)) {
			return "A template event that names no template";
		}
		return null;
	}

}

package com.wacampaigns.gateway.sender;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.AccountEventReported;
import com.wacampaigns.common.kafka.PoisonRecords;

/**
 * Takes Meta's changes to accounts' limits off {@code whatsapp.account}, as the webhook
 * receiver put them there: each account named is read again from Meta, once a batch.
 */
@Component
class AccountEventListener {

	private final SenderLimits limits;

	AccountEventListener(SenderLimits limits) {
		this.limits = limits;
	}

	@KafkaListener(id = "gateway-account", topics = Topics.ACCOUNT_EVENTS, batch = "true", properties = {
			"key.deserializer=org.apache.kafka.common.serialization.StringDeserializer",
			"value.deserializer=org.springframework.kafka.support.serializer.ErrorHandlingDeserializer",
			"spring.deserializer.value.delegate.class=org.springframework.kafka.support.serializer.JacksonJsonDeserializer",
			"spring.json.value.default.type=com.wacampaigns.common.events.AccountEventReported",
			"spring.json.use.type.headers=false", "auto.offset.reset=earliest" })
	void onAccountEvents(List<ConsumerRecord<String, AccountEventReported>> events) {
		PoisonRecords.apply(events, AccountEventListener::problemOf, this::apply);
	}

	private void apply(List<AccountEventReported> events) {
		// The last limit named for each account wins; each account is read once.
		Map<String, String> tiers = new LinkedHashMap<>();
		for (AccountEventReported event : events) {
			String before = tiers.get(event.wabaId());
			tiers.put(event.wabaId(), (event.messagingLimit() != null) ? event.messagingLimit() : before);
		}
		tiers.forEach(this.limits::refreshAccount);
	}

	/** What makes an event impossible to apply, or {@code null}. */
	static String problemOf(AccountEventReported event) {
		if (event.wabaId() == null || event.wabaId().isBlank()) {
			return "An account event without its WhatsApp Business Account";
		}
		return (event.field() == null) ? "An account event without its webhook field" : null;
	}

}

package com.wacampaigns.gateway.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.OutboundEvent;
import com.wacampaigns.common.kafka.PoisonRecords;
import com.wacampaigns.gateway.GatewayProperties;

/**
 * Turns {@code outbound.events} into deliveries, in the consumer group
 * {@code webhook-deliveries}, apart from every other consumer: a slow endpoint holds up
 * nothing but its own deliveries. Each batch becomes, for each enabled endpoint that
 * wants its events, deliveries of up to the configured number of events, written in one
 * statement before the batch's offsets are committed; the attempts are the worker's.
 * Events of users without an endpoint are read and dropped.
 */
@Component
class OutboundEventListener {

	private final JdbcWebhookEndpoints endpoints;

	private final JdbcWebhookDeliveries deliveries;

	private final DeliveryBodies bodies;

	private final DeliveryWorker worker;

	private final GatewayProperties.OutboundWebhooks settings;

	OutboundEventListener(JdbcWebhookEndpoints endpoints, JdbcWebhookDeliveries deliveries, DeliveryBodies bodies,
			DeliveryWorker worker, GatewayProperties properties) {
		this.endpoints = endpoints;
		this.deliveries = deliveries;
		this.bodies = bodies;
		this.worker = worker;
		this.settings = properties.outboundWebhooks();
	}

	@KafkaListener(id = "webhook-deliveries", topics = Topics.OUTBOUND_EVENTS, batch = "true", properties = {
			"key.deserializer=org.apache.kafka.common.serialization.StringDeserializer",
			"value.deserializer=org.springframework.kafka.support.serializer.ErrorHandlingDeserializer",
			"spring.deserializer.value.delegate.class=org.springframework.kafka.support.serializer.JacksonJsonDeserializer",
			"spring.json.value.default.type=com.wacampaigns.common.events.OutboundEvent",
			"spring.json.use.type.headers=false", "auto.offset.reset=earliest" })
	void onEvents(List<ConsumerRecord<String, OutboundEvent>> events) {
		PoisonRecords.apply(events, OutboundEventListener::problemOf, this::deliver);
	}

	void deliver(List<OutboundEvent> events) {
		List<UUID> users = events.stream().map(OutboundEvent::userId).distinct().toList();
		List<JdbcWebhookDeliveries.NewDelivery> made = new ArrayList<>();
		for (JdbcWebhookEndpoints.Target endpoint : this.endpoints.enabledOf(users)) {
			List<OutboundEvent> wanted = events.stream()
				.filter((event) -> event.userId().equals(endpoint.userId()) && endpoint.events().contains(event.type()))
				.toList();
			made.addAll(this.bodies.deliveriesOf(endpoint.id(), wanted));
		}
		this.deliveries.insert(made, this.settings.giveUpAfter());
		if (!made.isEmpty()) {
			this.worker.wake();
		}
	}

	/** What makes an event impossible to deliver, or {@code null}. */
	static String problemOf(OutboundEvent event) {
		if (event.id() == null || event.type() == null) {
			return "An outbound event without its id or type";
		}
		return (event.userId() == null) ? "An outbound event that names no user" : null;
	}

}

package com.wacampaigns.gateway.outbound;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import com.wacampaigns.common.events.OutboundEvent;
import com.wacampaigns.gateway.GatewayProperties;

/**
 * What an endpoint receives: {@code {"events": [{"id", "type", "created_at", "data"},
 * ...]}}, up to the configured number of events a POST, in the order they came.
 */
@Component
class DeliveryBodies {

	private final JsonMapper json;

	private final int eventsPerDelivery;

	DeliveryBodies(JsonMapper json, GatewayProperties properties) {
		this.json = json;
		this.eventsPerDelivery = properties.outboundWebhooks().eventsPerDelivery();
	}

	List<JdbcWebhookDeliveries.NewDelivery> deliveriesOf(UUID endpointId, List<OutboundEvent> events) {
		List<JdbcWebhookDeliveries.NewDelivery> deliveries = new ArrayList<>();
		for (int from = 0; from < events.size(); from += this.eventsPerDelivery) {
			List<OutboundEvent> chunk = events.subList(from, Math.min(from + this.eventsPerDelivery, events.size()));
			String payload = this.json.writeValueAsString(
					new Body(chunk.stream().map((e) -> new Event(e.id(), e.type(), e.createdAt(), e.data())).toList()));
			deliveries.add(new JdbcWebhookDeliveries.NewDelivery(UUID.randomUUID(), endpointId,
					chunk.stream().map(OutboundEvent::type).distinct().toList(), chunk.size(), payload));
		}
		return deliveries;
	}

	record Body(List<Event> events) {

	}

	record Event(String id, String type, Instant createdAt, Map<String, Object> data) {

	}

}

package com.wacampaigns.gateway.outbound;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.wacampaigns.common.crypto.SecretCipher;
import com.wacampaigns.common.events.OutboundEvent;
import com.wacampaigns.common.events.OutboundEventType;
import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.auth.Caller;
import com.wacampaigns.gateway.web.ApiException;
import com.wacampaigns.gateway.web.ApiException.FieldError;

/**
 * Users' webhook endpoints: each user sees and changes only their own, an admin anyone's.
 * The signing secret is made here, shown once and stored encrypted.
 */
@Service
class WebhookEndpoints {

	/** The type of the event that {@code POST .../test} sends. */
	static final String TEST_EVENT = "endpoint.test";

	private final JdbcWebhookEndpoints endpoints;

	private final JdbcWebhookDeliveries deliveries;

	private final DeliveryBodies bodies;

	private final DeliveryWorker worker;

	private final EndpointAddresses addresses;

	private final SecretCipher cipher;

	private final GatewayProperties.OutboundWebhooks settings;

	WebhookEndpoints(JdbcWebhookEndpoints endpoints, JdbcWebhookDeliveries deliveries, DeliveryBodies bodies,
			DeliveryWorker worker, EndpointAddresses addresses, GatewayProperties properties) {
		this.endpoints = endpoints;
		this.deliveries = deliveries;
		this.bodies = bodies;
		this.worker = worker;
		this.settings = properties.outboundWebhooks();
		this.addresses = addresses;
		this.cipher = new SecretCipher(properties.tokenEncryptionKey());
	}

	@Transactional
	WebhookEndpointView create(Caller caller, NewWebhookEndpoint request) {
		List<String> events = request.events().stream().distinct().toList();
		List<FieldError> errors = new ArrayList<>();
		checkUrl(request.url(), errors);
		checkEvents(events, errors);
		if (!errors.isEmpty()) {
			throw ApiException.invalid("The endpoint cannot be registered as asked", errors);
		}
		if (this.endpoints.count(caller.id()) >= this.settings.maxEndpointsPerUser()) {
			throw ApiException.conflict("A user has at most " + this.settings.maxEndpointsPerUser()
					+ " webhook endpoints: delete one, or give one endpoint more event types");
		}
		UUID id = UUID.randomUUID();
		String secret = DeliverySignature.newSecret();
		this.endpoints.insert(id, caller.id(), request.url(), request.description(), events,
				this.cipher.encrypt(secret));
		return this.endpoints.find(id).orElseThrow().withSecret(secret);
	}

	/** A user's own endpoints; an admin may ask for anyone's. */
	List<WebhookEndpointView> list(Caller caller, UUID userId) {
		if (userId != null && !caller.mayAccess(userId)) {
			throw ApiException.forbidden("You may list only your own webhook endpoints");
		}
		return this.endpoints.list((userId != null) ? userId : caller.id());
	}

	WebhookEndpointView get(Caller caller, UUID id) {
		return this.endpoints.find(id)
			.filter((endpoint) -> caller.mayAccess(endpoint.userId()))
			.orElseThrow(() -> ApiException.notFound("No webhook endpoint " + id));
	}

	@Transactional
	WebhookEndpointView change(Caller caller, UUID id, WebhookEndpointChange change) {
		get(caller, id);
		List<String> events = (change.events() != null) ? change.events().stream().distinct().toList() : null;
		List<FieldError> errors = new ArrayList<>();
		if (change.url() != null) {
			checkUrl(change.url(), errors);
		}
		if (events != null) {
			checkEvents(events, errors);
		}
		if (!errors.isEmpty()) {
			throw ApiException.invalid("The endpoint cannot be changed as asked", errors);
		}
		this.endpoints.change(id, change.url(), change.description(), events, change.enabled());
		if (Boolean.TRUE.equals(change.enabled())) {
			this.worker.wake();
		}
		if (Boolean.FALSE.equals(change.enabled())) {
			this.deliveries.abandon(id, "Not sent: the endpoint was disabled by its user");
		}
		return this.endpoints.find(id).orElseThrow();
	}

	/** A new secret, shown this once; the old one signs nothing more. */
	@Transactional
	WebhookEndpointView newSecret(Caller caller, UUID id) {
		get(caller, id);
		String secret = DeliverySignature.newSecret();
		this.endpoints.newSecret(id, this.cipher.encrypt(secret));
		return this.endpoints.find(id).orElseThrow().withSecret(secret);
	}

	void delete(Caller caller, UUID id) {
		get(caller, id);
		this.endpoints.delete(id);
	}

	/** Sends the endpoint one {@code endpoint.test} event, at once. */
	WebhookDeliveryView test(Caller caller, UUID id) {
		WebhookEndpointView endpoint = get(caller, id);
		if (!"ENABLED".equals(endpoint.status())) {
			throw ApiException.conflict("The endpoint is disabled: enable it first");
		}
		Instant now = Instant.now();
		OutboundEvent event = new OutboundEvent(OutboundEvent.idOf(TEST_EVENT, id.toString(), now.toString()),
				TEST_EVENT, endpoint.userId(), now,
				Map.of("endpoint_id", id, "message", "A test event, sent because you asked for one"));
		JdbcWebhookDeliveries.NewDelivery delivery = this.bodies.deliveriesOf(id, List.of(event)).get(0);
		this.deliveries.insert(List.of(delivery), this.settings.giveUpAfter());
		this.worker.wake();
		return this.deliveries.find(id, delivery.id()).orElseThrow();
	}

	List<WebhookDeliveryView> deliveries(Caller caller, UUID id, String status, int page, int size) {
		get(caller, id);
		return this.deliveries.list(id, status, page, size);
	}

	long countDeliveries(UUID id, String status) {
		return this.deliveries.count(id, status);
	}

	WebhookDeliveryView delivery(Caller caller, UUID id, UUID deliveryId) {
		get(caller, id);
		return this.deliveries.find(id, deliveryId)
			.orElseThrow(() -> ApiException.notFound("No delivery " + deliveryId + " to endpoint " + id));
	}

	/** One more attempt of a delivery, now. */
	WebhookDeliveryView retry(Caller caller, UUID id, UUID deliveryId) {
		WebhookEndpointView endpoint = get(caller, id);
		if (!"ENABLED".equals(endpoint.status())) {
			throw ApiException.conflict("The endpoint is disabled: enable it before retrying its deliveries");
		}
		if (!this.deliveries.retry(id, deliveryId)) {
			delivery(caller, id, deliveryId);
			throw ApiException
				.conflict("Delivery " + deliveryId + " was delivered already, or an attempt is being made now");
		}
		this.worker.wake();
		return this.deliveries.find(id, deliveryId).orElseThrow();
	}

	private void checkUrl(String url, List<FieldError> errors) {
		this.addresses.problemWith(url).ifPresent((problem) -> errors.add(new FieldError("url", url, problem)));
	}

	private static void checkEvents(List<String> events, List<FieldError> errors) {
		for (int i = 0; i < events.size(); i++) {
			if (OutboundEventType.ofWord(events.get(i)).isEmpty()) {
				errors.add(new FieldError("events[" + i + "]", events.get(i), "not an event type; the types are "
						+ Arrays.stream(OutboundEventType.values()).map(OutboundEventType::word).toList()));
			}
		}
	}

}

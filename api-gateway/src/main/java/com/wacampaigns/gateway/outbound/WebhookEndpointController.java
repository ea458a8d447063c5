package com.wacampaigns.gateway.outbound;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.wacampaigns.common.events.OutboundEventType;
import com.wacampaigns.gateway.auth.Caller;
import com.wacampaigns.gateway.web.PageLinks;

/**
 * Users' webhook endpoints and their delivery logs. Each POST to an endpoint is signed
 * (Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}), carries events with ids to drop repeats by, and is retried
 * with a growing pause for up to a day; the order of events is not promised.
 */
@RestController
@Validated
class WebhookEndpointController {

	private final WebhookEndpoints endpoints;

	WebhookEndpointController(WebhookEndpoints endpoints) {
		this.endpoints = endpoints;
	}

	/** The events an endpoint may subscribe to. */
	@GetMapping("/webhooks/event-types")
	List<EventTypeView> eventTypes() {
		return Arrays.stream(OutboundEventType.values())
			.map((type) -> new EventTypeView(type.word(), type.description()))
			.toList();
	}

	/** The new endpoint, with its signing secret ({@code secret}) this once. */
	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping("/webhooks/endpoints")
	ResponseEntity<WebhookEndpointView> create(@AuthenticationPrincipal Jwt jwt,
			@Valid @RequestBody NewWebhookEndpoint request) {
		WebhookEndpointView created = this.endpoints.create(Caller.from(jwt), request);
		return ResponseEntity.created(URI.create("/webhooks/endpoints/" + created.id())).body(created);
	}

	/** The caller's endpoints, newest first; an admin may name a user. */
	@GetMapping("/webhooks/endpoints")
	List<WebhookEndpointView> list(@AuthenticationPrincipal Jwt jwt,
			@RequestParam(name = "user_id", required = false) UUID userId) {
		return this.endpoints.list(Caller.from(jwt), userId);
	}

	@GetMapping("/webhooks/endpoints/{id}")
	WebhookEndpointView get(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		return this.endpoints.get(Caller.from(jwt), id);
	}

	/** Changes what is given: URL, events, description, or enabled. */
	@PatchMapping("/webhooks/endpoints/{id}")
	WebhookEndpointView change(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id,
			@Valid @RequestBody WebhookEndpointChange change) {
		return this.endpoints.change(Caller.from(jwt), id, change);
	}

	/** A new signing secret, shown this once; the old one stops signing at once. */
	@PostMapping("/webhooks/endpoints/{id}/secret")
	WebhookEndpointView newSecret(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		return this.endpoints.newSecret(Caller.from(jwt), id);
	}

	/** Deletes the endpoint and its delivery log. */
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@DeleteMapping("/webhooks/endpoints/{id}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		this.endpoints.delete(Caller.from(jwt), id);
		return ResponseEntity.noContent().build();
	}

	/** Sends one {@code endpoint.test} event now; its delivery is in the log. */
	@ResponseStatus(HttpStatus.ACCEPTED)
	@PostMapping("/webhooks/endpoints/{id}/test")
	WebhookDeliveryView test(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		return this.endpoints.test(Caller.from(jwt), id);
	}

	/**
	 * The endpoint's deliveries, newest first, as a JSON array, paged like
	 * {@code GET /campaigns} ({@code X-Total-Count}, {@code Link}).
	 */
	@GetMapping("/webhooks/endpoints/{id}/deliveries")
	ResponseEntity<List<WebhookDeliveryView>> deliveries(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id,
			@RequestParam(required = false) @Pattern(regexp = "PENDING|DELIVERED|FAILED") String status,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		List<WebhookDeliveryView> found = this.endpoints.deliveries(Caller.from(jwt), id, status, page, size);
		long total = this.endpoints.countDeliveries(id, status);
		return ResponseEntity.ok()
			.header(PageLinks.TOTAL_COUNT, Long.toString(total))
			.header(HttpHeaders.LINK, PageLinks.of(page, size, total))
			.body(found);
	}

	/** One delivery, with the body it sends ({@code payload}). */
	@GetMapping("/webhooks/endpoints/{id}/deliveries/{deliveryId}")
	WebhookDeliveryView delivery(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id,
			@PathVariable UUID deliveryId) {
		return this.endpoints.delivery(Caller.from(jwt), id, deliveryId);
	}

	/** One more attempt of a delivery not delivered yet, now. */
	@ResponseStatus(HttpStatus.ACCEPTED)
	@PostMapping("/webhooks/endpoints/{id}/deliveries/{deliveryId}/retry")
	WebhookDeliveryView retry(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id, @PathVariable UUID deliveryId) {
		return this.endpoints.retry(Caller.from(jwt), id, deliveryId);
	}

	/** An event an endpoint may subscribe to. */
	record EventTypeView(String type, String description) {

	}

}

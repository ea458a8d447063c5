package com.wacampaigns.gateway.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.AccountEventReported;
import com.wacampaigns.common.events.OutboundEvent;
import com.wacampaigns.common.events.StatusReported;
import com.wacampaigns.common.events.TemplateEventReported;
import com.wacampaigns.common.graph.CallbackData;
import com.wacampaigns.common.graph.WebhookPayload;
import com.wacampaigns.common.graph.WebhookSignature;
import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.metrics.GatewayMetrics;
import com.wacampaigns.gateway.suppression.OptOuts;
import com.wacampaigns.gateway.web.ApiException;

/**
 * Meta's webhook endpoint. A POST is answered 200 only once its events are durable in
 * Kafka; a bad signature gets 401 and nothing is published.
 */
@RestController
@RequestMapping("/webhooks/whatsapp")
class WebhookController {

	private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

	/** Meta's payloads are up to 3 MB. */
	static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

	private static final long KAFKA_ACK_TIMEOUT_SECONDS = 10;

	private final WebhookSignature signature;

	private final String verifyToken;

	private final KafkaTemplate<String, Object> kafka;

	private final JsonMapper json;

	private final JdbcMessageLookup messages;

	private final OptOuts optOuts;

	private final ReceivedMessages received;

	private final RawDeadLetters deadLetters;

	private final GatewayMetrics metrics;

	WebhookController(GatewayProperties properties, KafkaTemplate<String, Object> kafka, JsonMapper json,
			JdbcMessageLookup messages, OptOuts optOuts, RawDeadLetters deadLetters, GatewayMetrics metrics,
			ReceivedMessages received) {
		this.received = received;
		this.signature = new WebhookSignature(properties.webhook().appSecret());
		this.verifyToken = properties.webhook().verifyToken();
		this.kafka = kafka;
		this.json = json;
		this.messages = messages;
		this.optOuts = optOuts;
		this.deadLetters = deadLetters;
		this.metrics = metrics;
	}

	@GetMapping(produces = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<String> verify(@RequestParam(name = "hub.mode", required = false) String mode,
			@RequestParam(name = "hub.verify_token", required = false) String token,
			@RequestParam(name = "hub.challenge", required = false) String challenge) {
		if ("subscribe".equals(mode) && this.verifyToken.equals(token) && challenge != null) {
			return ResponseEntity.ok(challenge);
		}
		return ResponseEntity.status(403).body("Verification failed");
	}

	@PostMapping
	ResponseEntity<Void> receive(HttpServletRequest request,
			@RequestHeader(name = WebhookSignature.HEADER, required = false) String signatureHeader)
			throws IOException {
		long start = System.nanoTime();
		byte[] body;
		try {
			body = readLimited(request);
		}
		catch (ApiException tooLarge) {
			answered(Answer.TOO_LARGE, start);
			throw tooLarge;
		}
		if (!this.signature.isValid(body, signatureHeader)) {
			answered(Answer.BAD_SIGNATURE, start);
			throw ApiException.unauthorized("Missing or invalid " + WebhookSignature.HEADER);
		}
		try {
			answered(accept(body), start);
		}
		catch (RuntimeException kafkaAway) {
			answered(Answer.UNAVAILABLE, start);
			throw kafkaAway;
		}
		return ResponseEntity.ok().build();
	}

	private void answered(Answer answer, long start) {
		this.metrics.webhookAnswered(answer.label, System.nanoTime() - start);
	}

	/**
	 * Puts a signed webhook's statuses, template and account changes and replies (for the
	 * users' endpoints) on Kafka and waits for the acks.
	 * @return {@link Answer#ACCEPTED}, or {@link Answer#MALFORMED} when it was kept raw
	 * instead
	 */
	private Answer accept(byte[] body) {
		WebhookPayload payload;
		try {
			payload = this.json.readValue(body, WebhookPayload.class);
		}
		catch (JacksonException ex) {
			// Signed by Meta but unreadable: kept raw for a person, acknowledged so Meta
			// stops retrying.
			log.warn("A signed webhook could not be parsed ({}); kept on {}", ex.getOriginalMessage(),
					Topics.WEBHOOK_DEAD_LETTER);
			awaitAll(List.of(this.deadLetters.keep(body)));
			this.metrics.deadLettered(Topics.WEBHOOK_DEAD_LETTER);
			return Answer.MALFORMED;
		}
		List<StatusReported> events = withIds(ofItsSender(WebhookEvents.reported(payload)));
		List<TemplateEventReported> templateEvents = WebhookEvents.templateEvents(payload);
		List<AccountEventReported> accountEvents = WebhookEvents.accountEvents(payload);
		List<OutboundEvent> replies = this.received.of(payload);
		awaitAll(Stream
			.of(events.stream()
				.map((event) -> this.kafka.send(Topics.WHATSAPP_STATUS, WebhookEvents.key(event), (Object) event)),
					templateEvents.stream()
						.map((event) -> this.kafka.send(Topics.TEMPLATE_EVENTS, WebhookEvents.key(event),
								(Object) event)),
					accountEvents.stream()
						.map((event) -> this.kafka.send(Topics.ACCOUNT_EVENTS, event.wabaId(), (Object) event)),
					replies.stream()
						.map((event) -> this.kafka.send(Topics.OUTBOUND_EVENTS, event.userId().toString(),
								(Object) event)))
			.flatMap((sends) -> sends)
			.toList());
		this.metrics.webhookEvents(events);
		this.optOuts.apply(payload);
		return Answer.ACCEPTED;
	}

	/**
	 * Callback data is believed only for a campaign of the business number the webhook
	 * names: a status that claims a recipient of another sender's campaign loses the
	 * claim and is matched by its wamid, like one without callback data.
	 */
	private List<StatusReported> ofItsSender(List<WebhookEvents.Reported> reported) {
		Set<UUID> campaigns = reported.stream()
			.map((status) -> status.event().campaignId())
			.filter(Objects::nonNull)
			.collect(Collectors.toSet());
		if (campaigns.isEmpty()) {
			return reported.stream().map(WebhookEvents.Reported::event).toList();
		}
		Map<UUID, String> senders = this.messages.sendersOf(campaigns);
		return reported.stream().map((status) -> {
			UUID campaign = status.event().campaignId();
			if (campaign == null || Objects.equals(senders.get(campaign), status.phoneNumberId())) {
				return status.event();
			}
			log.warn("A status of {} names campaign {}, which is not that business number's; matched by its wamid",
					status.phoneNumberId(), campaign);
			return status.withoutIds().event();
		}).toList();
	}

	/**
	 * Statuses without our callback data get their campaign and recipient from the
	 * database when the message is known, so they are keyed by campaign like the others;
	 * the rest go keyed by wamid, and the ingestor matches them later.
	 */
	private List<StatusReported> withIds(List<StatusReported> events) {
		List<String> unknown = events.stream()
			.filter((event) -> event.recipientId() == null && event.wamid() != null)
			.map(StatusReported::wamid)
			.toList();
		if (unknown.isEmpty()) {
			return events;
		}
		Map<String, CallbackData> found = this.messages.byWamid(unknown);
		return events.stream().map((event) -> {
			CallbackData ids = (event.recipientId() == null) ? found.get(event.wamid()) : null;
			return (ids == null) ? event : new StatusReported(ids.campaignId(), ids.recipientId(), event.wamid(),
					event.status(), event.occurredAt(), event.errorCode(), event.errorMessage(), event.source());
		}).toList();
	}

	private static byte[] readLimited(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > MAX_BODY_BYTES) {
			throw ApiException.payloadTooLarge("Webhook bodies are limited to " + MAX_BODY_BYTES + " bytes");
		}
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
			if (body.length > MAX_BODY_BYTES) {
				throw ApiException.payloadTooLarge("Webhook bodies are limited to " + MAX_BODY_BYTES + " bytes");
			}
			return body;
		}
	}

	private static void awaitAll(List<? extends CompletableFuture<?>> sends) {
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
				.get(KAFKA_ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaUnavailableException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new KafkaUnavailableException(ex);
		}
	}

	/** How a webhook was answered: the {@code result} tag of its metrics. */
	private enum Answer {

		ACCEPTED("accepted"), MALFORMED("malformed"), TOO_LARGE("too_large"), BAD_SIGNATURE("bad_signature"),
		UNAVAILABLE("unavailable");

		private final String label;

		Answer(String label) {
			this.label = label;
		}

	}

}

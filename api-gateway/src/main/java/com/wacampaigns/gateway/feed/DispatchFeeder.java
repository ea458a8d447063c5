package com.wacampaigns.gateway.feed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.DispatchRequested;
import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.metrics.GatewayMetrics;
import com.wacampaigns.gateway.feed.JdbcFeedRepository.FeedState;
import com.wacampaigns.gateway.feed.JdbcFeedRepository.PendingRecipient;

/**
 * Feeds running campaigns to {@code campaign.dispatch} in paced windows: each round, a
 * campaign gets as many records as its rate has earned since the last round, and never
 * more than the lookahead, so its backlog in Kafka stays a few seconds of its rate rather
 * than its whole audience. Progress is a cursor on the campaign row, advanced only after
 * Kafka acknowledged the window: a crash re-feeds at most one window, and the
 * dispatcher's claim makes the repeat harmless.
 */
@Component
class DispatchFeeder {

	private static final Logger log = LoggerFactory.getLogger(DispatchFeeder.class);

	private static final TypeReference<Map<String, String>> PARAMETERS = new TypeReference<>() {
	};

	private final JdbcFeedRepository repository;

	private final KafkaTemplate<String, Object> kafka;

	private final TransactionTemplate transaction;

	private final JsonMapper json;

	private final GatewayProperties.Feed settings;

	private final GatewayMetrics metrics;

	private final Clock clock = Clock.systemUTC();

	DispatchFeeder(JdbcFeedRepository repository, KafkaTemplate<String, Object> kafka, TransactionTemplate transaction,
			JsonMapper json, GatewayProperties properties, GatewayMetrics metrics) {
		this.repository = repository;
		this.metrics = metrics;
		this.kafka = kafka;
		this.transaction = transaction;
		this.json = json;
		this.settings = properties.feed();
	}

	@Scheduled(fixedDelayString = "${gateway.feed.interval:200ms}")
	void feedRunningCampaigns() {
		for (UUID started : this.repository.startScheduled()) {
			log.info("Scheduled campaign {} started", started);
		}
		for (UUID campaignId : this.repository.feedable(this.settings.sweepAfter())) {
			try {
				Integer fed = this.transaction.execute((status) -> feed(campaignId));
				if (fed != null && fed > 0) {
					this.metrics.fed(fed);
					log.debug("Fed {} recipients of campaign {}", fed, campaignId);
				}
			}
			catch (RuntimeException ex) {
				log.warn("Feeding campaign {} failed; it will be tried again next round", campaignId, ex);
			}
		}
	}

	private int feed(UUID campaignId) {
		FeedState state = this.repository.lock(campaignId).orElse(null);
		if (state == null) {
			return 0;
		}
		if (state.cursor() >= state.total()) {
			return sweep(state);
		}
		double rate = Math.min(state.rateLimit(), state.senderMessagesPerSecond());
		Instant now = this.clock.instant();
		Instant paidUntil = latest(state.fedAt(), now.minus(this.settings.lookahead()));
		long earned = (long) Math.floor(Duration.between(paidUntil, now).toNanos() / 1e9 * rate);
		long window = Math.min(earned, this.settings.maxRecordsPerFeed());
		if (window < 1) {
			return 0;
		}
		long upTo = Math.min(state.cursor() + window, state.total());
		List<PendingRecipient> recipients = this.repository.window(campaignId, state.cursor(), upTo);
		List<CompletableFuture<?>> sends = new ArrayList<>(recipients.size());
		for (PendingRecipient recipient : recipients) {
			sends.add(this.kafka.send(Topics.CAMPAIGN_DISPATCH, state.phoneNumberId(), dispatch(state, recipient)));
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
		long paidNanos = (long) ((upTo - state.cursor()) / rate * 1e9);
		this.repository.advance(campaignId, upTo, paidUntil.plusNanos(paidNanos));
		return recipients.size();
	}

	/**
	 * A fully fed campaign that still has PENDING recipients a while later lost some
	 * records: feed again from the first of them. Claims make a repeat harmless.
	 */
	private int sweep(FeedState state) {
		Instant now = this.clock.instant();
		var firstPending = this.repository.firstPending(state.id());
		if (firstPending.isPresent()) {
			log.warn("Campaign {} has recipients PENDING behind its feed; feeding again from #{}", state.id(),
					firstPending.getAsLong());
			this.repository.advance(state.id(), firstPending.getAsLong() - 1, now.minus(this.settings.lookahead()));
		}
		else {
			this.repository.advance(state.id(), state.cursor(), now);
		}
		return 0;
	}

	private DispatchRequested dispatch(FeedState state, PendingRecipient recipient) {
		Map<String, String> byPosition = this.json.readValue(recipient.parametersJson(), PARAMETERS);
		List<String> parameters = new ArrayList<>(state.parameterCount());
		for (int position = 1; position <= state.parameterCount(); position++) {
			parameters.add(byPosition.getOrDefault(Integer.toString(position), ""));
		}
		return new DispatchRequested(state.id(), recipient.id(), recipient.sequence(), state.phoneNumberId(),
				recipient.phone(), state.templateName(), state.language(), parameters, state.rateLimit(),
				state.maxWorkers());
	}

	private static Instant latest(Instant a, Instant b) {
		return (a == null || a.isBefore(b)) ? b : a;
	}

}

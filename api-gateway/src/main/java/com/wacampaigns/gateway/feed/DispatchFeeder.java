package com.wacampaigns.gateway.feed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.DispatchRequested;
import com.wacampaigns.common.template.ParameterType;
import com.wacampaigns.common.template.TemplateShape;
import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.feed.JdbcFeedRepository.Deferred;
import com.wacampaigns.gateway.feed.JdbcFeedRepository.FedUpTo;
import com.wacampaigns.gateway.feed.JdbcFeedRepository.FeedState;
import com.wacampaigns.gateway.feed.JdbcFeedRepository.PendingRecipient;
import com.wacampaigns.gateway.metrics.GatewayMetrics;
import com.wacampaigns.gateway.phone.QuietHours;
import com.wacampaigns.gateway.phone.TimeZones;
import com.wacampaigns.gateway.recipient.TemplateValue;
import com.wacampaigns.gateway.template.TemplateShapes;

/**
 * Feeds running campaigns to {@code campaign.dispatch} in paced windows: each round, a
 * campaign gets as many records as its rate has earned since the last round, and never
 * more than the lookahead, so its backlog in Kafka stays a few seconds of its rate rather
 * than its whole audience. Progress is a cursor on the campaign row, advanced only after
 * Kafka acknowledged the window: a crash re-feeds at most one window, and the
 * dispatcher's claim makes the repeat harmless. A round holds a short lease on the
 * campaign, never its row lock, while it waits for Kafka. A window never takes a
 * portfolio past its messaging limit ({@link MessagingBudget}).
 */
@Component
class DispatchFeeder implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(DispatchFeeder.class);

	/** How often reaches older than the messaging window are deleted. */
	private static final Duration FORGET_EVERY = Duration.ofMinutes(5);

	private static final TypeReference<Map<String, String>> PARAMETERS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, TemplateValue>> TEMPLATE_VALUES = new TypeReference<>() {
	};

	private final JdbcFeedRepository repository;

	private final KafkaTemplate<String, Object> kafka;

	private final JsonMapper json;

	private final GatewayProperties.Feed settings;

	private final GatewayMetrics metrics;

	private final TemplateShapes shapes;

	private final MessagingBudget budget;

	private final DispatchBacklog backlog;

	private final TimeZones timeZones;

	private final Clock clock = Clock.systemUTC();

	DispatchFeeder(JdbcFeedRepository repository, KafkaTemplate<String, Object> kafka, JsonMapper json,
			GatewayProperties properties, GatewayMetrics metrics, TemplateShapes shapes, MessagingBudget budget,
			DispatchBacklog backlog, TimeZones timeZones) {
		this.repository = repository;
		this.timeZones = timeZones;
		this.backlog = backlog;
		this.budget = budget;
		this.shapes = shapes;
		this.metrics = metrics;
		this.kafka = kafka;
		this.json = json;
		this.settings = properties.feed();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(this::feedRunningCampaigns, this.settings.interval());
		tasks.addFixedDelayTask(this::forgetExpiredReaches, FORGET_EVERY);
	}

	void feedRunningCampaigns() {
		for (UUID started : this.repository.startScheduled()) {
			log.info("Scheduled campaign {} started", started);
		}
		List<FairShares.Feedable> feedable = this.repository.feedable(this.settings.sweepAfter());
		Map<UUID, Double> shares = FairShares.of(feedable);
		for (FairShares.Feedable campaign : feedable) {
			UUID campaignId = campaign.id();
			FeedState state = this.repository.lease(campaignId, this.settings.lease()).orElse(null);
			if (state == null) {
				continue;
			}
			try {
				int fed = feed(state, shares.get(campaignId));
				if (fed > 0) {
					this.metrics.fed(fed);
					log.debug("Fed {} recipients of campaign {}", fed, campaignId);
				}
			}
			catch (RuntimeException ex) {
				log.warn("Feeding campaign {} failed; it will be tried again next round", campaignId, ex);
				letGo(campaignId);
			}
		}
	}

	private void forgetExpiredReaches() {
		try {
			int forgotten = this.budget.forgetExpired();
			if (forgotten > 0) {
				log.debug("Forgot {} reaches older than the messaging window", forgotten);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Reaches older than the messaging window could not be deleted; tried again later", ex);
		}
	}

	/** Ends a failed round's lease; if even that fails, the lease runs out by itself. */
	private void letGo(UUID campaignId) {
		try {
			this.repository.letGo(campaignId);
		}
		catch (RuntimeException ex) {
			log.debug("Could not end the feed lease of campaign {}; it expires by itself", campaignId, ex);
		}
	}

	/**
	 * One round of a leased campaign; the lease ends with it.
	 * @param rate the campaign's share of its sender's rate
	 */
	private int feed(FeedState state, double rate) {
		if (state.cursor() >= state.total()) {
			sweep(state);
			return 0;
		}
		Instant now = this.clock.instant();
		Instant paidUntil = latest(state.fedAt(), now.minus(this.settings.lookahead()));
		long earned = (long) Math.floor(Duration.between(paidUntil, now).toNanos() / 1e9 * rate);
		long window = Math.min(earned, this.settings.maxRecordsPerFeed());
		if (window < 1) {
			this.repository.letGo(state.id());
			return 0;
		}
		long upTo = Math.min(state.cursor() + window, state.total());
		List<PendingRecipient> recipients = outsideQuietHours(state,
				this.repository.window(state.id(), state.cursor(), upTo), now);
		int allowed = this.budget.allow(state.id(), state.portfolio().key(), state.portfolio().messagingTier(),
				state.portfolio().waiting(), recipients);
		if (allowed < recipients.size()) {
			// The portfolio's messaging limit stops the window before this recipient.
			upTo = recipients.get(allowed).sequence() - 1;
			recipients = recipients.subList(0, allowed);
			if (upTo <= state.cursor()) {
				this.repository.letGo(state.id());
				return 0;
			}
		}
		Message message = message(state);
		List<CompletableFuture<SendResult<String, Object>>> sends = new ArrayList<>(recipients.size());
		for (PendingRecipient recipient : recipients) {
			sends.add(this.kafka.send(Topics.CAMPAIGN_DISPATCH, state.phoneNumberId(),
					dispatch(state, message, recipient)));
		}
		awaitAcks(sends);
		// Paid for what was fed: recipients passed over (sent before, suppressed,
		// waiting) cost no time, so a campaign whose audience sleeps is walked through
		// at once.
		long paidNanos = (long) (recipients.size() / rate * 1e9);
		this.repository.advance(state.id(), state.cursor(), upTo, paidUntil.plusNanos(paidNanos), lastOf(sends));
		return recipients.size();
	}

	/** Where the window's last record went; all of a campaign's go to one partition. */
	private static FedUpTo lastOf(List<CompletableFuture<SendResult<String, Object>>> sends) {
		return sends.stream()
			.map((send) -> send.join().getRecordMetadata())
			.max(Comparator.comparingLong(RecordMetadata::offset))
			.map((last) -> new FedUpTo(last.partition(), last.offset()))
			.orElse(null);
	}

	/**
	 * Waits for Kafka's acks for at most the send timeout: a broker that is away fails
	 * the round (nothing advances; the window is fed again next round, and claims make
	 * the repeat harmless) rather than holding the feeder.
	 */
	private void awaitAcks(List<? extends CompletableFuture<?>> sends) {
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
				.get(this.settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while feeding", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Kafka did not take the window within " + this.settings.sendTimeout(), ex);
		}
	}

	/**
	 * A fully fed campaign that still has PENDING recipients a while later, once the
	 * dispatchers have read all its records, lost some (a dispatcher stopped mid-batch,
	 * the reconciler handed back claims that were never sent, a sender passed over while
	 * disconnected): feed again from the first of them. Claims make a repeat harmless;
	 * waiting for the dispatchers keeps it from doubling a backlog still in Kafka.
	 */
	private void sweep(FeedState state) {
		Instant now = this.clock.instant();
		var firstPending = this.repository.firstPending(state.id());
		if (firstPending.isPresent() && state.fedUpTo() != null && !this.backlog.readPast(state.fedUpTo())) {
			log.debug("Campaign {} has recipients PENDING whose records may still be in Kafka; not fed again yet",
					state.id());
			this.repository.advance(state.id(), state.cursor(), state.cursor(), now, null);
		}
		else if (firstPending.isPresent()) {
			log.warn("Campaign {} has recipients PENDING behind its feed; feeding again from #{}", state.id(),
					firstPending.getAsLong());
			this.repository.advance(state.id(), state.cursor(), firstPending.getAsLong() - 1,
					now.minus(this.settings.lookahead()), null);
		}
		else {
			this.repository.advance(state.id(), state.cursor(), state.cursor(), now, null);
			this.repository.deferred(state.id())
				.ifPresent((deferred) -> this.repository.waitFor(state.id(), waitingNote(deferred, state.quietHours()),
						first(deferred.limitedUntil(), deferred.quietUntil())));
		}
	}

	/**
	 * The window's recipients that may be sent now; those in their quiet hours wait
	 * PENDING until the hours are over in every time zone their number may be in.
	 */
	private List<PendingRecipient> outsideQuietHours(FeedState state, List<PendingRecipient> window, Instant now) {
		QuietHours quiet = state.quietHours();
		if (quiet == null || window.isEmpty()) {
			return window;
		}
		List<PendingRecipient> open = new ArrayList<>(window.size());
		List<UUID> held = new ArrayList<>();
		List<Instant> until = new ArrayList<>();
		for (PendingRecipient recipient : window) {
			Optional<Instant> opening = quiet.nextOpening(this.timeZones.of(recipient.phone()), now);
			if (opening.isPresent()) {
				held.add(recipient.id());
				until.add(opening.get());
			}
			else {
				open.add(recipient);
			}
		}
		this.repository.holdUntil(held, until);
		return open;
	}

	private static String waitingNote(Deferred deferred, QuietHours quiet) {
		List<String> notes = new ArrayList<>(2);
		if (deferred.quiet() > 0) {
			notes.add(deferred.quiet() + " recipients wait for the end of the quiet hours ("
					+ ((quiet != null) ? quiet + " " : "") + "their time); the first is sent at "
					+ deferred.quietUntil());
		}
		if (deferred.limited() > 0) {
			notes.add(deferred.limited()
					+ " recipients wait for Meta's per-user marketing limit (131049); the first is sent again at "
					+ deferred.limitedUntil());
		}
		return String.join("; ", notes);
	}

	private static Instant first(Instant a, Instant b) {
		return (a == null || (b != null && b.isBefore(a))) ? b : a;
	}

	/**
	 * What each recipient's send is built from: the template's shape and fixed values.
	 */
	private Message message(FeedState state) {
		TemplateShape shape = this.shapes.of(state.template().parameterFormat(), state.template().componentsJson(),
				state.template().parameterCount());
		Map<String, String> fixed = new HashMap<>();
		Map<String, ParameterType> types = new HashMap<>();
		this.json.readValue(state.templateValuesJson(), TEMPLATE_VALUES).forEach((name, value) -> {
			if (value.value() != null) {
				fixed.put(name, value.value());
			}
			if (value.type() != null) {
				types.put(name, value.parameterType());
			}
		});
		return new Message(shape, fixed, types);
	}

	private DispatchRequested dispatch(FeedState state, Message message, PendingRecipient recipient) {
		Map<String, String> values = this.json.readValue(recipient.parametersJson(), PARAMETERS);
		return new DispatchRequested(state.id(), recipient.id(), recipient.sequence(), state.phoneNumberId(),
				recipient.phone(), state.templateName(), state.language(),
				message.shape().components(values, message.fixed(), message.types()), state.rateLimit(),
				state.maxWorkers());
	}

	/**
	 * @param fixed the campaign's values for everyone, by variable name
	 * @param types the body variables sent as currencies or dates, by name
	 */
	private record Message(TemplateShape shape, Map<String, String> fixed, Map<String, ParameterType> types) {

	}

	private static Instant latest(Instant a, Instant b) {
		return (a == null || a.isBefore(b)) ? b : a;
	}

}

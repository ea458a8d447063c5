package com.wacampaigns.dispatcher.sending;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.common.collect.Lists;
import com.google.common.util.concurrent.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.DispatchRequested;
import com.wacampaigns.common.events.DispatchRetryScheduled;
import com.wacampaigns.common.events.StatusReported;
import com.wacampaigns.dispatcher.DispatcherProperties;
import com.wacampaigns.dispatcher.health.SenderHealth;
import com.wacampaigns.dispatcher.metrics.DispatchMetrics;
import com.wacampaigns.dispatcher.ratelimit.RateLimiters;
import com.wacampaigns.dispatcher.sending.OutcomePolicy.Decision;

/**
 * Sends one consumer batch of dispatch records (or of retries). Each campaign in the
 * batch proceeds on its own virtual thread, so no campaign waits behind another's limiter
 * or workers; within a campaign, recipients are claimed a chunk at a time (one statement
 * each) just before their sends, so that a pause stops the sending within a chunk. Every
 * outcome is published to {@code whatsapp.status}, and the batch returns only once Kafka
 * has them all. What each outcome leads to is {@link OutcomePolicy}'s decision; this
 * class carries it out.
 */
@Service
public class CampaignDispatch {

	private static final Logger log = LoggerFactory.getLogger(CampaignDispatch.class);

	/** Claim about a fifth of a second of the campaign's rate at a time. */
	private static final int CHUNKS_PER_SECOND = 5;

	private static final int MAX_CHUNK = 200;

	private final RecipientClaims claims;

	private final SendAttempts sendAttempts;

	private final CloudApiClient cloudApi;

	private final Senders senders;

	private final RateLimiters limiters;

	private final SenderHealth health;

	private final KafkaTemplate<String, Object> kafka;

	private final Clock clock = Clock.systemUTC();

	private final OutcomePolicy policy;

	private final Semaphore inFlight;

	private final DispatchMetrics metrics;

	CampaignDispatch(RecipientClaims claims, SendAttempts sendAttempts, CloudApiClient cloudApi, Senders senders,
			RateLimiters limiters, SenderHealth health, KafkaTemplate<String, Object> kafka,
			DispatcherProperties properties, DispatchMetrics metrics) {
		this.claims = claims;
		this.sendAttempts = sendAttempts;
		this.cloudApi = cloudApi;
		this.senders = senders;
		this.limiters = limiters;
		this.health = health;
		this.kafka = kafka;
		this.policy = new OutcomePolicy(properties.retry(), properties.marketingLimit(), this.clock);
		this.inFlight = new Semaphore(properties.maxInFlight());
		this.metrics = metrics;
	}

	/** First attempts, from {@code campaign.dispatch}. */
	public void dispatch(List<DispatchRequested> batch) {
		run(batch.stream().map(Attempt::first).toList());
	}

	/**
	 * Retries, from {@code campaign.dispatch.retry}: each waits for its time, which only
	 * holds up the retry topic's partition, never the first attempts.
	 */
	public void retry(List<DispatchRetryScheduled> batch) {
		List<DispatchRetryScheduled> waiting = new ArrayList<>(batch);
		waiting.sort(Comparator.comparing(DispatchRetryScheduled::notBefore));
		while (!waiting.isEmpty()) {
			sleepUntil(waiting.get(0).notBefore());
			Instant now = this.clock.instant();
			List<Attempt> due = new ArrayList<>();
			while (!waiting.isEmpty() && !waiting.get(0).notBefore().isAfter(now)) {
				DispatchRetryScheduled scheduled = waiting.remove(0);
				due.add(new Attempt(scheduled.request(), scheduled.attemptsMade(), true));
			}
			run(due);
		}
	}

	private void run(List<Attempt> attempts) {
		Map<UUID, List<Attempt>> byCampaign = new LinkedHashMap<>();
		for (Attempt attempt : attempts) {
			byCampaign.computeIfAbsent(attempt.request().campaignId(), (id) -> new ArrayList<>()).add(attempt);
		}
		Outcomes outcomes = new Outcomes(this.kafka);
		try (ExecutorService campaigns = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> running = new ArrayList<>();
			byCampaign.values()
				.forEach((records) -> running.add(campaigns.submit(() -> dispatchCampaign(records, outcomes))));
			for (Future<?> campaign : running) {
				await(campaign);
			}
		}
		outcomes.awaitAll();
	}

	private void dispatchCampaign(List<Attempt> attempts, Outcomes outcomes) {
		DispatchRequested first = attempts.get(0).request();
		Optional<Sender> found = this.senders.byPhoneNumberId(first.phoneNumberId());
		if (found.isEmpty() || !found.get().connected()) {
			// Left as they are: PENDING ones are fed again once the sender is connected
			// and the campaign resumed.
			this.claims
				.release(attempts.stream().filter(Attempt::isRetry).map((a) -> a.request().recipientId()).toList());
			log.warn("Passed over {} recipients of campaign {}: sender {} is {}", attempts.size(), first.campaignId(),
					first.phoneNumberId(), found.isEmpty() ? "unknown" : "disconnected");
			return;
		}
		Sender sender = found.get();
		RateLimiter senderLimit = this.limiters.forSender(sender.phoneNumberId(), sender.messagesPerSecond());
		RateLimiter campaignLimit = this.limiters.forCampaign(first.campaignId(), first.rateLimit());
		Semaphore workers = this.limiters.workers(first.campaignId(), first.maxWorkers());
		this.metrics.senderLimit(sender.phoneNumberId(), sender.messagesPerSecond());
		AtomicInteger senderInFlight = this.metrics.inFlight(sender.phoneNumberId());
		int chunkSize = Math.clamp(first.rateLimit() / CHUNKS_PER_SECOND, 1, MAX_CHUNK);
		Afterwards afterwards = new Afterwards();
		// Also when a later chunk failed: the sends made are settled either way.
		try (ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor()) {
			for (List<Attempt> chunk : Lists.partition(attempts, chunkSize)) {
				Set<UUID> claimed = claim(first.campaignId(), chunk, outcomes);
				for (Attempt attempt : chunk) {
					// Removing it means a record that came twice in one chunk is sent
					// once.
					if (!claimed.remove(attempt.request().recipientId())) {
						continue;
					}
					double campaignWait = campaignLimit.acquire();
					double senderWait = senderLimit.acquire();
					this.metrics.waited(senderWait, campaignWait);
					SendPermit permit = SendPermit.acquire(workers, this.inFlight, senderInFlight);
					try {
						sends.execute(() -> {
							try (permit) {
								send(sender, attempt, outcomes, afterwards);
							}
							catch (RuntimeException ex) {
								// Claimed, perhaps attempted: the reconciler settles it.
								log.warn("Sending to recipient {} of campaign {} failed",
										attempt.request().recipientId(), attempt.request().campaignId(), ex);
							}
						});
					}
					catch (RuntimeException ex) {
						// The send never started, so nothing else gives its permit back.
						permit.close();
						throw ex;
					}
				}
			}
		}
		finally {
			// Each its own statement: one failing leaves the others to be written.
			try {
				defer(afterwards.deferred, outcomes);
			}
			finally {
				try {
					this.claims.refused(
							afterwards.refused.stream().map((attempt) -> attempt.request().recipientId()).toList(),
							afterwards.refused.stream().map(Attempt::attemptsMade).toList());
				}
				finally {
					this.claims.release(afterwards.released);
				}
			}
		}
	}

	/**
	 * Recipients Meta's per-user marketing limit held back wait PENDING until their time;
	 * those that already waited as often as they may fail.
	 */
	private void defer(List<Decision.Defer> deferrals, Outcomes outcomes) {
		if (deferrals.isEmpty()) {
			return;
		}
		Decision.Defer latest = deferrals.stream().max(Comparator.comparing(Decision.Defer::until)).orElseThrow();
		Set<UUID> waiting = this.claims.defer(deferrals.stream().map((defer) -> defer.failed().recipientId()).toList(),
				latest.until(), latest.maxDeferrals(), latest.failed().errorCode(), latest.failed().errorMessage());
		for (Decision.Defer defer : deferrals) {
			if (!waiting.contains(defer.failed().recipientId())) {
				outcomes.publish(defer.failed());
			}
		}
	}

	private Set<UUID> claim(UUID campaignId, List<Attempt> chunk, Outcomes outcomes) {
		List<UUID> ids = chunk.stream().map((attempt) -> attempt.request().recipientId()).toList();
		if (!chunk.get(0).isRetry()) {
			RecipientClaims.Claim claim = this.claims.claim(campaignId, ids);
			for (UUID suppressed : claim.suppressed()) {
				outcomes.publish(StatusReported.skipped(campaignId, suppressed, "On the suppression list",
						this.clock.instant()));
			}
			return claim.claimed();
		}
		return this.claims.claimRetry(campaignId, ids, chunk.stream().map(Attempt::attemptsMade).toList()).claimed();
	}

	private void send(Sender sender, Attempt claimed, Outcomes outcomes, Afterwards afterwards) {
		DispatchRequested record = claimed.request();
		OptionalInt attempts = this.sendAttempts.record(record.recipientId());
		if (attempts.isEmpty()) {
			return;
		}
		Attempt attempt = new Attempt(record, attempts.getAsInt(), claimed.isRetry());
		Instant started = this.clock.instant();
		SendOutcome outcome = this.cloudApi.send(sender, record);
		carryOut(this.policy.decide(record, outcome, attempt.attemptsMade()), sender, attempt, started, outcomes,
				afterwards);
	}

	/**
	 * Does what the policy decided.
	 * @param started when the send started: a sender's failures and successes count in
	 * the order of their sends
	 */
	private void carryOut(Decision decision, Sender sender, Attempt attempt, Instant started, Outcomes outcomes,
			Afterwards afterwards) {
		DispatchRequested record = attempt.request();
		switch (decision) {
			case Decision.Accept accept -> {
				this.health.succeeded(sender.id(), started);
				outcomes.publish(accept.accepted());
			}
			case Decision.Fail fail -> outcomes.publish(fail.failed());
			case Decision.Defer defer -> {
				afterwards.deferred.add(defer);
				this.metrics.deferred(defer.failed().errorCode());
			}
			case Decision.RetryAt retry -> {
				if (retry.retry().lastCode() == GraphErrors.THROUGHPUT_REACHED) {
					this.limiters.throttled(sender.phoneNumberId());
				}
				outcomes.retry(retry.retry());
				afterwards.refused.add(attempt);
				this.metrics.retryScheduled(retry.retry().lastCode());
			}
			case Decision.LeaveUnknown unknown -> log.warn(
					"Outcome of the send to recipient {} of campaign {} is unknown ({}); it is not sent again, and stays SENDING until its webhook or the reconciler settles it",
					record.recipientId(), record.campaignId(), unknown.reason());
			case Decision.Release release -> afterwards.released.add(record.recipientId());
			case Decision.PauseForTemplate pause -> {
				if (afterwards.once("pause " + record.campaignId())) {
					this.health.pauseForTemplate(record.campaignId(), pause.reason());
				}
				afterwards.released.add(record.recipientId());
			}
			case Decision.PauseSenderCampaigns pause -> {
				if (afterwards.once("pause sender " + sender.id())) {
					this.health.pauseCampaignsOf(sender.id(), pause.reason());
				}
				afterwards.released.add(record.recipientId());
			}
			case Decision.StopSenderCampaigns stop -> {
				if (afterwards.once("stop sender " + sender.id())) {
					this.health.stopCampaignsOf(sender.id(), stop.reason());
				}
				afterwards.released.add(record.recipientId());
			}
			case Decision.ConnectionFailure failure -> {
				this.metrics.senderFailure(sender.phoneNumberId());
				if (this.health.connectionFailed(sender.id(), failure.reason(), started, failure.tokenError())) {
					this.senders.forget(sender.phoneNumberId());
					afterwards.released.add(record.recipientId());
				}
				else {
					carryOut(failure.ifStillConnected(), sender, attempt, started, outcomes, afterwards);
				}
			}
		}
	}

	private void sleepUntil(Instant when) {
		Duration wait = Duration.between(this.clock.instant(), when);
		if (!wait.isNegative() && !wait.isZero()) {
			try {
				Thread.sleep(wait);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for a retry", ex);
			}
		}
	}

	private static void await(Future<?> future) {
		try {
			future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while dispatching", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Dispatching a campaign's records failed", ex.getCause());
		}
	}

	/**
	 * One send of a recipient.
	 *
	 * @param attemptsMade the recipient's attempts: before this one for a retry waiting
	 * for its claim, this one included once it is recorded; unknown (0) for a first
	 * attempt before its claim
	 * @param isRetry whether it came from the retry topic
	 */
	record Attempt(DispatchRequested request, int attemptsMade, boolean isRetry) {

		static Attempt first(DispatchRequested request) {
			return new Attempt(request, 0, false);
		}

	}

	/**
	 * Outcomes and retries of one batch, published without waiting for each, then waited
	 * for once, before the batch's offsets are committed.
	 */
	private static final class Outcomes {

		private final KafkaTemplate<String, Object> kafka;

		private final List<CompletableFuture<?>> pending = new CopyOnWriteArrayList<>();

		Outcomes(KafkaTemplate<String, Object> kafka) {
			this.kafka = kafka;
		}

		void publish(StatusReported event) {
			this.pending.add(this.kafka.send(Topics.WHATSAPP_STATUS, event.campaignId().toString(), event));
		}

		void retry(DispatchRetryScheduled retry) {
			this.pending.add(this.kafka.send(Topics.DISPATCH_RETRY, retry.request().phoneNumberId(), retry));
		}

		void awaitAll() {
			CompletableFuture.allOf(this.pending.toArray(CompletableFuture[]::new)).join();
		}

	}

	/**
	 * What a batch's sends leave to write once they are done, one statement each: sends
	 * refused for now, and claims released (nothing was sent). The pause or stop a
	 * decision asks for is made once a batch, not once per send that asked.
	 */
	private static final class Afterwards {

		private final List<Attempt> refused = new CopyOnWriteArrayList<>();

		private final List<UUID> released = new CopyOnWriteArrayList<>();

		private final List<Decision.Defer> deferred = new CopyOnWriteArrayList<>();

		private final Set<String> done = ConcurrentHashMap.newKeySet();

		boolean once(String action) {
			return this.done.add(action);
		}

	}

}

package com.wacampaigns.dispatcher.sending;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

import com.google.common.collect.Lists;
import com.google.common.util.concurrent.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

import com.wacampaigns.common.events.DispatchRequested;
import com.wacampaigns.common.events.StatusReported;
import com.wacampaigns.dispatcher.DispatcherProperties;
import com.wacampaigns.dispatcher.ratelimit.RateLimiters;

/**
 * Sends one consumer batch of dispatch records. Each campaign in the batch proceeds on
 * its own virtual thread, so no campaign waits behind another's limiter or workers;
 * within a campaign, recipients are claimed a chunk at a time (one statement each) just
 * before their sends, so that a pause stops the sending within a chunk.
 */
@Service
public class CampaignDispatch {

	private static final Logger log = LoggerFactory.getLogger(CampaignDispatch.class);

	/** Claim about a fifth of a second of the campaign's rate at a time. */
	private static final int CHUNKS_PER_SECOND = 5;

	private static final int MAX_CHUNK = 200;

	private final RecipientClaims claims;

	private final CloudApiClient cloudApi;

	private final Senders senders;

	private final RateLimiters limiters;

	private final KafkaTemplate<String, Object> kafka;

	private final DispatcherProperties.Retry retry;

	private final Clock clock;

	CampaignDispatch(RecipientClaims claims, CloudApiClient cloudApi, Senders senders, RateLimiters limiters,
			KafkaTemplate<String, Object> kafka, DispatcherProperties properties) {
		this.claims = claims;
		this.cloudApi = cloudApi;
		this.senders = senders;
		this.limiters = limiters;
		this.kafka = kafka;
		this.retry = properties.retry();
		this.clock = Clock.systemUTC();
	}

	public void dispatch(List<DispatchRequested> batch) {
		Map<UUID, List<DispatchRequested>> byCampaign = new LinkedHashMap<>();
		for (DispatchRequested record : batch) {
			byCampaign.computeIfAbsent(record.campaignId(), (id) -> new ArrayList<>()).add(record);
		}
		OutcomePublisher outcomes = new OutcomePublisher(this.kafka);
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

	private void dispatchCampaign(List<DispatchRequested> records, OutcomePublisher outcomes) {
		DispatchRequested first = records.get(0);
		Optional<Sender> found = this.senders.byPhoneNumberId(first.phoneNumberId());
		if (found.isEmpty() || !found.get().connected()) {
			// Left PENDING: the campaign resumes from PostgreSQL once the sender is
			// connected again.
			log.warn("Passed over {} recipients of campaign {}: sender {} is {}", records.size(), first.campaignId(),
					first.phoneNumberId(), found.isEmpty() ? "unknown" : "disconnected");
			return;
		}
		Sender sender = found.get();
		RateLimiter senderLimit = this.limiters.forSender(sender.phoneNumberId(), sender.messagesPerSecond());
		RateLimiter campaignLimit = this.limiters.forCampaign(first.campaignId(), first.rateLimit());
		Semaphore workers = this.limiters.workers(first.campaignId(), first.maxWorkers());
		int chunkSize = Math.clamp(first.rateLimit() / CHUNKS_PER_SECOND, 1, MAX_CHUNK);
		try (ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor()) {
			for (List<DispatchRequested> chunk : Lists.partition(records, chunkSize)) {
				RecipientClaims.Claim claim = this.claims.claim(first.campaignId(),
						chunk.stream().map(DispatchRequested::recipientId).toList());
				Set<UUID> claimed = claim.claimed();
				for (UUID suppressed : claim.suppressed()) {
					outcomes.publish(StatusReported.skipped(first.campaignId(), suppressed, "On the suppression list",
							this.clock.instant()));
				}
				for (DispatchRequested record : chunk) {
					// Removing it means a record that came twice in one chunk is sent
					// once.
					if (!claimed.remove(record.recipientId())) {
						continue;
					}
					campaignLimit.acquire();
					senderLimit.acquire();
					workers.acquireUninterruptibly();
					sends.execute(() -> {
						try {
							send(sender, record, outcomes);
						}
						finally {
							workers.release();
						}
					});
				}
			}
		}
	}

	private void send(Sender sender, DispatchRequested record, OutcomePublisher outcomes) {
		SendOutcome outcome = this.cloudApi.send(sender, record);
		for (int attempt = 1; outcome instanceof SendOutcome.RetryLater later
				&& attempt < this.retry.maxAttempts(); attempt++) {
			// In-process retry of a definite refusal; nothing was accepted, so nothing is
			// sent twice.
			sleep(backoff(attempt, later.notBefore()));
			outcome = this.cloudApi.send(sender, record);
		}
		switch (outcome) {
			case SendOutcome.Accepted accepted -> outcomes.publish(StatusReported.accepted(record.campaignId(),
					record.recipientId(), accepted.wamid(), this.clock.instant()));
			case SendOutcome.Failed failed -> outcomes.publish(StatusReported.failed(record.campaignId(),
					record.recipientId(), failed.code(), failed.message(), this.clock.instant()));
			case SendOutcome.RetryLater later ->
				outcomes.publish(StatusReported.failed(record.campaignId(), record.recipientId(), later.code(),
						"Gave up after " + this.retry.maxAttempts() + " attempts: " + later.message(),
						this.clock.instant()));
			case SendOutcome.SenderProblem problem -> {
				log.warn("Sender {} could not send to recipient {}: {}", sender, record.recipientId(),
						problem.message());
				outcomes.publish(StatusReported.failed(record.campaignId(), record.recipientId(), problem.code(),
						problem.message(), this.clock.instant()));
			}
			case SendOutcome.Unknown unknown -> log.warn(
					"Outcome of the send to recipient {} of campaign {} is unknown ({}); it stays SENDING until a webhook settles it",
					record.recipientId(), record.campaignId(), unknown.reason());
		}
	}

	private Duration backoff(int attempt, Duration notBefore) {
		long base = this.retry.initialDelay().toMillis() << Math.min(attempt - 1, 10);
		long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
		return Duration.ofMillis(Math.max(jittered, notBefore.toMillis()));
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
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

}

package com.wacampaigns.gateway.campaign;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.web.ApiException;

/**
 * Live progress of campaigns as Server-Sent Events: a {@code progress} event with the
 * counters as soon as a stream opens and whenever they changed, at most every half
 * second, and an {@code end} event when the campaign is finished (COMPLETED, STOPPED,
 * FAILED). One thread reads the rows of every watched campaign in one query each half
 * second, however many streams are open (the counters are kept there, so this never
 * counts recipients); what it has to send goes out on short-lived virtual threads, one
 * send at a time per stream, so that a client that stops reading holds up nobody else.
 * Streams are limited per user and per gateway ({@code gateway.sse.*}); one that stays
 * quiet gets a comment line every heartbeat, so that a client that went away is noticed
 * and its stream ends.
 */
@Component
class CampaignProgress implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CampaignProgress.class);

	static final Duration INTERVAL = Duration.ofMillis(500);

	private final JdbcCampaignRepository repository;

	private final GatewayProperties.Sse settings;

	private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();

	/** Open streams by user, and in all; guarded by {@code this}. */
	private final Map<UUID, Integer> streamsByUser = new HashMap<>();

	private int streams;

	private final AtomicLong ticks = new AtomicLong();

	private final AtomicLong queries = new AtomicLong();

	/** Whether the last query failed: a database outage is logged once, not each tick. */
	private boolean failing;

	private volatile boolean running;

	private ScheduledExecutorService ticker;

	private ExecutorService senders;

	CampaignProgress(JdbcCampaignRepository repository, GatewayProperties properties) {
		this.repository = repository;
		this.settings = properties.sse();
	}

	/**
	 * A stream of the progress of {@code campaign}, already checked to be the caller's.
	 * @param userId the caller, whose open streams are counted
	 * @throws ApiException a 429 with {@code Retry-After} past the open streams allowed
	 */
	SseEmitter stream(UUID userId, CampaignView campaign) {
		admit(userId);
		SseEmitter emitter = new SseEmitter(this.settings.maxLifetime().toMillis());
		Watcher watcher = new Watcher(campaign.id(), userId, emitter);
		emitter.onCompletion(() -> end(watcher));
		emitter.onError((ex) -> end(watcher));
		// At the maximum lifetime the response ends normally; clients open a new stream.
		emitter.onTimeout(() -> finish(watcher));
		this.watchers.add(watcher);
		// Sent before the response starts, so this is buffered and cannot block.
		deliver(watcher, campaign);
		// Not watched while the gateway starts or stops: the client has the counters and
		// opens a new stream.
		if (!this.running) {
			finish(watcher);
		}
		return emitter;
	}

	/** Streams open now. */
	int watching() {
		return this.watchers.size();
	}

	/** Rounds run so far, with or without anything to watch. */
	long ticks() {
		return this.ticks.get();
	}

	/** Queries those rounds made: one per round while anything is watched. */
	long queries() {
		return this.queries.get();
	}

	private synchronized void admit(UUID userId) {
		int ofUser = this.streamsByUser.getOrDefault(userId, 0);
		// A slot held by a client that went away is free again within about a heartbeat.
		if (ofUser >= this.settings.maxStreamsPerUser()) {
			throw ApiException.tooManyRequests("You have " + ofUser
					+ " live progress streams open, the most one user may: close one (each campaign open in the"
					+ " console holds one) and try again", this.settings.heartbeat());
		}
		if (this.streams >= this.settings.maxStreams()) {
			throw ApiException
				.tooManyRequests(
						"This gateway serves as many live progress streams as it may (" + this.streams
								+ "): try again later, and read GET /campaigns/{id} meanwhile",
						this.settings.heartbeat());
		}
		this.streamsByUser.merge(userId, 1, Integer::sum);
		this.streams++;
	}

	private synchronized void release(UUID userId) {
		this.streamsByUser.computeIfPresent(userId, (id, open) -> (open > 1) ? open - 1 : null);
		this.streams--;
	}

	/** Forgets a stream, once, however many of its callbacks say it ended. */
	private void end(Watcher watcher) {
		if (this.watchers.remove(watcher)) {
			release(watcher.userId);
		}
	}

	private void finish(Watcher watcher) {
		end(watcher);
		watcher.emitter.complete();
	}

	private void tick() {
		this.ticks.incrementAndGet();
		try {
			List<Watcher> watching = List.copyOf(this.watchers);
			if (!watching.isEmpty()) {
				refresh(watching);
			}
		}
		catch (RuntimeException ex) {
			// Never let one round end the schedule: the next round tries again.
			log.warn("A round of live progress updates failed; the next one follows", ex);
		}
	}

	private void refresh(List<Watcher> watching) {
		Set<UUID> ids = watching.stream().map(Watcher::campaignId).collect(Collectors.toSet());
		Map<UUID, CampaignView> campaigns;
		try {
			this.queries.incrementAndGet();
			campaigns = this.repository.findAll(ids)
				.stream()
				.collect(Collectors.toMap(CampaignView::id, Function.identity()));
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				log.warn("Could not read the counters of {} watched campaigns; live progress resumes when it can: {}",
						ids.size(), ex.getMessage());
				this.failing = true;
			}
			return;
		}
		if (this.failing) {
			log.info("Reading the counters of watched campaigns again; live progress goes on");
			this.failing = false;
		}
		long now = System.nanoTime();
		long heartbeat = this.settings.heartbeat().toNanos();
		for (Watcher watcher : watching) {
			CampaignView campaign = campaigns.get(watcher.campaignId);
			if (watcher.claimIfDue(campaign, now, heartbeat)) {
				// Sends may block on a client that stopped reading: never on this thread.
				this.senders.execute(() -> deliver(watcher, campaign));
			}
		}
	}

	/**
	 * Sends what is due to one stream and lets go of it.
	 * @param campaign the campaign as it is now; {@code null} when it was deleted
	 */
	private void deliver(Watcher watcher, CampaignView campaign) {
		try {
			if (campaign == null) {
				finish(watcher);
				return;
			}
			if (!campaign.equals(watcher.last)) {
				watcher.send(SseEmitter.event().name("progress").id(Long.toString(System.nanoTime())).data(campaign));
				watcher.last = campaign;
			}
			if (campaign.status().isFinished()) {
				watcher.send(SseEmitter.event().name("end").data(campaign));
				finish(watcher);
			}
			else if (watcher.heartbeatDue(System.nanoTime(), this.settings.heartbeat().toNanos())) {
				watcher.send(SseEmitter.event().comment("keep-alive"));
			}
		}
		catch (IOException | IllegalStateException ex) {
			log.debug("Progress stream of campaign {} left: {}", watcher.campaignId, ex.getMessage());
			end(watcher);
			watcher.emitter.completeWithError(ex);
		}
		finally {
			watcher.release();
		}
	}

	@Override
	public void start() {
		this.senders = Executors
			.newThreadPerTaskExecutor(Thread.ofVirtual().name("campaign-progress-send-", 0).factory());
		this.ticker = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("campaign-progress").daemon().factory());
		this.ticker.scheduleWithFixedDelay(this::tick, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
		this.running = true;
	}

	/**
	 * Ends every open stream. Open streams would hold the web server's graceful shutdown
	 * (a later phase) until their lifetime ends; clients open a new one elsewhere.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.ticker.shutdownNow();
		List.copyOf(this.watchers).forEach(this::finish);
		this.senders.shutdown();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * One open stream. It is sent to by one thread at a time, the one that claimed it,
	 * which also makes {@code last} and {@code lastSent} safe to use without a lock.
	 */
	private static final class Watcher {

		private final UUID campaignId;

		private final UUID userId;

		private final SseEmitter emitter;

		/** Claimed from the start: the opening send comes first. */
		private final AtomicBoolean claimed = new AtomicBoolean(true);

		private CampaignView last;

		private long lastSent = System.nanoTime();

		private Watcher(UUID campaignId, UUID userId, SseEmitter emitter) {
			this.campaignId = campaignId;
			this.userId = userId;
			this.emitter = emitter;
		}

		private UUID campaignId() {
			return this.campaignId;
		}

		/**
		 * Claims this stream when something is due: the campaign changed or is gone, or
		 * the stream has been quiet for a heartbeat. A stream whose last send has not
		 * returned yet is left alone.
		 */
		private boolean claimIfDue(CampaignView now, long nanos, long heartbeat) {
			if (!this.claimed.compareAndSet(false, true)) {
				return false;
			}
			boolean due = now == null || !now.equals(this.last) || heartbeatDue(nanos, heartbeat);
			if (!due) {
				this.claimed.set(false);
			}
			return due;
		}

		private boolean heartbeatDue(long nanos, long heartbeat) {
			return nanos - this.lastSent >= heartbeat;
		}

		private void send(SseEmitter.SseEventBuilder event) throws IOException {
			this.emitter.send(event);
			this.lastSent = System.nanoTime();
		}

		private void release() {
			this.claimed.set(false);
		}

	}

}

package com.wacampaigns.dispatcher.sending;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.events.DispatchRetryScheduled;

/**
 * Retries from {@code campaign.dispatch.retry}, held on the instance that owns their
 * partition until they are due, then sent through the same limiters as the sender's first
 * sends.
 * <p>
 * The retry topic is read by the same consumers as {@code campaign.dispatch} (one group,
 * range assignment, both topics keyed by sender with as many partitions), so a sender's
 * first sends and retries are paced on one instance. A retry that is not due must
 * therefore not hold up the poll thread: it waits here, and its offset is not committed
 * until it is done ({@link #committable}), so a dispatcher that dies or loses the
 * partition leaves it to be read again by the next owner (which finds it already done, by
 * the claim's attempt count, or sends it).
 * <p>
 * Hand-made rather than spring-kafka's {@code @RetryableTopic}: that retries a record
 * whose listener threw, one record at a time, on a topic per delay, whereas here a batch
 * listener sends hundreds of records at once and only some come back refused, each with
 * its own due time (Meta's {@code Retry-After} or our backoff); and a retry must not run
 * when the recipient's row no longer expects it
 * ({@code DispatchRetryScheduled.attemptsMade}: paused, retried by hand, settled
 * meanwhile).
 */
@Component
class WaitingRetries implements ConsumerAwareRebalanceListener {

	private static final Logger log = LoggerFactory.getLogger(WaitingRetries.class);

	/**
	 * How long retries whose sending failed (the database away) wait to be tried again.
	 */
	private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

	/** How long a partition given up waits for its retries being sent. */
	private static final Duration REVOKE_WAIT = Duration.ofSeconds(60);

	private final CampaignDispatch dispatch;

	private final Clock clock = Clock.systemUTC();

	private final ScheduledExecutorService timer = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("retry-timer").daemon().factory());

	private final Set<Thread> sending = ConcurrentHashMap.newKeySet();

	/** Retries being sent. */
	private final Set<Held> inFlight = new HashSet<>();

	/** Retries not yet sent, earliest due first. */
	private final PriorityQueue<Held> waiting = new PriorityQueue<>(
			(a, b) -> a.retry().notBefore().compareTo(b.retry().notBefore()));

	/** Per owned partition, the retries not done (waiting or being sent) by offset. */
	private final Map<TopicPartition, TreeMap<Long, Held>> unfinished = new HashMap<>();

	/** Per owned partition, the offset after the last record read. */
	private final Map<TopicPartition, Long> nextToRead = new HashMap<>();

	WaitingRetries(CampaignDispatch dispatch, MeterRegistry meters) {
		this.dispatch = dispatch;
		Gauge.builder("dispatch.retries.waiting", this, WaitingRetries::count)
			.description("Retries this instance holds until they are due or sent")
			.register(meters);
	}

	/** Holds a retry until it is due; a record read again (a batch tried again) once. */
	synchronized void hold(ConsumerRecord<String, ?> record, DispatchRetryScheduled retry) {
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		Held held = new Held(partition, record.offset(), retry);
		if (this.unfinished.computeIfAbsent(partition, (p) -> new TreeMap<>())
			.putIfAbsent(record.offset(), held) != null) {
			return;
		}
		this.waiting.add(held);
		schedule(Duration.between(this.clock.instant(), retry.notBefore()));
	}

	/**
	 * What a consumer may commit after a batch: for every partition it owns and has read,
	 * the offset after its last record, or the offset of its earliest retry not done
	 * (also for a retry partition the batch did not read: its retries may be done since).
	 */
	synchronized Map<TopicPartition, OffsetAndMetadata> committable(List<? extends ConsumerRecord<?, ?>> batch,
			Set<TopicPartition> owned) {
		for (ConsumerRecord<?, ?> record : batch) {
			this.nextToRead.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1,
					Math::max);
		}
		return committable(owned);
	}

	private Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> partitions) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		for (TopicPartition partition : partitions) {
			Long next = this.nextToRead.get(partition);
			if (next == null) {
				continue;
			}
			TreeMap<Long, Held> open = this.unfinished.get(partition);
			long offset = (open == null || open.isEmpty()) ? next : Math.min(next, open.firstKey());
			offsets.put(partition, new OffsetAndMetadata(offset));
		}
		return offsets;
	}

	/**
	 * A partition moves to another instance: its retries not yet sent are let go, the
	 * ones being sent are waited for (the new owner must not send them at the same time),
	 * and what is done is committed; the new owner reads the rest from there.
	 */
	@Override
	public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		Map<TopicPartition, OffsetAndMetadata> offsets;
		synchronized (this) {
			this.waiting.removeIf((held) -> partitions.contains(held.partition()));
			long deadline = System.nanoTime() + REVOKE_WAIT.toNanos();
			while (this.inFlight.stream().anyMatch((held) -> partitions.contains(held.partition()))) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					log.warn("Retries of partitions {} still being sent after {}; let go", partitions, REVOKE_WAIT);
					break;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			offsets = committable(partitions);
		}
		try {
			if (!offsets.isEmpty()) {
				consumer.commitSync(offsets);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not commit the retries done before giving up partitions {}", partitions, ex);
		}
		forget(partitions);
	}

	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		forget(partitions);
	}

	private synchronized void forget(Collection<TopicPartition> partitions) {
		for (TopicPartition partition : partitions) {
			this.unfinished.remove(partition);
			this.nextToRead.remove(partition);
		}
		this.waiting.removeIf((held) -> partitions.contains(held.partition()));
	}

	private void schedule(Duration delay) {
		try {
			this.timer.schedule(this::sendDue, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: the retries are read again by the partition's next owner.
		}
	}

	/** Sends the retries that are due, each time on a virtual thread of their own. */
	private void sendDue() {
		List<Held> due = new ArrayList<>();
		synchronized (this) {
			Instant now = this.clock.instant();
			while (!this.waiting.isEmpty() && !this.waiting.peek().retry().notBefore().isAfter(now)) {
				due.add(this.waiting.poll());
			}
			this.inFlight.addAll(due);
			if (!this.waiting.isEmpty()) {
				// The timer may fire a little early; the head is looked at again then.
				schedule(Duration.between(now, this.waiting.peek().retry().notBefore()));
			}
		}
		if (due.isEmpty()) {
			return;
		}
		Thread thread = Thread.ofVirtual().name("retries").unstarted(() -> send(due));
		this.sending.add(thread);
		thread.start();
	}

	private void send(List<Held> due) {
		try {
			this.dispatch.retry(due.stream().map(Held::retry).toList());
			done(due);
		}
		catch (RuntimeException ex) {
			log.warn("Sending {} retries failed; they are tried again in {}", due.size(), AFTER_FAILURE, ex);
			again(due);
		}
		finally {
			this.sending.remove(Thread.currentThread());
		}
	}

	private synchronized void done(List<Held> sent) {
		sent.forEach(this.inFlight::remove);
		notifyAll();
		for (Held held : sent) {
			TreeMap<Long, Held> open = this.unfinished.get(held.partition());
			// Only this very retry: the partition may have been revoked and read again.
			if (open != null && open.get(held.offset()) == held) {
				open.remove(held.offset());
			}
		}
	}

	private synchronized void again(List<Held> failed) {
		failed.forEach(this.inFlight::remove);
		notifyAll();
		for (Held held : failed) {
			TreeMap<Long, Held> open = this.unfinished.get(held.partition());
			if (open != null && open.get(held.offset()) == held) {
				Held later = held.at(this.clock.instant().plus(AFTER_FAILURE));
				open.put(held.offset(), later);
				this.waiting.add(later);
			}
		}
		schedule(AFTER_FAILURE);
	}

	private synchronized int count() {
		return this.unfinished.values().stream().mapToInt(Map::size).sum();
	}

	@PreDestroy
	void stop() throws InterruptedException {
		this.timer.shutdownNow();
		for (Thread thread : List.copyOf(this.sending)) {
			thread.join(Duration.ofSeconds(10));
		}
	}

	/** A retry read at this offset of this partition. */
	private record Held(TopicPartition partition, long offset, DispatchRetryScheduled retry) {

		Held at(Instant notBefore) {
			return new Held(this.partition, this.offset, new DispatchRetryScheduled(this.retry.request(),
					this.retry.attemptsMade(), notBefore, this.retry.lastCode(), this.retry.lastMessage()));
		}

	}

}

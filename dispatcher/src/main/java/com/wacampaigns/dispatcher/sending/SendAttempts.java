package com.wacampaigns.dispatcher.sending;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes down each send attempt before its request goes to Meta: {@code attempted_at} and
 * one more in {@code retry_count}, on a row that is still SENDING. After a crash this is
 * what tells a claim that was never sent (safe to feed again) from a send whose outcome
 * is unknown (never sent again by itself). Attempts are group-committed: while one
 * statement runs, the next ones queue up and go together, so a busy dispatcher writes a
 * few statements per second, not one per message.
 */
@Component
class SendAttempts implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SendAttempts.class);

	private static final int MAX_BATCH = 1000;

	private static final String RECORD = """
			UPDATE campaign_recipients
			SET attempted_at = now(), retry_count = retry_count + 1
			WHERE id = ANY(:ids::uuid[]) AND status = 'SENDING'
			RETURNING id, retry_count
			""";

	private final JdbcClient jdbc;

	private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();

	private final Thread writer;

	private volatile boolean running = true;

	SendAttempts(JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.writer = Thread.ofVirtual().name("send-attempts").start(this::writeLoop);
	}

	/**
	 * Records an attempt and waits until it is durable.
	 * @return the recipient's attempts, this one included; empty when the row is no
	 * longer SENDING (the claim was taken back), and then nothing may be sent
	 */
	OptionalInt record(UUID recipientId) {
		Request request = new Request(recipientId, new CompletableFuture<>());
		this.queue.add(request);
		try {
			return request.done().join();
		}
		catch (CompletionException ex) {
			throw new IllegalStateException("Could not record the send attempt of recipient " + recipientId,
					ex.getCause());
		}
	}

	private void writeLoop() {
		List<Request> batch = new ArrayList<>();
		while (this.running) {
			try {
				batch.add(this.queue.take());
			}
			catch (InterruptedException ex) {
				return;
			}
			this.queue.drainTo(batch, MAX_BATCH - 1);
			write(batch);
			batch.clear();
		}
	}

	private void write(List<Request> batch) {
		try {
			Map<UUID, Integer> attempts = new HashMap<>();
			this.jdbc.sql(RECORD)
				.param("ids", batch.stream().map((request) -> request.recipientId().toString()).toArray(String[]::new))
				.query((rs) -> {
					attempts.put(rs.getObject("id", UUID.class), rs.getInt("retry_count"));
				});
			for (Request request : batch) {
				Integer count = attempts.get(request.recipientId());
				request.done().complete((count != null) ? OptionalInt.of(count) : OptionalInt.empty());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not record {} send attempts; they are not sent", batch.size(), ex);
			batch.forEach((request) -> request.done().completeExceptionally(ex));
		}
	}

	@Override
	public void destroy() {
		this.running = false;
		this.writer.interrupt();
		// Nothing is sent for attempts that were not written down.
		List<Request> left = new ArrayList<>();
		this.queue.drainTo(left);
		IllegalStateException stopping = new IllegalStateException("The dispatcher is stopping");
		left.forEach((request) -> request.done().completeExceptionally(stopping));
	}

	private record Request(UUID recipientId, CompletableFuture<OptionalInt> done) {

	}

}

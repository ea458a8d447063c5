package com.wacampaigns.gateway.outbound;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.OutboundEvent;

/**
 * Moves what the database's triggers wrote to {@code outbound_outbox} (campaigns'
 * statuses, opt-outs and opt-ins) to {@code outbound.events}: a batch of rows is taken
 * and deleted in one transaction that commits only once Kafka acknowledged every event. A
 * gateway that dies in between leaves the rows, and they go again under the same event
 * ids. Gateways take turns row by row ({@code SKIP LOCKED}).
 */
@Component
class OutboxRelay implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private static final Duration INTERVAL = Duration.ofMillis(250);

	private static final int BATCH = 500;

	private static final TypeReference<Map<String, Object>> DATA = new TypeReference<>() {
	};

	private static final String TAKE = """
			DELETE FROM outbound_outbox
			WHERE id IN (SELECT id FROM outbound_outbox ORDER BY id LIMIT :batch FOR UPDATE SKIP LOCKED)
			RETURNING id, user_id, event_id, type, created_at, data::text AS data
			""";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final KafkaTemplate<String, Object> kafka;

	private final JsonMapper json;

	OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, Object> kafka,
			JsonMapper json) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.kafka = kafka;
		this.json = json;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(new FixedDelayTask(this::relayAll, INTERVAL, INTERVAL));
	}

	void relayAll() {
		try {
			while (relay() == BATCH) {
				// More are waiting: go on at once.
			}
		}
		catch (RuntimeException ex) {
			log.warn("Outbound events could not be moved to Kafka; they stay and are tried again", ex);
		}
	}

	/**
	 * @return events moved
	 */
	int relay() {
		Integer moved = this.transactions.execute((status) -> {
			List<OutboundEvent> events = this.jdbc.sql(TAKE)
				.param("batch", BATCH)
				.query((rs, row) -> new OutboundEvent(rs.getString("event_id"), rs.getString("type"),
						rs.getObject("user_id", UUID.class),
						rs.getObject("created_at", OffsetDateTime.class).toInstant(),
						this.json.readValue(rs.getString("data"), DATA)))
				.list();
			CompletableFuture
				.allOf(events.stream()
					.map((event) -> this.kafka.send(Topics.OUTBOUND_EVENTS, event.userId().toString(), event))
					.toArray(CompletableFuture[]::new))
				.join();
			return events.size();
		});
		return (moved != null) ? moved : 0;
	}

}

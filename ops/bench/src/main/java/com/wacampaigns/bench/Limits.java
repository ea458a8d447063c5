package com.wacampaigns.bench;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;

import com.wacampaigns.common.graph.CallbackData;
import com.wacampaigns.common.graph.SendMessageRequest;
import com.wacampaigns.gateway.copy.BinaryCopy;
import com.wacampaigns.localstack.Infrastructure;
import com.wacampaigns.simulator.SimulatorSettings;
import com.wacampaigns.simulator.WhatsAppSimulator;

/**
 * The ceilings of this machine, measured with the same broker, database and HTTP client
 * as the scenarios: raw Kafka produce and consume of 1 KB-ish JSON records, raw POSTs to
 * the simulator, PostgreSQL COPY (as CSV and in binary) and batched UPDATE by primary
 * key.
 */
final class Limits {

	private static final int KAFKA_RECORDS = 300_000;

	private static final int HTTP_REQUESTS = 60_000;

	private static final int HTTP_CONCURRENCY = 128;

	private static final int PG_ROWS = 300_000;

	private static final int PG_BATCH = 1000;

	private Limits() {
	}

	static Map<String, Object> measure(Infrastructure infrastructure) throws Exception {
		return measure(infrastructure.kafkaBootstrapServers(), infrastructure.databaseFor(Limits.class));
	}

	static Map<String, Object> measure(String bootstrapServers, String jdbcUrl) throws Exception {
		Map<String, Object> limits = new LinkedHashMap<>();
		double[] kafka = kafka(bootstrapServers);
		limits.put("kafka_produce_per_s", kafka[0]);
		limits.put("kafka_consume_per_s", kafka[1]);
		limits.put("http_requests_per_s", http());
		double[] pg = postgres(jdbcUrl);
		limits.put("pg_copy_rows_per_s", pg[0]);
		limits.put("pg_copy_binary_rows_per_s", pg[2]);
		limits.put("pg_update_rows_per_s", pg[1]);
		return limits;
	}

	private static double[] kafka(String bootstrapServers) throws Exception {
		String topic = "bench.limits." + UUID.randomUUID();
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
			admin.createTopics(List.of(new NewTopic(topic, 8, (short) 1))).all().get();
		}
		String value = "{\"campaignId\":\"" + UUID.randomUUID() + "\",\"recipientId\":\"" + UUID.randomUUID()
				+ "\",\"payload\":\"" + "x".repeat(900) + "\"}";
		Properties producerConfig = new Properties();
		producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
		producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
		producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 10);
		producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
		long start = System.nanoTime();
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
				new StringSerializer())) {
			for (int i = 0; i < KAFKA_RECORDS; i++) {
				producer.send(new ProducerRecord<>(topic, Integer.toString(i), value));
			}
			producer.flush();
		}
		double produced = KAFKA_RECORDS / seconds(start);
		Properties consumerConfig = new Properties();
		consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
		consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
		int consumed = 0;
		start = System.nanoTime();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of(topic));
			while (consumed < KAFKA_RECORDS && seconds(start) < 120) {
				consumed += consumer.poll(Duration.ofMillis(200)).count();
			}
		}
		return new double[] { produced, consumed / seconds(start) };
	}

	/** POSTs of a real template message through the dispatcher's kind of client. */
	private static double http() throws Exception {
		try (WhatsAppSimulator simulator = WhatsAppSimulator.start(SimulatorSettings.defaults("bench"))) {
			simulator.registerNumber("1000", "+15550000000", "token");
			HttpClient client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.executor(Executors.newVirtualThreadPerTaskExecutor())
				.build();
			byte[] body = tools.jackson.databind.json.JsonMapper.builder()
				.build()
				.writeValueAsBytes(SendMessageRequest.template("+919800000000", "order_update", "en_US",
						List.of("Ana", "42"), new CallbackData(UUID.randomUUID(), UUID.randomUUID()).encode()));
			HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v23.0/1000/messages"))
				.header("Authorization", "Bearer token")
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build();
			runHttp(client, request, HTTP_REQUESTS / 10);
			long start = System.nanoTime();
			runHttp(client, request, HTTP_REQUESTS);
			return HTTP_REQUESTS / seconds(start);
		}
	}

	private static void runHttp(HttpClient client, HttpRequest request, int count) throws InterruptedException {
		AtomicInteger left = new AtomicInteger(count);
		try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < HTTP_CONCURRENCY; i++) {
				workers.execute(() -> {
					while (left.decrementAndGet() >= 0) {
						try {
							client.send(request, HttpResponse.BodyHandlers.discarding());
						}
						catch (IOException ex) {
							throw new IllegalStateException(ex);
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
							return;
						}
					}
				});
			}
		}
	}

	private static double[] postgres(String jdbcUrl) throws SQLException, IOException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("DROP TABLE IF EXISTS bench_rows");
				statement.execute("""
						CREATE TABLE bench_rows (id uuid PRIMARY KEY, sequence bigint NOT NULL, phone text NOT NULL,
						                         status text NOT NULL, parameters jsonb NOT NULL)""");
				statement.execute("CREATE INDEX ON bench_rows (status)");
			}
			List<UUID> ids = new ArrayList<>(PG_ROWS);
			String[] phones = new String[PG_ROWS];
			StringBuilder csv = new StringBuilder(PG_ROWS * 100);
			for (int i = 0; i < PG_ROWS; i++) {
				UUID id = UUID.randomUUID();
				ids.add(id);
				phones[i] = "+9198" + String.format("%08d", i);
				csv.append(id)
					.append(',')
					.append(i)
					.append(',')
					.append(phones[i])
					.append(",PENDING,\"{\"\"1\"\": \"\"Ana\"\", \"\"2\"\": \"\"42\"\"}\"\n");
			}
			long start = System.nanoTime();
			connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("COPY bench_rows FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
			double copy = PG_ROWS / seconds(start);
			// The same rows in the binary format the CSV import writes, formatted before
			// the
			// clock starts as the CSV was.
			try (Statement statement = connection.createStatement()) {
				statement.execute("TRUNCATE bench_rows");
			}
			start = System.nanoTime();
			try (BinaryCopy rows = new BinaryCopy(connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("COPY bench_rows FROM STDIN (FORMAT binary)"))) {
				byte[] parameters = BinaryCopy.encodeText(0, "{\"1\": \"Ana\", \"2\": \"42\"}");
				for (int i = 0; i < PG_ROWS; i++) {
					rows.row(5).uuid(ids.get(i)).int8(i).text(phones[i]).text("PENDING").encoded(parameters);
				}
				rows.finish();
			}
			double binaryCopy = PG_ROWS / seconds(start);
			try (PreparedStatement update = connection.prepareStatement("""
					UPDATE bench_rows b SET status = u.status
					FROM unnest(?::uuid[], ?::text[]) AS u (id, status)
					WHERE b.id = u.id""")) {
				start = System.nanoTime();
				for (int from = 0; from < PG_ROWS; from += PG_BATCH) {
					List<UUID> batch = ids.subList(from, Math.min(from + PG_BATCH, PG_ROWS));
					update.setArray(1, connection.createArrayOf("uuid", batch.toArray()));
					update.setArray(2, connection.createArrayOf("text", batch.stream().map((id) -> "SENT").toArray()));
					update.executeUpdate();
				}
			}
			double updated = PG_ROWS / seconds(start);
			try (Statement statement = connection.createStatement()) {
				statement.execute("DROP TABLE bench_rows");
			}
			return new double[] { copy, updated, binaryCopy };
		}
	}

	static double seconds(long startNanos) {
		return Math.max((System.nanoTime() - startNanos) / 1e9, 1e-9);
	}

}

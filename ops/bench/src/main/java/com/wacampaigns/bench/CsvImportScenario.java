package com.wacampaigns.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.DemoData.Credentials;
import com.wacampaigns.localstack.GatewayClient;
import com.wacampaigns.localstack.Infrastructure;
import com.wacampaigns.localstack.LocalPostgres;
import com.wacampaigns.localstack.Seeder;
import com.wacampaigns.localstack.StackApps;
import com.wacampaigns.localstack.StackApps.App;
import com.wacampaigns.localstack.StackSecrets;
import com.wacampaigns.localstack.launcher.SupervisedApp;

/**
 * {@code csv-import}: a CSV of {@code --rows} recipients (default 1,000,000, one row in
 * ten bad) posted to the import endpoint as a stream, to a gateway running in its own
 * process with {@code -Xmx256m}; rows per second and the gateway's peak heap.
 */
final class CsvImportScenario {

	private static final String SCRAPE_TOKEN = UUID.randomUUID() + "-" + UUID.randomUUID();

	private static final String GATEWAY_HEAP = "256m";

	private final int rows;

	CsvImportScenario(Map<String, String> options) {
		this.rows = Integer.parseInt(options.getOrDefault("rows", "1000000"));
	}

	BenchReport run() throws Exception {
		Infrastructure infrastructure = Infrastructure.shared();
		Map<String, Object> limits = Limits.measure(infrastructure);
		Path file = Files.createTempFile("recipients", ".csv");
		long bad = write(file, this.rows);
		StackSecrets secrets = StackSecrets.generate();
		String database = infrastructure.databaseFor(CsvImportScenario.class);
		int port = freePort();
		// The gateway in a process of its own with the heap the target allows, so
		// heap_mb is the gateway's and an import that needed more would fail.
		StackApps apps = new StackApps(infrastructure.kafkaBootstrapServers(), database,
				URI.create("http://127.0.0.1:9"), secrets);
		Path logs = Files.createTempDirectory("bench-gateway");
		Map<String, String> settings = new LinkedHashMap<>(apps.properties(App.API_GATEWAY, port));
		// The gateway's metrics are not public: the heap sampler reads them with this.
		settings.put("gateway.actuator.scrape-token", SCRAPE_TOKEN);
		SupervisedApp gateway = new SupervisedApp(App.API_GATEWAY,
				SupervisedApp.jarOf(Path.of("").toAbsolutePath(), App.API_GATEWAY), port, settings, logs, GATEWAY_HEAP);
		gateway.start();
		try {
			gateway.awaitHealthy();
			String url = "http://127.0.0.1:" + port;
			DataSource dataSource = new DriverManagerDataSource(database, LocalPostgres.USER, "");
			DemoData.seed(dataSource, secrets, new Credentials("demo", "demo"), new Credentials("admin", "admin"),
					1000);
			GatewayClient client = new GatewayClient(URI.create(url)).login("demo", "demo");
			Seeder seeder = new Seeder(dataSource);
			UUID warmUp = seeder.campaign().owner(DemoData.DEMO_USER_ID).template(DemoData.TEMPLATE_ID).create();
			Path small = Files.createTempFile("warmup", ".csv");
			write(small, 100_000);
			post(url, client, warmUp, small);
			UUID campaign = seeder.campaign().owner(DemoData.DEMO_USER_ID).template(DemoData.TEMPLATE_ID).create();
			System.out.printf("CSV import: %,d rows (%,d bad), %,d MB, gateway -Xmx%s...%n", this.rows, bad,
					Files.size(file) >> 20, GATEWAY_HEAP);
			AtomicLong peak = new AtomicLong();
			// Four scrapes a second: each one costs the gateway CPU that the import is
			// measured on.
			Thread sampler = Thread.ofPlatform().daemon().start(() -> {
				while (!Thread.currentThread().isInterrupted()) {
					peak.accumulateAndGet(heapUsed(url), Math::max);
					try {
						Thread.sleep(250);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
			long start = System.nanoTime();
			JsonNode report = post(url, client, campaign, file);
			double seconds = Limits.seconds(start);
			sampler.interrupt();
			Files.deleteIfExists(small);
			return new BenchReport("csv-import").figure("rows_per_s", this.rows / seconds)
				.figure("imported_rows", report.get("imported").asLong())
				.figure("rejected_rows", report.get("rejected").asLong())
				.figure("heap_mb", peak.get() / (1024 * 1024))
				.figure("gateway_max_heap", GATEWAY_HEAP)
				.figure("seconds", seconds)
				.limits(limits);
		}
		finally {
			gateway.stop();
			Files.deleteIfExists(file);
		}
	}

	/**
	 * The gateway's heap in use now, from its own metrics (0 when it does not answer).
	 */
	private static long heapUsed(String gateway) {
		try {
			String scrape = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(gateway + "/actuator/prometheus"))
					.header("Authorization", "Bearer " + SCRAPE_TOKEN)
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
			return scrape.lines()
				.filter((line) -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
				.mapToLong((line) -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}
		catch (Exception ex) {
			return 0;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static JsonNode post(String gateway, GatewayClient client, UUID campaign, Path file) throws Exception {
		String token = client.call("POST", "/auth/token", Map.of("username", "demo", "password", "demo"), 200)
			.get("access_token")
			.asString();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(gateway + "/campaigns/" + campaign + "/recipients"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "text/csv")
				.POST(HttpRequest.BodyPublishers.ofFile(file))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Import answered " + response.statusCode() + ": " + response.body());
		}
		return JsonMapper.builder().build().readTree(response.body());
	}

	/** Valid Indian mobile numbers; every tenth row has a number that is not one. */
	private static long write(Path file, int rows) throws Exception {
		long bad = 0;
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("phone,name,1,2\n");
			for (int i = 1; i <= rows; i++) {
				if (i % 10 == 0) {
					out.write("12" + i + ",Bad " + i + ",x,y\n");
					bad++;
				}
				else {
					out.write(Seeder.phone(i) + ",\"Customer " + i + "\",Customer " + i + ",A-" + i + "\n");
				}
			}
		}
		return bad;
	}

}

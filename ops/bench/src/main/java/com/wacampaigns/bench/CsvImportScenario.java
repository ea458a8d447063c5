package com.wacampaigns.bench;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.GatewayClient;
import com.wacampaigns.localstack.Infrastructure;
import com.wacampaigns.localstack.Seeder;
import com.wacampaigns.localstack.StackApps.App;
import com.wacampaigns.simulator.SimulatorSettings;

/**
 * {@code csv-import}: a CSV of {@code --rows} recipients (default 1,000,000, one row in
 * ten bad) posted to the import endpoint as a stream; rows per second and the heap used
 * meanwhile.
 */
final class CsvImportScenario {

	private final int rows;

	CsvImportScenario(Map<String, String> options) {
		this.rows = Integer.parseInt(options.getOrDefault("rows", "1000000"));
	}

	BenchReport run() throws Exception {
		Infrastructure infrastructure = Infrastructure.shared();
		Map<String, Object> limits = Limits.measure(infrastructure);
		Path file = Files.createTempFile("recipients", ".csv");
		long bad = write(file, this.rows);
		try (BenchStack stack = new BenchStack(infrastructure, infrastructure.databaseFor(CsvImportScenario.class),
				List.of(App.API_GATEWAY), SimulatorSettings.defaults("bench"))) {
			GatewayClient client = new GatewayClient(URI.create(stack.gatewayUrl())).login("demo", "demo");
			Seeder seeder = new Seeder(stack.dataSource);
			UUID warmUp = seeder.campaign(DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, null, "DRAFT", 10, 1, 0);
			Path small = Files.createTempFile("warmup", ".csv");
			write(small, 50_000);
			post(stack, client, warmUp, small);
			UUID campaign = seeder.campaign(DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, null, "DRAFT", 10, 1, 0);
			System.out.printf("CSV import: %,d rows (%,d bad), %,d MB...%n", this.rows, bad, Files.size(file) >> 20);
			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			System.gc();
			long baseline = memory.getHeapMemoryUsage().getUsed();
			AtomicLong peak = new AtomicLong();
			Thread sampler = Thread.ofPlatform().daemon().start(() -> {
				while (!Thread.currentThread().isInterrupted()) {
					peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
					try {
						Thread.sleep(50);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
			long start = System.nanoTime();
			JsonNode report = post(stack, client, campaign, file);
			double seconds = Limits.seconds(start);
			sampler.interrupt();
			Files.deleteIfExists(file);
			Files.deleteIfExists(small);
			return new BenchReport("csv-import").figure("rows_per_s", this.rows / seconds)
				.figure("imported_rows", report.get("imported").asLong())
				.figure("rejected_rows", report.get("rejected").asLong())
				.figure("heap_mb", peak.get() / (1024 * 1024))
				.figure("heap_growth_mb", Math.max(0, peak.get() - baseline) / (1024 * 1024))
				.figure("seconds", seconds)
				.limits(limits);
		}
	}

	private static JsonNode post(BenchStack stack, GatewayClient client, UUID campaign, Path file) throws Exception {
		String token = client.call("POST", "/auth/token", Map.of("username", "demo", "password", "demo"), 200)
			.get("access_token")
			.asString();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/campaigns/" + campaign + "/recipients"))
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

package com.wacampaigns.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.wacampaigns.localstack.CampaignInvariants;
import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.Infrastructure;
import com.wacampaigns.localstack.SystemStack;
import com.wacampaigns.simulator.Ledger;

/**
 * {@code e2e}: everything at once. Campaigns over 20 senders are created through the REST
 * API from CSV files (multipart create), sent, and followed until every recipient is
 * READ, with the simulator's signed status webhooks going through the gateway, Kafka and
 * the ingestor. Throughput over time is sampled every second and drawn to
 * {@code ops/bench/results/e2e.png}.
 */
final class E2eScenario {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<String, String> options;

	E2eScenario(Map<String, String> options) {
		this.options = options;
	}

	BenchReport run(Path results) throws Exception {
		int recipients = Integer.parseInt(this.options.getOrDefault("recipients", "200000"));
		int senders = Integer.parseInt(this.options.getOrDefault("senders", "20"));
		int perCampaign = recipients / senders;
		Infrastructure infrastructure = Infrastructure.shared();
		Map<String, Object> limits = Limits.measure(infrastructure);
		try (SystemStack stack = SystemStack
			.on(infrastructure.kafkaBootstrapServers(), infrastructure.databaseFor(E2eScenario.class, "e2e"))
			.quiet()
			.start()) {
			Campaigns campaigns = new Campaigns(stack);
			String token = stack.client("demo", "demo").token();
			JdbcClient jdbc = JdbcClient.create(stack.dataSource());
			System.out.printf("E2e: %,d recipients in %d campaigns over %d senders, create to READ...%n",
					perCampaign * senders, senders, senders);
			Instant start = Instant.now();
			List<UUID> ids = new ArrayList<>();
			int sequence = 0;
			for (String phoneNumberId : Campaigns.phoneNumberIds(senders)) {
				UUID sender = campaigns.sender(phoneNumberId, 1000);
				ids.add(createFromCsv(stack.gatewayUrl(), token, sender, sequence, perCampaign));
				sequence += perCampaign;
			}
			double createSeconds = secondsSince(start);
			ids.forEach(campaigns::send);
			int total = perCampaign * senders;
			List<long[]> samples = new ArrayList<>();
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
			long read = 0;
			while (read < total && System.nanoTime() < deadline) {
				TimeUnit.SECONDS.sleep(1);
				read = counter(jdbc, ids, "read");
				samples.add(new long[] { stack.simulator().ledger().summary().accepted(), read });
			}
			double seconds = secondsSince(start);
			Ledger.Summary ledger = stack.simulator().ledger().summary();
			boolean countersExact = new CampaignInvariants(stack.dataSource()).countersMatchRows(ids);
			Path chart = results.resolve("e2e.png");
			drawChart(samples, chart);
			System.out.println("Throughput chart: " + chart);
			return new BenchReport("e2e").figure("msgs_per_s", read / seconds)
				.figure("seconds_total", seconds)
				.figure("create_seconds", createSeconds)
				.figure("send_msgs_per_s", peakWindowRate(samples, 0))
				.figure("read_msgs_per_s", peakWindowRate(samples, 1))
				.figure("recipients", total)
				.figure("read", read)
				.figure("counters_exact", countersExact)
				.figure("duplicates", ledger.duplicates())
				.figure("lost", total - ledger.distinctRecipients())
				.limits(limits);
		}
	}

	/**
	 * A campaign and its recipients through {@code POST /campaigns/create} as multipart.
	 */
	private static UUID createFromCsv(String gateway, String token, UUID senderId, int from, int count)
			throws IOException, InterruptedException {
		StringBuilder csv = new StringBuilder(count * 40).append("phone,name,1,2\n");
		for (int i = 1; i <= count; i++) {
			int n = from + i;
			csv.append("+9198")
				.append(String.format("%08d", n))
				.append(",Person ")
				.append(n)
				.append(",P")
				.append(n)
				.append(",ORD-")
				.append(n)
				.append('\n');
		}
		String settings = """
				{"name": "E2e %d", "user_id": "%s", "template_id": %d, "sender_id": "%s",
				 "rate_limit": 1000, "max_workers": 100}""".formatted(from, DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID,
				senderId);
		String boundary = "----e2e" + UUID.randomUUID();
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"campaign\"\r\n"
				+ "Content-Type: application/json\r\n\r\n" + settings + "\r\n--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\n"
				+ "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n";
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(gateway + "/campaigns/create"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "multipart/form-data; boundary=" + boundary)
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 201) {
			throw new IllegalStateException("Create answered " + response.statusCode() + ": " + response.body());
		}
		JsonNode created = JSON.readTree(response.body());
		return UUID.fromString(created.get("campaign").get("id").asString());
	}

	private static long counter(JdbcClient jdbc, List<UUID> ids, String column) {
		return jdbc.sql("SELECT coalesce(sum(" + column + "), 0) FROM campaigns WHERE id = ANY(:ids::uuid[])")
			.param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
			.query(Long.class)
			.single();
	}

	/** The best rate over a 10-second window of the samples' column. */
	private static double peakWindowRate(List<long[]> samples, int column) {
		double best = 0;
		for (int i = 10; i < samples.size(); i++) {
			best = Math.max(best, (samples.get(i)[column] - samples.get(i - 10)[column]) / 10.0);
		}
		return best;
	}

	private static double secondsSince(Instant start) {
		return Duration.between(start, Instant.now()).toNanos() / 1e9;
	}

	/** Sends accepted and recipients read per second, over the seconds of the run. */
	static void drawChart(List<long[]> samples, Path file) throws IOException {
		int width = 900;
		int height = 420;
		int left = 70;
		int right = 20;
		int top = 40;
		int bottom = 50;
		double[][] rates = new double[2][samples.size()];
		double max = 1;
		for (int i = 0; i < samples.size(); i++) {
			for (int column = 0; column < 2; column++) {
				long previous = (i == 0) ? 0 : samples.get(i - 1)[column];
				rates[column][i] = samples.get(i)[column] - previous;
				max = Math.max(max, rates[column][i]);
			}
		}
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, width, height);
		g.setColor(Color.DARK_GRAY);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
		g.drawString("e2e: messages per second over the run", left, 24);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		int plotWidth = width - left - right;
		int plotHeight = height - top - bottom;
		g.drawRect(left, top, plotWidth, plotHeight);
		for (int tick = 0; tick <= 4; tick++) {
			int y = top + plotHeight - tick * plotHeight / 4;
			g.setColor(new Color(230, 230, 230));
			g.drawLine(left + 1, y, left + plotWidth - 1, y);
			g.setColor(Color.DARK_GRAY);
			g.drawString(String.format("%,.0f", max * tick / 4), 8, y + 4);
		}
		int n = Math.max(samples.size(), 2);
		for (int tick = 0; tick <= 5; tick++) {
			int x = left + tick * plotWidth / 5;
			g.drawString((tick * (n - 1) / 5) + " s", x - 10, top + plotHeight + 18);
		}
		Color[] colours = { new Color(29, 78, 216), new Color(4, 120, 87) };
		String[] labels = { "sent (accepted by the Cloud API simulator)", "read (applied to the campaign counters)" };
		g.setStroke(new BasicStroke(2f));
		for (int column = 0; column < 2; column++) {
			g.setColor(colours[column]);
			for (int i = 1; i < samples.size(); i++) {
				int x1 = left + (i - 1) * plotWidth / (n - 1);
				int x2 = left + i * plotWidth / (n - 1);
				int y1 = top + plotHeight - (int) (rates[column][i - 1] / max * plotHeight);
				int y2 = top + plotHeight - (int) (rates[column][i] / max * plotHeight);
				g.drawLine(x1, y1, x2, y2);
			}
			g.fillRect(left + 10 + column * 330, height - 22, 12, 12);
			g.drawString(labels[column], left + 28 + column * 330, height - 12);
		}
		g.dispose();
		Files.createDirectories(file.getParent());
		ImageIO.write(image, "png", file.toFile());
	}

}

package com.wacampaigns.system;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.GatewayClient;
import com.wacampaigns.localstack.SystemStack;
import com.wacampaigns.simulator.Faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operators' view is real: after a campaign with some provider trouble, every metric
 * that the Grafana dashboard or an alert rule in {@code ops/} names is exported by one of
 * the apps or the simulator, every meter of ours has a description, and the health
 * endpoints answer.
 */
@SystemStackTest(settings = { "dispatcher.retry.initial-delay=100ms", "gateway.metrics.refresh=500ms",
		"gateway.actuator.scrape-token=" + MetricsIntegrationTests.SCRAPE_TOKEN })
class MetricsIntegrationTests {

	private static final Path OPS = Path.of("..");

	/** PromQL words that are not metric names. */
	private static final Set<String> PROMQL = Set.of("sum", "rate", "irate", "increase", "deriv", "max", "min", "avg",
			"count", "histogram_quantile", "max_over_time", "min_over_time", "avg_over_time", "delta", "clamp_min",
			"clamp_max", "topk", "bottomk", "abs", "vector", "scalar", "time", "absent", "and", "or", "unless", "by",
			"without", "bool", "offset", "on", "ignoring", "group_left", "group_right", "label_replace", "sort_desc",
			"predict_linear", "round", "ceil", "floor", "changes", "resets", "last_over_time", "sum_over_time",
			"quantile_over_time", "stddev", "quantile", "inf", "nan");

	private static final Pattern LABELS = Pattern.compile("\\{[^}]*}");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern WORD = Pattern.compile("\\b[a-zA-Z_:][a-zA-Z0-9_:]*\\b");

	/**
	 * What Prometheus sends for the gateway's {@code /actuator/prometheus}; the other
	 * apps ignore it.
	 */
	static final String SCRAPE_TOKEN = "a-scrape-token-of-the-metrics-system-test";

	private static SystemStack stack;

	@LoggedInAs("demo")
	private static GatewayClient client;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void runACampaignWithSomeTrouble() {
		stack.simulator().faults(new Faults(0, 0.05, 0, 0.05, true, 0, false, false, 0, 0));
		UUID campaign = client.createCampaign("Metrics", DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, 300, 300, 20);
		client.send(campaign);
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> "COMPLETED".equals(client.campaign(campaign).get("status").asString()));
		stack.simulator().faults(Faults.NONE);
	}

	@Test
	void shouldExportEveryMetricTheDashboardAndTheAlertsUse() throws Exception {
		Set<String> used = new TreeSet<>();
		used.addAll(metricsInDashboard(OPS.resolve("grafana/dashboards/campaigns.json")));
		used.addAll(metricsInAlertRules(OPS.resolve("prometheus/alerts.yml")));
		// Prometheus' own: 1 when a scrape succeeds.
		used.remove("up");
		assertThat(used).as("metric names found in the dashboard and the rules").hasSizeGreaterThan(15);

		String exported = String.join("\n", scrapeAll().values());
		List<String> missing = used.stream().filter((name) -> !isExported(exported, name)).toList();
		assertThat(missing).as("metrics named in ops/ but exported by no app").isEmpty();
	}

	@Test
	void shouldDescribeEveryMeterOfOurs() throws Exception {
		List<String> undescribed = new ArrayList<>();
		Pattern help = Pattern.compile("^# HELP (\\S+) ?(.*)$", Pattern.MULTILINE);
		for (Map.Entry<String, String> scrape : scrapeAll().entrySet()) {
			Matcher matcher = help.matcher(scrape.getValue());
			while (matcher.find()) {
				String name = matcher.group(1);
				boolean ours = name
					.matches("(dispatch|webhook|ingest|campaigns|sender|dead_letters|whatsapp|simulator)_.*");
				if (ours && matcher.group(2).isBlank()) {
					undescribed.add(scrape.getKey() + ": " + name);
				}
			}
		}
		assertThat(undescribed).isEmpty();
	}

	@Test
	void shouldReportLiveAndReadyAppsWithTheirBrokerAndDatabase() throws Exception {
		for (Map.Entry<String, String> app : stack.actuatorUrls().entrySet()) {
			if (app.getKey().equals("whatsapp-simulator")) {
				continue;
			}
			assertThat(get(app.getValue() + "/health/liveness").statusCode()).as(app.getKey()).isEqualTo(200);
			HttpResponse<String> readiness = get(app.getValue() + "/health/readiness");
			assertThat(readiness.statusCode()).as(app.getKey()).isEqualTo(200);
			assertThat(readiness.body()).contains("\"UP\"");
		}
	}

	@Test
	void shouldCountSendsByOutcomeAndCodeAndWebhookEventsByStatus() throws Exception {
		Map<String, String> scrapes = scrapeAll();
		String dispatcher = scrapes.get("dispatcher-0");
		assertThat(dispatcher).containsPattern("dispatch_sends_total\\{[^}]*code=\"none\"[^}]*outcome=\"accepted\"");
		assertThat(dispatcher).containsPattern("dispatch_sends_total\\{[^}]*code=\"130429\"[^}]*outcome=\"retry\"");
		assertThat(dispatcher).containsPattern("dispatch_retries_total\\{[^}]*reason=\"130429\"");
		String gateway = scrapes.get("api-gateway");
		// Every status's series exists from the start: the counts must have moved.
		assertThat(gateway).containsPattern("webhook_events_total\\{[^}]*status=\"failed\"[^}]*} [1-9]");
		assertThat(gateway).containsPattern("webhook_events_total\\{[^}]*status=\"read\"[^}]*} [1-9]");
		assertThat(gateway)
			.containsPattern("sender_connected\\{[^}]*sender=\"" + DemoData.PHONE_NUMBER_ID + "\"[^}]*} 1");
		assertThat(scrapes.get("status-ingestor"))
			.containsPattern("ingest_transitions_applied_total\\{[^}]*status=\"read\"[^}]*} [1-9]");
	}

	private Map<String, String> scrapeAll() throws IOException, InterruptedException {
		Map<String, String> scrapes = new LinkedHashMap<>();
		for (Map.Entry<String, String> app : stack.actuatorUrls().entrySet()) {
			HttpResponse<String> response = this.http
				.send(HttpRequest.newBuilder(URI.create(app.getValue() + "/prometheus"))
					.header("Authorization", "Bearer " + SCRAPE_TOKEN)
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(app.getKey() + " /actuator/prometheus").isEqualTo(200);
			scrapes.put(app.getKey(), response.body());
		}
		return scrapes;
	}

	private HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static boolean isExported(String scrape, String name) {
		return Pattern.compile("^" + Pattern.quote(name) + "[{ ]", Pattern.MULTILINE).matcher(scrape).find();
	}

	private static Set<String> metricsInDashboard(Path dashboard) throws IOException {
		JsonNode root = JsonMapper.builder().build().readTree(dashboard.toFile());
		Set<String> names = new TreeSet<>();
		for (JsonNode expr : root.findValues("expr")) {
			names.addAll(metricNames(expr.asString()));
		}
		return names;
	}

	@SuppressWarnings("unchecked")
	private static Set<String> metricsInAlertRules(Path rules) throws IOException {
		Set<String> names = new TreeSet<>();
		try (InputStream in = Files.newInputStream(rules)) {
			Map<String, Object> root = new Yaml().load(in);
			for (Map<String, Object> group : (List<Map<String, Object>>) root.get("groups")) {
				for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
					names.addAll(metricNames(String.valueOf(rule.get("expr"))));
				}
			}
		}
		return names;
	}

	/**
	 * The metric names in a PromQL expression: words that are not functions or labels.
	 */
	static Set<String> metricNames(String promql) {
		String stripped = promql.replaceAll("\"[^\"]*\"", "\"\"");
		stripped = LABELS.matcher(stripped).replaceAll("");
		stripped = GROUPING.matcher(stripped).replaceAll("");
		stripped = stripped.replaceAll("\\[[^\\]]*]", "");
		Set<String> names = new TreeSet<>();
		Matcher word = WORD.matcher(stripped);
		while (word.find()) {
			String candidate = word.group();
			if (!PROMQL.contains(candidate.toLowerCase()) && !candidate.matches("\\d.*")) {
				names.add(candidate);
			}
		}
		return names;
	}

}

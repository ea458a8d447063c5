package com.wacampaigns.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.wacampaigns.localstack.CampaignInvariants;
import com.wacampaigns.localstack.GatewayClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The deployment of docker-compose.yml, run for real: the images built from this build's
 * jars (ops/docker/build-images.sh, offline here: no registry is reachable), the stack
 * started with two dispatchers and two status-ingestors, a campaign sent through the
 * gateway's port while one dispatcher container is killed. Skipped, with the reason,
 * where no Docker engine answers. Everything the test started is removed afterwards,
 * volumes included, whatever happened.
 */
@DisabledIfSystemProperty(named = "wa.infrastructure", matches = "containers",
		disabledReason = "runs its own containers: once, in the default execution")
class ComposeDeploymentIntegrationTests {

	private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

	private static final String PROJECT = "wa-compose-test";

	private static final String NUMBER = "100000001";

	/**
	 * A second number whose dispatch partitions (murmur2 of the key, as Kafka's producer
	 * places them, out of 8) are in the other half from the first's: with two dispatchers
	 * (range assignment), each gets one number, so the scale-out figure shows.
	 */
	private static final String SECOND_NUMBER = otherHalf(NUMBER, 8);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> COMPOSE_VARIABLES = composeVariables();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static Path envFile;

	private static Map<String, String> secrets;

	private static boolean started;

	@BeforeAll
	static void startTheStack() throws Exception {
		String engine = run(Duration.ofSeconds(20), "docker", "info", "--format", "{{.ServerVersion}}");
		assumeTrue(engine != null, "No Docker engine answers here (docker info failed): the compose test is skipped");
		System.out.println("Compose test on Docker engine " + engine.strip());
		String offline = Boolean.getBoolean("compose.online") ? "" : "--offline";
		long building = System.nanoTime();
		assertThat(run(Duration.ofMinutes(15), "ops/docker/build-images.sh", offline)).as("images built").isNotNull();
		System.out.printf("Images built in %.0f s%n", (System.nanoTime() - building) / 1e9);
		SecureRandom random = new SecureRandom();
		secrets = Map.of("POSTGRES_PASSWORD", hex(random, 12), "JWT_SECRET", hex(random, 32), "WHATSAPP_APP_SECRET",
				hex(random, 16), "WHATSAPP_VERIFY_TOKEN", hex(random, 8), "TOKEN_ENCRYPTION_KEY",
				Base64.getEncoder().encodeToString(random.generateSeed(32)), "METRICS_SCRAPE_TOKEN", hex(random, 24),
				"GATEWAY_BOOTSTRAP_ADMIN_PASSWORD", hex(random, 12), "GRAFANA_ADMIN_PASSWORD", hex(random, 12));
		envFile = Files.createTempFile("compose-test", ".env");
		StringBuilder env = new StringBuilder();
		secrets.forEach((name, value) -> env.append(name).append('=').append(value).append('\n'));
		env.append("SIM_NUMBERS=" + NUMBER + ":+15550000001:sim-token," + SECOND_NUMBER + ":+15550000002:sim-token\n");
		Files.writeString(envFile, env);
		// A run that died before its teardown (or a stack of the same name) would come
		// back with the old database volume and its old password: start from nothing.
		compose("down", "--volumes", "--remove-orphans", "--timeout", "5");
		started = true;
		long starting = System.nanoTime();
		assertThat(compose("up", "-d", "--no-build", "--scale", "dispatcher=1", "--scale", "status-ingestor=2", "kafka",
				"postgres", "simulator", "gateway", "dispatcher", "status-ingestor", "prometheus"))
			.isNotNull();
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(() -> unhealthy().isEmpty());
		System.out.printf("Stack healthy in %.0f s%n", (System.nanoTime() - starting) / 1e9);
	}

	@AfterAll
	static void tearDown() throws IOException {
		if (started) {
			compose("down", "--volumes", "--remove-orphans", "--timeout", "5");
		}
		if (envFile != null) {
			Files.deleteIfExists(envFile);
		}
	}

	@Test
	void shouldSendEveryRecipientOnceWhileADispatcherContainerIsKilledAndScaleOut() throws Exception {
		URI gateway = URI.create("http://127.0.0.1:8080");
		GatewayClient admin = new GatewayClient(gateway).login("admin",
				secrets.get("GATEWAY_BOOTSTRAP_ADMIN_PASSWORD"));
		Shop first = shop(gateway, admin, "shop", NUMBER);
		Shop second = shop(gateway, admin, "other-shop", SECOND_NUMBER);

		double oneDispatcher = sendAndMeasure(first, second, 5_000);
		assertThat(compose("up", "-d", "--no-build", "--no-recreate", "--scale", "dispatcher=2", "--scale",
				"status-ingestor=2", "dispatcher"))
			.isNotNull();
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> unhealthy().isEmpty());
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofSeconds(2))
			.until(() -> upTargets(), (targets) -> targets
				.equals(Map.of("api-gateway", 1L, "dispatcher", 2L, "status-ingestor", 2L, "whatsapp-simulator", 1L)));
		double twoDispatchers = sendAndMeasure(first, second, 5_000);
		System.out.printf("Scale-out: %.0f sends/s with one dispatcher container, %.0f with two (two numbers at"
				+ " 1,000/s each)%n", oneDispatcher, twoDispatchers);

		// The campaign is sent from both numbers: each dispatcher owns one number's
		// partitions, so whichever container is killed was sending, and its number's half
		// completes only if the other takes its partitions over.
		int each = 10_000;
		simulator("DELETE", "/_sim/ledger", null);
		List<Shop> shops = List.of(first, second);
		List<UUID> campaigns = new ArrayList<>();
		for (Shop shop : shops) {
			campaigns.add(shop.client().createCampaign("Killed mid-way", shop.id(), shop.template(), each, 1000, 50));
		}
		for (int i = 0; i < shops.size(); i++) {
			shops.get(i).client().send(campaigns.get(i));
		}
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> sent(shops, campaigns).stream().allMatch((sent) -> sent >= each / 4));
		List<Integer> sentBeforeTheKill = sent(shops, campaigns);
		String victim = containers("dispatcher").get(0);
		assertThat(run(Duration.ofSeconds(30), "docker", "kill", victim)).isNotNull();
		await().atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> campaigns(shops, campaigns).stream()
				.allMatch((campaign) -> "COMPLETED".equals(campaign.get("status").asString()))
					&& campaigns(shops, campaigns).stream()
						.mapToInt((campaign) -> campaign.get("read").asInt())
						.sum() == ledger().get("accepted").asInt());

		JsonNode ledger = ledger();
		int taken = ledger.get("accepted").asInt();
		int recipients = 2 * each;
		assertThat(ledger.get("duplicates").asInt()).as("nobody twice").isZero();
		assertThat(ledger.get("distinct_recipients").asInt()).isEqualTo(taken);
		assertThat(sentBeforeTheKill).as("both halves were under way when the container was killed")
			.allMatch((sent) -> sent < each);
		for (int i = 0; i < shops.size(); i++) {
			JsonNode done = shops.get(i).client().campaign(campaigns.get(i));
			assertThat(done.get("pending").asInt()).isZero();
			assertThat(done.get("read").asInt() + done.get("unknown").asInt()).as("everyone: read or reported unknown")
				.isEqualTo(each);
			assertThat(done.get("failed").asInt()).isEqualTo(done.get("unknown").asInt());
		}
		// A send recorded as attempted whose request the killed container never wrote is
		// reported as unknown and never sent again: at most the sends it had in flight
		// (its campaign's 50 workers).
		int unknown = recipients - taken;
		assertThat(unknown).as("reported unknown").isLessThanOrEqualTo(50);
		System.out.printf("Killed dispatcher container: %d of %d sent once, %d reported unknown, none twice%n", taken,
				recipients, unknown);
		PGSimpleDataSource database = new PGSimpleDataSource();
		String port = compose("port", "postgres", "5432").strip();
		database.setUrl("jdbc:postgresql://" + port + "/campaigns");
		database.setUser("campaigns");
		database.setPassword(secrets.get("POSTGRES_PASSWORD"));
		for (UUID campaign : campaigns) {
			new CampaignInvariants(database).assertCountersMatchRows(campaign);
		}
	}

	private static List<Integer> sent(List<Shop> shops, List<UUID> campaigns) {
		return campaigns(shops, campaigns).stream().map((campaign) -> campaign.get("sent").asInt()).toList();
	}

	private static List<JsonNode> campaigns(List<Shop> shops, List<UUID> campaigns) {
		List<JsonNode> states = new ArrayList<>();
		for (int i = 0; i < shops.size(); i++) {
			states.add(shops.get(i).client().campaign(campaigns.get(i)));
		}
		return states;
	}

	/**
	 * A user with a connected number at Meta's higher throughput (1,000 messages a
	 * second) and an approved template.
	 */
	private static Shop shop(URI gateway, GatewayClient admin, String username, String number) throws Exception {
		admin.call("POST", "/admin/users",
				Map.of("username", username, "password", username + "-password-1", "roles", List.of("USER")), 201);
		GatewayClient client = new GatewayClient(gateway).login(username, username + "-password-1");
		UUID id = UUID.fromString(
				JSON.readTree(Base64.getUrlDecoder().decode(client.token().split("\\.")[1])).get("sub").asString());
		simulator("PUT", "/_sim/numbers/" + number + "/limits", "{\"throughput_level\": \"HIGH\"}");
		client.call("POST", "/whatsapp/connect",
				Map.of("phone_number_id", number, "access_token", "sim-token", "messages_per_second", 1000), 200);
		long template = client
			.call("POST", "/templates", Map.of("name", "order_update", "language", "en_US", "category", "UTILITY",
					"body", "Hello {{1}}, your order {{2}} is on its way"), 201)
			.get("id")
			.asLong();
		admin.call("PUT", "/templates/" + template + "/status", Map.of("status", "APPROVED"), 200);
		return new Shop(client, id, template);
	}

	/**
	 * Sends a campaign of {@code recipients} from each shop at once and answers the sends
	 * per second of both together.
	 */
	private static double sendAndMeasure(Shop first, Shop second, int recipients) {
		UUID one = first.client().createCampaign("Scale-out", first.id(), first.template(), recipients, 1000, 50);
		UUID other = second.client().createCampaign("Scale-out", second.id(), second.template(), recipients, 1000, 50);
		long start = System.nanoTime();
		first.client().send(one);
		second.client().send(other);
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> first.client().campaign(one).get("sent").asInt() >= recipients
					&& second.client().campaign(other).get("sent").asInt() >= recipients);
		return 2.0 * recipients / ((System.nanoTime() - start) / 1e9);
	}

	private record Shop(GatewayClient client, UUID id, long template) {

	}

	/**
	 * The simulator's count of this campaign's sends (the ledger was emptied before it).
	 */
	private static JsonNode ledger() throws IOException, InterruptedException {
		return JSON.readTree(simulator("GET", "/_sim/ledger/summary", null));
	}

	/** The running targets Prometheus scrapes with success, counted by job. */
	private static Map<String, Long> upTargets() throws IOException, InterruptedException {
		HttpResponse<String> answer = HTTP.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:9090/api/v1/targets?state=active")).build(),
				HttpResponse.BodyHandlers.ofString());
		Map<String, Long> up = new java.util.TreeMap<>();
		for (JsonNode target : JSON.readTree(answer.body()).get("data").get("activeTargets")) {
			if (target.get("health").asString().equals("up")) {
				up.merge(target.get("labels").get("job").asString(), 1L, Long::sum);
			}
		}
		return up;
	}

	private static String simulator(String method, String path, String body) throws IOException, InterruptedException {
		HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8090" + path))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.header("Content-Type", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isLessThan(300);
		return answer.body();
	}

	/**
	 * The containers of the stack that are not running and healthy yet, exited ones
	 * included (Prometheus has no check: running is enough).
	 */
	private static List<String> unhealthy() {
		List<String> waiting = new ArrayList<>();
		for (String id : containers(null, true)) {
			String state = run(Duration.ofSeconds(10), "docker", "inspect", "--format",
					"{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}", id);
			String[] parts = (state != null) ? state.strip().split(" ") : new String[0];
			boolean ready = parts.length == 3 && parts[1].equals("running")
					&& (parts[2].equals("healthy") || parts[2].equals("none"));
			if (!ready) {
				waiting.add((state != null) ? state.strip() : id + " (not inspected)");
			}
		}
		return waiting;
	}

	/** The stack's running containers, of one service or all. */
	private static List<String> containers(String service) {
		return containers(service, false);
	}

	/** The stack's containers, of one service or all, running or all. */
	private static List<String> containers(String service, boolean all) {
		List<String> command = new ArrayList<>(List.of("docker", "ps", "-q"));
		if (all) {
			command.add("-a");
		}
		command.addAll(List.of("--filter", "label=com.docker.compose.project=" + PROJECT));
		if (service != null) {
			command.addAll(List.of("--filter", "label=com.docker.compose.service=" + service));
		}
		String ids = run(Duration.ofSeconds(10), command.toArray(String[]::new));
		return (ids == null || ids.isBlank()) ? List.of() : List.of(ids.strip().split("\\s+"));
	}

	private static String compose(String... arguments) {
		List<String> command = new ArrayList<>(List.of("docker-compose", "-p", PROJECT, "-f", "docker-compose.yml",
				"-f", "ops/docker/compose.test.yml", "--env-file", envFile.toString()));
		command.addAll(List.of(arguments));
		return run(Duration.ofMinutes(5), command.toArray(String[]::new));
	}

	/**
	 * Runs a command in the repository's root: its output, or {@code null} when it failed
	 * or outlived its time (then it is killed). The variables the compose file reads are
	 * not passed on from this environment: the test's env file says what they are.
	 */
	private static String run(Duration timeout, String... command) {
		Path output = null;
		try {
			output = Files.createTempFile("compose-test", ".out");
			ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile());
			builder.environment().keySet().removeAll(COMPOSE_VARIABLES);
			Process process = builder.start();
			boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!ended) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			String text = Files.readString(output, StandardCharsets.UTF_8);
			if (!ended || process.exitValue() != 0) {
				System.out.println(
						String.join(" ", command) + (ended ? " failed:\n" : " ran past " + timeout + ":\n") + text);
				return null;
			}
			return text;
		}
		catch (IOException ex) {
			System.out.println(String.join(" ", command) + " could not run: " + ex.getMessage());
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		finally {
			if (output != null) {
				try {
					Files.deleteIfExists(output);
				}
				catch (IOException ex) {
					// A temporary file left behind.
				}
			}
		}
	}

	/**
	 * The variables docker-compose.yml reads ({@code ${NAME}} or {@code ${NAME:-...}}).
	 */
	private static Set<String> composeVariables() {
		try {
			Matcher matcher = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)")
				.matcher(Files.readString(ROOT.resolve("docker-compose.yml")));
			Set<String> names = new HashSet<>();
			while (matcher.find()) {
				names.add(matcher.group(1));
			}
			return names;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String otherHalf(String number, int partitions) {
		boolean firstHalf = partition(number, partitions) < partitions / 2;
		for (long candidate = 100000002L;; candidate++) {
			if ((partition(Long.toString(candidate), partitions) < partitions / 2) != firstHalf) {
				return Long.toString(candidate);
			}
		}
	}

	private static int partition(String key, int partitions) {
		return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
	}

	private static String hex(SecureRandom random, int bytes) {
		byte[] value = new byte[bytes];
		random.nextBytes(value);
		return HexFormat.of().formatHex(value);
	}

}

package com.wacampaigns.gateway.campaign;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import com.wacampaigns.gateway.GatewayIntegrationTest;
import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.TestAccounts;
import com.wacampaigns.gateway.TestAccounts.Account;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /campaigns/{id}/events} read as a browser reads it, one connection per
 * stream.
 */
@GatewayIntegrationTest
// A short heartbeat, so that a client that went away is noticed within the test's
// patience.
@TestPropertySource(properties = "gateway.sse.heartbeat=1s")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CampaignProgressIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	@LocalServerPort
	private int port;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private CampaignProgress progress;

	@Autowired
	private GatewayProperties properties;

	@Autowired
	private TestAccounts accounts;

	private final List<EventStream> opened = new ArrayList<>();

	private JdbcClient jdbc;

	@BeforeEach
	void connect() {
		this.jdbc = JdbcClient.create(this.dataSource);
	}

	@AfterEach
	void closeStreams() {
		this.opened.forEach(EventStream::close);
		this.opened.clear();
	}

	@Test
	void shouldSendProgressThenEndAndCloseTheStreamWhenTheCampaignFinishes() throws IOException {
		Account ana = this.accounts.newUser();
		UUID campaign = campaign(ana, "RUNNING");
		EventStream stream = open(campaign, ana);

		assertThat(stream.status()).isEqualTo(200);
		Event first = stream.next();
		assertThat(first.name()).isEqualTo("progress");
		assertThat(first.data()).contains("\"sent\":0").contains("\"status\":\"RUNNING\"");
		assertThat(stream.nextLineStartingWith(":")).as("a quiet stream's heartbeat").isEqualTo(":keep-alive");

		this.jdbc.sql("UPDATE campaigns SET sent = 2, pending = 0, status = 'COMPLETED' WHERE id = :id")
			.param("id", campaign)
			.update();

		Event last = stream.next();
		Event end = stream.next();
		assertThat(last.name()).isEqualTo("progress");
		assertThat(last.data()).contains("\"sent\":2").contains("\"status\":\"COMPLETED\"");
		assertThat(end.name()).isEqualTo("end");
		assertThat(end.data()).contains("\"sent\":2").contains("\"status\":\"COMPLETED\"");
		assertThat(stream.rest()).as("the server closes the stream after end").isEmpty();
	}

	@Test
	void shouldRefuseAUsersStreamsPastTheLimitUntilOneOfThemCloses() throws IOException {
		int limit = this.properties.sse().maxStreamsPerUser();
		Account ana = this.accounts.newUser();
		Account ben = this.accounts.newUser();
		UUID campaign = campaign(ana, "RUNNING");
		List<EventStream> streams = new ArrayList<>();
		for (int i = 0; i < limit; i++) {
			streams.add(open(campaign, ana));
		}

		EventStream refused = open(campaign, ana);
		EventStream other = open(campaign(ben, "RUNNING"), ben);

		assertThat(streams).allSatisfy((stream) -> assertThat(stream.status()).isEqualTo(200));
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L,
				Math.max(1, this.properties.sse().heartbeat().toSeconds()));
		JsonNode problem = JSON.readTree(refused.body());
		assertThat(problem.get("title").asString()).isEqualTo("Too many requests");
		assertThat(problem.get("detail").asString()).contains(limit + " live progress streams open");
		assertThat(other.status()).as("another user's stream").isEqualTo(200);
		assertThat(other.next().name()).isEqualTo("progress");

		streams.get(0).close();

		EventStream again = Awaitility.await()
			.atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> open(campaign, ana), (stream) -> stream.status() == 200);
		assertThat(again.next().name()).isEqualTo("progress");
	}

	@Test
	void shouldServeManyStreamsWithOneQueryPerRound() throws IOException {
		int streamsPerUser = this.properties.sse().maxStreamsPerUser();
		List<UUID> campaigns = new ArrayList<>();
		List<EventStream> streams = new ArrayList<>();
		for (int u = 0; u < 5; u++) {
			Account user = this.accounts.newUser();
			UUID first = campaign(user, "RUNNING");
			UUID second = campaign(user, "RUNNING");
			campaigns.add(first);
			campaigns.add(second);
			for (int i = 0; i < streamsPerUser; i++) {
				streams.add(open((i % 2 == 0) ? first : second, user));
			}
		}
		for (EventStream stream : streams) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.next().data()).contains("\"sent\":0");
		}
		assertThat(this.progress.watching()).isGreaterThanOrEqualTo(streams.size());
		long ticks = this.progress.ticks();
		long queries = this.progress.queries();

		for (UUID campaign : campaigns) {
			this.jdbc.sql("UPDATE campaigns SET sent = 1, pending = pending - 1 WHERE id = :id")
				.param("id", campaign)
				.update();
		}
		for (EventStream stream : streams) {
			Event changed = stream.next();
			assertThat(changed.name()).isEqualTo("progress");
			assertThat(changed.data()).contains("\"sent\":1");
		}
		Awaitility.await().atMost(PATIENCE).until(() -> this.progress.ticks() >= ticks + 4);

		long rounds = this.progress.ticks() - ticks;
		long made = this.progress.queries() - queries;
		// Within one round at either end, as the two counters are not read at once.
		assertThat(made).as("queries in %d rounds for %d streams", rounds, streams.size())
			.isBetween(rounds - 2, rounds + 2);
	}

	private UUID campaign(Account owner, String status) {
		return this.accounts.campaign(owner).status(status).recipients(2).create();
	}

	/**
	 * Opens a stream on a connection of its own, so that closing it closes the
	 * connection.
	 */
	private EventStream open(UUID campaign, Account user) {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/campaigns/" + campaign + "/events"))
			.header("Authorization", "Bearer " + user.token())
			.header("Accept", "text/event-stream")
			.build();
		try {
			HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
			EventStream stream = new EventStream(client, response);
			this.opened.add(stream);
			return stream;
		}
		catch (IOException ex) {
			client.shutdownNow();
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			client.shutdownNow();
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param name the {@code event} field
	 * @param data the {@code data} lines, joined
	 */
	private record Event(String name, String data) {

	}

	/**
	 * An event stream as it comes; every read gives up after {@link #PATIENCE} (the
	 * heartbeat keeps lines coming, so a wait that lasts longer is a failure).
	 */
	private static final class EventStream {

		private final HttpClient client;

		private final HttpResponse<InputStream> response;

		private final BufferedReader lines;

		EventStream(HttpClient client, HttpResponse<InputStream> response) {
			this.client = client;
			this.response = response;
			this.lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
		}

		int status() {
			return this.response.statusCode();
		}

		String header(String name) {
			return this.response.headers().firstValue(name).orElse(null);
		}

		String body() throws IOException {
			return new String(this.response.body().readAllBytes(), StandardCharsets.UTF_8);
		}

		/** The next event; comments are skipped. */
		Event next() throws IOException {
			long deadline = System.nanoTime() + PATIENCE.toNanos();
			String name = "message";
			StringBuilder data = null;
			for (String line = this.lines.readLine(); line != null; line = this.lines.readLine()) {
				if (line.isEmpty() && data != null) {
					return new Event(name, data.toString());
				}
				if (line.startsWith("event:")) {
					name = line.substring("event:".length()).strip();
				}
				else if (line.startsWith("data:")) {
					data = (data != null) ? data.append('\n') : new StringBuilder();
					data.append(line.substring("data:".length()).strip());
				}
				if (System.nanoTime() > deadline) {
					throw new AssertionError("No event within " + PATIENCE);
				}
			}
			throw new AssertionError("The event stream ended");
		}

		String nextLineStartingWith(String prefix) throws IOException {
			long deadline = System.nanoTime() + PATIENCE.toNanos();
			for (String line = this.lines.readLine(); line != null; line = this.lines.readLine()) {
				if (line.startsWith(prefix)) {
					return line;
				}
				if (System.nanoTime() > deadline) {
					throw new AssertionError("No line starting with " + prefix + " within " + PATIENCE);
				}
			}
			throw new AssertionError("The event stream ended");
		}

		/** The lines left until the server ends the stream, blank ones left out. */
		List<String> rest() throws IOException {
			return this.lines.lines().filter((line) -> !line.isEmpty()).toList();
		}

		void close() {
			try {
				this.response.body().close();
			}
			catch (IOException ex) {
				// The connection goes with the client below either way.
			}
			this.client.shutdownNow();
		}

	}

}

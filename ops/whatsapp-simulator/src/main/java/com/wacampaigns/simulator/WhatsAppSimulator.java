package com.wacampaigns.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import com.wacampaigns.common.graph.CallbackData;
import com.wacampaigns.common.graph.GraphError;
import com.wacampaigns.common.graph.SendMessageRequest;
import com.wacampaigns.common.graph.SendMessageResponse;
import com.wacampaigns.common.graph.WebhookPayload;

/**
 * A stand-in for Meta's WhatsApp Business Cloud API that speaks its wire protocol over
 * HTTP. {@code POST /v{N}/{phone-number-id}/messages} checks the bearer token and the
 * template body and answers like the Graph API; each accepted send later produces
 * {@code sent}, {@code delivered} and {@code read} status webhooks, batched and signed,
 * whatever its HTTP answer was. A JDK {@link HttpServer} on virtual threads keeps it from
 * being the bottleneck.
 * <p>
 * Control endpoints: {@code GET /_sim/ledger/summary}, {@code GET /_sim/ledger},
 * {@code DELETE /_sim/ledger}, {@code POST /_sim/numbers} with
 * {@code {"phone_number_id","display_phone_number","access_token"}}, and {@code PUT},
 * {@code GET}, {@code DELETE /_sim/faults} (see {@link Faults}).
 */
public final class WhatsAppSimulator implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(WhatsAppSimulator.class);

	static {
		// The JDK server closes idle connections beyond 200 by default; a client that
		// reuses one
		// at that moment gets no answer to a POST it has written, an outcome it cannot
		// know.
		// Meta's servers keep connections; so does the simulator. Read once per JVM,
		// before the
		// first server starts.
		System.setProperty("sun.net.httpserver.maxIdleConnections",
				System.getProperty("sun.net.httpserver.maxIdleConnections", "100000"));
		System.setProperty("sun.net.httpserver.idleInterval",
				System.getProperty("sun.net.httpserver.idleInterval", "600"));
		System.setProperty("sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
	}

	private static final Pattern SEND_PATH = Pattern.compile("^/v\\d+(?:\\.\\d+)?/([^/]+)/messages$");

	private static final Pattern PHONE = Pattern.compile("^\\+?\\d{6,15}$");

	private static final Pattern PHONE_NUMBER_PATH = Pattern.compile("^/v\\d+(?:\\.\\d+)?/[^/]+$");

	private static final int MAX_BODY_BYTES = 64 * 1024;

	/** Absent numbers and flags in control requests mean zero and false. */
	private final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private final Map<String, Number> numbers = new ConcurrentHashMap<>();

	private final Ledger ledger = new Ledger();

	private final AtomicLong wamids = new AtomicLong();

	private final SimulatorSettings settings;

	private final WebhookSender webhooks;

	private final HttpServer server;

	/** A thread per exchange, so that a held-back answer holds up no other. */
	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final Map<String, long[]> sendsThisSecond = new ConcurrentHashMap<>();

	private volatile Faults faults = Faults.NONE;

	private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private WhatsAppSimulator(SimulatorSettings settings) throws IOException {
		this.settings = settings;
		this.webhooks = new WebhookSender(this.json, settings);
		this.metrics.config().commonTags("application", "whatsapp-simulator");
		FunctionCounter.builder("simulator.webhook.statuses", this.webhooks, WebhookSender::delivered)
			.description("Status items whose webhook POST the gateway answered with 200")
			.register(this.metrics);
		this.server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 1024);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public static WhatsAppSimulator start(SimulatorSettings settings) {
		try {
			WhatsAppSimulator simulator = new WhatsAppSimulator(settings);
			log.info("WhatsApp Cloud API simulator listening on {}", simulator.baseUrl());
			return simulator;
		}
		catch (IOException ex) {
			throw new IllegalStateException("The simulator could not listen on port " + settings.port(), ex);
		}
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	/** The Graph API base URL to configure in the dispatcher. */
	public URI baseUrl() {
		return URI.create("http://127.0.0.1:" + port());
	}

	/** Accept sends from this business number with this access token. */
	public void registerNumber(String phoneNumberId, String displayNumber, String accessToken) {
		this.numbers.put(phoneNumberId, new Number(displayNumber, accessToken));
	}

	/** Where status webhooks go from now on. */
	public void webhookUrl(URI url) {
		this.webhooks.url(url);
	}

	public Ledger ledger() {
		return this.ledger;
	}

	/** The trouble to make from now on; {@link Faults#NONE} for none. */
	public void faults(Faults faults) {
		this.faults = faults;
	}

	/** Status items whose webhook POST was answered with 200. */
	public long webhookStatusesDelivered() {
		return this.webhooks.delivered();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try {
			route(exchange);
		}
		catch (JacksonException ex) {
			respond(exchange, 400, GraphError.of(100, "OAuthException", "(#100) The request body is not valid JSON",
					ex.getOriginalMessage()));
		}
		catch (BodyTooLargeException ex) {
			respond(exchange, 413, GraphError.of(100, "OAuthException", "(#100) " + ex.getMessage(), null));
		}
		catch (RuntimeException ex) {
			log.error("Simulator failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), ex);
			respond(exchange, 500, GraphError.of(1, "OAuthException", "An unknown error occurred", null));
		}
		finally {
			exchange.close();
		}
	}

	private void route(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		String method = exchange.getRequestMethod();
		Matcher send = SEND_PATH.matcher(path);
		if (send.matches() && method.equals("POST")) {
			send(exchange, send.group(1));
			Counter.builder("simulator.messages")
				.description("Send requests to the simulated Cloud API, by HTTP status answered")
				.tag("status", Integer.toString(exchange.getResponseCode()))
				.register(this.metrics)
				.increment();
		}
		else if (path.equals("/actuator/prometheus") && method.equals("GET")) {
			byte[] scrape = this.metrics.scrape().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
			exchange.sendResponseHeaders(200, scrape.length);
			exchange.getResponseBody().write(scrape);
		}
		else if (path.equals("/_sim/ledger/summary") && method.equals("GET")) {
			respond(exchange, 200, this.ledger.summary());
		}
		else if (path.equals("/_sim/ledger") && method.equals("GET")) {
			respond(exchange, 200, this.ledger.entries());
		}
		else if (path.equals("/_sim/ledger") && method.equals("DELETE")) {
			this.ledger.clear();
			respond(exchange, 204, null);
		}
		else if (path.equals("/_sim/faults") && method.equals("PUT")) {
			this.faults = this.json.readValue(readBody(exchange), Faults.class);
			respond(exchange, 204, null);
		}
		else if (path.equals("/_sim/faults") && method.equals("GET")) {
			respond(exchange, 200, this.faults);
		}
		else if (path.equals("/_sim/faults") && method.equals("DELETE")) {
			this.faults = Faults.NONE;
			respond(exchange, 204, null);
		}
		else if (PHONE_NUMBER_PATH.matcher(path).matches() && method.equals("GET")) {
			phoneNumber(exchange, path.substring(path.lastIndexOf('/') + 1));
		}
		else if (path.equals("/_sim/numbers") && method.equals("POST")) {
			NumberRegistration number = this.json.readValue(readBody(exchange), NumberRegistration.class);
			registerNumber(number.phoneNumberId(), number.displayPhoneNumber(), number.accessToken());
			respond(exchange, 204, null);
		}
		else {
			respond(exchange, 404,
					GraphError.of(100, "GraphMethodException", "Unsupported " + method + " request to " + path, null));
		}
	}

	private void send(HttpExchange exchange, String phoneNumberId) throws IOException {
		Number number = this.numbers.get(phoneNumberId);
		if (number == null) {
			respond(exchange, 400, GraphError
				.of(100, "GraphMethodException", "Unsupported post request. Object with ID '" + phoneNumberId
						+ "' does not exist, cannot be loaded due to missing permissions, or does not support this operation",
						null));
			return;
		}
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (authorization == null || !authorization.equals("Bearer " + number.accessToken())) {
			respond(exchange, 401, GraphError.of(190, "OAuthException",
					"Error validating access token: The session is invalid or has expired", null));
			return;
		}
		Faults faults = this.faults;
		delay(faults);
		if (refusedByFault(exchange, faults, phoneNumberId)) {
			return;
		}
		SendMessageRequest request = this.json.readValue(readBody(exchange), SendMessageRequest.class);
		String problem = problemWith(request);
		if (problem != null) {
			respond(exchange, 400, GraphError.of(100, "OAuthException", "(#100) Invalid parameter", problem));
			return;
		}
		String waId = request.to().startsWith("+") ? request.to().substring(1) : request.to();
		String wamid = nextWamid();
		String callback = request.bizOpaqueCallbackData();
		String campaign = CallbackData.parse(callback).map((data) -> data.campaignId().toString()).orElse("-");
		boolean undeliverable = chance(faults.undeliverableShare());
		if (undeliverable && !faults.undeliverableAsync()) {
			respond(exchange, 400, GraphError.of(131026, "OAuthException", "Message undeliverable",
					"The recipient is not on WhatsApp or cannot receive this message"));
			return;
		}
		this.ledger.record(campaign, waId, wamid, phoneNumberId);
		// Accepted is accepted: the statuses follow whatever the caller hears back.
		if (undeliverable) {
			scheduleFailure(phoneNumberId, number.displayNumber(), wamid, waId, callback);
		}
		else {
			scheduleStatuses(phoneNumberId, number.displayNumber(), wamid, waId, callback);
		}
		SendMessageResponse accepted = SendMessageResponse.accepted(request.to(), waId, wamid);
		switch (answerFor(faults)) {
			case PROMPT -> respond(exchange, 200, accepted);
			case ERROR -> {
				countAmbiguousAnswer("accepted_then_error");
				respondAcceptedThenError(exchange, faults.acceptedThenErrorStatus());
			}
			case HANG -> {
				countAmbiguousAnswer("accepted_then_hang");
				sleep(faults.hangMs());
				respond(exchange, 200, accepted);
			}
		}
	}

	/** One draw, so that the two shares of ambiguous answers add up. */
	private static Answer answerFor(Faults faults) {
		double draw = ThreadLocalRandom.current().nextDouble();
		if (draw < faults.acceptedThenErrorShare()) {
			return Answer.ERROR;
		}
		if (draw < faults.acceptedThenErrorShare() + faults.acceptedThenHangShare()) {
			return Answer.HANG;
		}
		return Answer.PROMPT;
	}

	private void countAmbiguousAnswer(String fault) {
		this.ledger.recordAmbiguousAnswer();
		Counter.builder("simulator.ambiguous.answers")
			.description("Accepted sends answered with a 5xx or late, so the caller cannot know they were accepted")
			.tag("fault", fault)
			.register(this.metrics)
			.increment();
	}

	/**
	 * A 500 carries Graph's 131000, as Meta's own servers answer; a 502, 503 or 504 comes
	 * from a gateway in front of them and carries its page, not JSON.
	 */
	private void respondAcceptedThenError(HttpExchange exchange, int status) throws IOException {
		if (status == 500) {
			respond(exchange, 500, somethingWentWrong());
			return;
		}
		String reason = switch (status) {
			case 502 -> "Bad Gateway";
			case 503 -> "Service Unavailable";
			default -> "Gateway Timeout";
		};
		String title = status + " " + reason;
		String page = "<html><head><title>" + title + "</title></head><body><h1>" + title + "</h1></body></html>\n";
		byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	private static GraphError somethingWentWrong() {
		return GraphError.of(131000, "OAuthException", "Something went wrong", null);
	}

	private boolean refusedByFault(HttpExchange exchange, Faults faults, String phoneNumberId) throws IOException {
		if (faults.outage()) {
			respond(exchange, 503, GraphError.of(2, "OAuthException", "Service temporarily unavailable", null));
		}
		else if (faults.tokenExpired()) {
			respond(exchange, 401,
					GraphError.of(190, "OAuthException", "Error validating access token: Session has expired", null));
		}
		else if (overThroughput(faults, phoneNumberId) || chance(faults.throttleShare())) {
			respond(exchange, 400, GraphError.of(130429, "OAuthException", "Rate limit hit",
					"Cloud API message throughput has been reached"));
		}
		else if (chance(faults.pairRateShare())) {
			respond(exchange, 400, GraphError.of(131056, "OAuthException",
					"(Business Account, Consumer Account) pair rate limit hit",
					"Too many messages sent from this phone number to the same phone number in a short period of time"));
		}
		else if (chance(faults.serverErrorShare())) {
			respond(exchange, 500, somethingWentWrong());
		}
		else {
			return false;
		}
		return true;
	}

	/** A one-second window per number, like Meta's messages-per-second cap. */
	private boolean overThroughput(Faults faults, String phoneNumberId) {
		if (faults.throughputPerSecond() <= 0) {
			return false;
		}
		long second = System.currentTimeMillis() / 1000;
		long[] window = this.sendsThisSecond.computeIfAbsent(phoneNumberId, (id) -> new long[2]);
		synchronized (window) {
			if (window[0] != second) {
				window[0] = second;
				window[1] = 0;
			}
			return ++window[1] > faults.throughputPerSecond();
		}
	}

	private static boolean chance(double share) {
		return share > 0 && ThreadLocalRandom.current().nextDouble() < share;
	}

	private static void delay(Faults faults) {
		if (faults.latencyMaxMs() <= 0) {
			return;
		}
		sleep(ThreadLocalRandom.current()
			.nextInt(faults.latencyMinMs(), Math.max(faults.latencyMinMs(), faults.latencyMaxMs()) + 1));
	}

	private static void sleep(int millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** {@code GET /v{N}/{phone-number-id}}: how a client checks a token for a number. */
	private void phoneNumber(HttpExchange exchange, String phoneNumberId) throws IOException {
		Number number = this.numbers.get(phoneNumberId);
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (number == null || this.faults.tokenExpired() || authorization == null
				|| !authorization.equals("Bearer " + number.accessToken())) {
			respond(exchange, 401, GraphError.of(190, "OAuthException",
					"Error validating access token: The session is invalid or has expired", null));
			return;
		}
		respond(exchange, 200, Map.of("id", phoneNumberId, "display_phone_number", number.displayNumber(),
				"verified_name", "Simulated business", "quality_rating", "GREEN"));
	}

	private void scheduleFailure(String phoneNumberId, String displayNumber, String wamid, String waId,
			String callback) {
		Instant now = Instant.now();
		scheduleStatus(phoneNumberId, displayNumber, wamid, waId, callback, "sent", now, this.settings.sentAfter());
		String timestamp = Long.toString(now.plus(this.settings.deliveredAfter()).getEpochSecond());
		this.webhooks.schedule(phoneNumberId, displayNumber,
				new WebhookPayload.Status(wamid, "failed", timestamp, waId, callback,
						List.of(new WebhookPayload.StatusError(131026, "Message undeliverable",
								"Message failed to send because of an unknown error"))),
				this.settings.deliveredAfter());
	}

	private void scheduleStatuses(String phoneNumberId, String displayNumber, String wamid, String waId,
			String callback) {
		Instant now = Instant.now();
		scheduleStatus(phoneNumberId, displayNumber, wamid, waId, callback, "sent", now, this.settings.sentAfter());
		scheduleStatus(phoneNumberId, displayNumber, wamid, waId, callback, "delivered", now,
				this.settings.deliveredAfter());
		scheduleStatus(phoneNumberId, displayNumber, wamid, waId, callback, "read", now, this.settings.readAfter());
	}

	private void scheduleStatus(String phoneNumberId, String displayNumber, String wamid, String waId, String callback,
			String status, Instant acceptedAt, Duration after) {
		String timestamp = Long.toString(acceptedAt.plus(after).getEpochSecond());
		this.webhooks.schedule(phoneNumberId, displayNumber,
				new WebhookPayload.Status(wamid, status, timestamp, waId, callback, null), after);
	}

	private static String problemWith(SendMessageRequest request) {
		if (!"whatsapp".equals(request.messagingProduct())) {
			return "messaging_product must be \"whatsapp\"";
		}
		if (request.to() == null || !PHONE.matcher(request.to()).matches()) {
			return "to must be a phone number in international format";
		}
		if (!"template".equals(request.type()) || request.template() == null) {
			return "type must be \"template\" with a template object";
		}
		SendMessageRequest.Template template = request.template();
		if (template.name() == null || template.name().isBlank()) {
			return "template.name is required";
		}
		if (template.language() == null || template.language().code() == null || template.language().code().isBlank()) {
			return "template.language.code is required";
		}
		if (request.bizOpaqueCallbackData() != null && request.bizOpaqueCallbackData().length() > 512) {
			return "biz_opaque_callback_data is longer than 512 characters";
		}
		List<SendMessageRequest.Component> components = (template.components() != null) ? template.components()
				: List.of();
		for (SendMessageRequest.Component component : components) {
			for (SendMessageRequest.Parameter parameter : component.parameters()) {
				if ("text".equals(parameter.type()) && (parameter.text() == null || parameter.text().isEmpty())) {
					return "template parameters of type text need a non-empty text";
				}
			}
		}
		return null;
	}

	private String nextWamid() {
		UUID random = UUID.randomUUID();
		ByteBuffer bytes = ByteBuffer.allocate(24)
			.putLong(random.getMostSignificantBits())
			.putLong(random.getLeastSignificantBits())
			.putLong(this.wamids.incrementAndGet());
		return "wamid." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
	}

	private static byte[] readBody(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
			if (body.length > MAX_BODY_BYTES) {
				throw new BodyTooLargeException("The request body is larger than " + MAX_BODY_BYTES + " bytes");
			}
			return body;
		}
	}

	private void respond(HttpExchange exchange, int status, Object body) throws IOException {
		if (body == null) {
			exchange.sendResponseHeaders(status, -1);
			return;
		}
		byte[] bytes = this.json.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	@Override
	public void close() {
		this.webhooks.close();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/**
	 * Runs the simulator alone: {@code --host 0.0.0.0 --port 8090 --app-secret S
	 * --webhook-url U --number id:display:token} (repeatable), or the same from the
	 * environment: {@code SIM_HOST}, {@code SIM_PORT}, {@code SIM_APP_SECRET},
	 * {@code SIM_WEBHOOK_URL}, {@code SIM_NUMBERS} (comma-separated), as in
	 * docker-compose.
	 */
	public static void main(String[] args) throws InterruptedException {
		Map<String, String> env = System.getenv();
		SimulatorSettings settings = SimulatorSettings.defaults(env.getOrDefault("SIM_APP_SECRET", ""))
			.withHost(env.getOrDefault("SIM_HOST", "127.0.0.1"))
			.withPort(Integer.parseInt(env.getOrDefault("SIM_PORT", "8090")));
		if (env.get("SIM_WEBHOOK_URL") != null) {
			settings = settings.withWebhookUrl(URI.create(env.get("SIM_WEBHOOK_URL")));
		}
		List<String[]> numbers = new ArrayList<>();
		for (String number : env.getOrDefault("SIM_NUMBERS", "").split(",")) {
			if (!number.isBlank()) {
				numbers.add(number.trim().split(":", 3));
			}
		}
		for (int i = 0; i + 1 < args.length; i += 2) {
			switch (args[i]) {
				case "--host" -> settings = settings.withHost(args[i + 1]);
				case "--port" -> settings = settings.withPort(Integer.parseInt(args[i + 1]));
				case "--app-secret" -> settings = settings.withAppSecret(args[i + 1]);
				case "--webhook-url" -> settings = settings.withWebhookUrl(URI.create(args[i + 1]));
				case "--number" -> numbers.add(args[i + 1].split(":", 3));
				default -> throw new IllegalArgumentException("Unknown option " + args[i]);
			}
		}
		WhatsAppSimulator simulator = start(settings);
		numbers.forEach((number) -> simulator.registerNumber(number[0], number[1], number[2]));
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			simulator.close();
			stopped.countDown();
		}));
		stopped.await();
	}

	private static final class BodyTooLargeException extends RuntimeException {

		BodyTooLargeException(String message) {
			super(message);
		}

	}

	private record Number(String displayNumber, String accessToken) {

	}

	/** How an accepted send is answered. */
	private enum Answer {

		/** With 200 and the {@code wamid}, at once. */
		PROMPT,

		/** With {@code accepted_then_error_status}, hiding that it was sent. */
		ERROR,

		/** With 200 after {@code hang_ms}: a caller with a shorter timeout gives up. */
		HANG

	}

	private record NumberRegistration(
			@com.fasterxml.jackson.annotation.JsonProperty("phone_number_id") String phoneNumberId,
			@com.fasterxml.jackson.annotation.JsonProperty("display_phone_number") String displayPhoneNumber,
			@com.fasterxml.jackson.annotation.JsonProperty("access_token") String accessToken) {

	}

}

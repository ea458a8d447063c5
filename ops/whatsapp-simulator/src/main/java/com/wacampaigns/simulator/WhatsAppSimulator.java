package com.wacampaigns.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
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
import tools.jackson.databind.node.ObjectNode;

import com.wacampaigns.common.graph.CallbackData;
import com.wacampaigns.common.graph.GraphError;
import com.wacampaigns.common.graph.MessageTemplate;
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
 * A number registered with a WhatsApp Business Account ({@code waba_id}) has that
 * account's message templates ({@link Templates}): {@code GET}, {@code POST} and
 * {@code DELETE /v{N}/{waba-id}/message_templates} list (paged), create and delete them
 * for a bearer token of one of the account's numbers, and each send from the number is
 * checked against its template ({@link TemplateSendCheck}). Sends from a number without
 * an account are not checked against any template.
 * <p>
 * Each number works under Meta's limits: a throughput level (STANDARD or HIGH messages
 * per second, enforced with 130429 when {@link SimulatorSettings.Limits} say so), a
 * quality rating, and its business portfolio's messaging limit (a tier shared by all the
 * portfolio's numbers, whose passing the {@link Ledger} counts but Meta does not refuse).
 * {@code GET /v{N}/{phone-number-id}} answers them, {@code GET /v{N}/{waba-id}} the
 * account's portfolio in {@code owner_business_info}.
 * <p>
 * Control endpoints: {@code GET /_sim/ledger/summary}, {@code GET /_sim/ledger},
 * {@code DELETE /_sim/ledger}, {@code POST /_sim/numbers} with
 * {@code {"phone_number_id","display_phone_number","access_token","waba_id","business_id"}}
 * ({@code waba_id} and {@code business_id} optional), {@code GET} and {@code PUT
 * /_sim/numbers/{phone-number-id}/limits} with
 * {@code {"tier","quality_rating","throughput_level"}} (each optional; a change posts
 * Meta's webhook), {@code PUT}, {@code GET}, {@code DELETE /_sim/faults} (see
 * {@link Faults}), {@code GET /_sim/templates} (every account's templates), {@code PUT
 * /_sim/templates/{name}/status} with
 * {@code {"status":"PAUSED|APPROVED|DISABLED|REJECTED","waba_id","language","reason"}}
 * and {@code PUT /_sim/templates/{name}/quality} with
 * {@code {"score":"GREEN|YELLOW|RED|UNKNOWN","waba_id","language"}} (all but the status
 * and score optional; without {@code waba_id} and {@code language}, every template of
 * that name changes).
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

	private static final Pattern TEMPLATES_PATH = Pattern.compile("^/v\\d+(?:\\.\\d+)?/([^/]+)/message_templates$");

	private static final Pattern TEMPLATE_CONTROL_PATH = Pattern.compile("^/_sim/templates/([^/]+)/(status|quality)$");

	private static final Pattern NUMBER_LIMITS_PATH = Pattern.compile("^/_sim/numbers/([^/]+)/limits$");

	/**
	 * The business portfolio of numbers registered with neither an account nor a
	 * portfolio.
	 */
	static final String DEFAULT_BUSINESS_ID = "1000000000000001";

	private static final String VERIFIED_NAME = "Simulated business";

	private static final Set<String> TEMPLATE_METHODS = Set.of("GET", "POST", "DELETE");

	/** Meta's page size when none is asked for. */
	private static final int DEFAULT_PAGE_SIZE = 25;

	private static final int MAX_PAGE_SIZE = 1000;

	private static final int MAX_BODY_BYTES = 64 * 1024;

	/** Each limit's environment variable and the option it stands for. */
	private static final Map<String, String> LIMIT_VARIABLES = Map.of("SIM_DEFAULT_TIER", "--default-tier",
			"SIM_ENFORCE_THROUGHPUT", "--enforce-throughput", "SIM_STANDARD_MPS", "--standard-mps", "SIM_HIGH_MPS",
			"--high-mps", "SIM_TIER_WINDOW_MS", "--tier-window-ms");

	/** Absent numbers and flags in control requests mean zero and false. */
	private final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private final Map<String, Number> numbers = new ConcurrentHashMap<>();

	/** Each business portfolio's messaging limit, when it is not the default. */
	private final Map<String, MessagingTier> tiers = new ConcurrentHashMap<>();

	private final Map<String, ThroughputGate> throughputGates = new ConcurrentHashMap<>();

	private final SendRequests sendRequests = new SendRequests();

	/** Limit changes one at a time, so that each webhook tells one change. */
	private final Object limitChanges = new Object();

	private final Ledger ledger;

	private final AtomicLong wamids = new AtomicLong();

	private final SimulatorSettings settings;

	private final WebhookSender webhooks;

	private final Templates templates;

	private final HttpServer server;

	/** A thread per exchange, so that a held-back answer holds up no other. */
	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final Map<String, long[]> sendsThisSecond = new ConcurrentHashMap<>();

	private volatile Faults faults = Faults.NONE;

	private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private WhatsAppSimulator(SimulatorSettings settings) throws IOException {
		this.settings = settings;
		this.ledger = new Ledger(settings.limits().tierWindow());
		this.webhooks = new WebhookSender(this.json, settings);
		this.templates = new Templates(this.webhooks, settings.templateReviewAfter());
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

	/**
	 * Accept sends from this business number with this access token, whatever template
	 * they name.
	 */
	public void registerNumber(String phoneNumberId, String displayNumber, String accessToken) {
		registerNumber(phoneNumberId, displayNumber, accessToken, null);
	}

	/**
	 * Accept sends from this business number with this access token; with a WhatsApp
	 * Business Account, check each send against the account's templates (seeded on first
	 * use) and let the token manage them.
	 * @param wabaId the account's id, or {@code null} for none
	 */
	public void registerNumber(String phoneNumberId, String displayNumber, String accessToken, String wabaId) {
		registerNumber(phoneNumberId, displayNumber, accessToken, wabaId, null);
	}

	/**
	 * Accept sends from this business number with this access token, in this business
	 * portfolio; the number starts GREEN at throughput STANDARD, and shares its
	 * portfolio's messaging limit.
	 * @param wabaId the account's id, or {@code null} for none
	 * @param businessId the business portfolio's id, or {@code null} for the account's
	 * (the one its numbers already have, or {@code portfolio-} and the account's id), or
	 * {@code 1000000000000001} without an account. An account belongs to one portfolio:
	 * naming another moves all the account's numbers there.
	 */
	public void registerNumber(String phoneNumberId, String displayNumber, String accessToken, String wabaId,
			String businessId) {
		if (wabaId != null) {
			this.templates.open(wabaId);
		}
		synchronized (this.limitChanges) {
			String portfolio = portfolioOf(wabaId, businessId);
			if (wabaId != null) {
				this.numbers.replaceAll(
						(id, number) -> wabaId.equals(number.wabaId()) ? number.inPortfolio(portfolio) : number);
			}
			this.numbers.put(phoneNumberId, new Number(displayNumber, accessToken, wabaId, portfolio,
					QualityRating.GREEN, ThroughputLevel.STANDARD));
		}
	}

	private String portfolioOf(String wabaId, String businessId) {
		if (businessId != null && !businessId.isBlank()) {
			return businessId;
		}
		if (wabaId == null) {
			return DEFAULT_BUSINESS_ID;
		}
		return this.numbers.values()
			.stream()
			.filter((number) -> wabaId.equals(number.wabaId()))
			.map(Number::businessId)
			.findFirst()
			.orElse("portfolio-" + wabaId);
	}

	/** The limits the number works under, or empty when it is not registered. */
	public Optional<NumberLimits> limits(String phoneNumberId) {
		Number number = this.numbers.get(phoneNumberId);
		if (number == null) {
			return Optional.empty();
		}
		return Optional.of(new NumberLimits(number.businessId(), tierOf(number.businessId()), number.quality(),
				number.throughput()));
	}

	/**
	 * Changes a number's limits mid-run, as Meta would, and posts the signed webhook Meta
	 * posts for each change, on the number's account's entry: {@code
	 * phone_number_quality_update} with event {@code FLAGGED} when the number turns RED,
	 * {@code UNFLAGGED} when it leaves RED (none between GREEN, YELLOW and UNKNOWN), and
	 * {@code THROUGHPUT_UPGRADE} when it goes to HIGH (none back to STANDARD, which Meta
	 * does not do); {@code business_capability_update} to every account of the portfolio
	 * when the tier changes. Nothing changes when a value is unknown.
	 * @param tier the messaging limit of the number's business portfolio, shared by all
	 * its numbers: TIER_250, TIER_2K, TIER_10K, TIER_100K or TIER_UNLIMITED
	 * @param qualityRating GREEN, YELLOW, RED or UNKNOWN
	 * @param throughputLevel STANDARD or HIGH
	 * @return whether the number is registered
	 * @throws IllegalArgumentException for a value Meta does not have ({@code null}s
	 * leave a limit as it is)
	 */
	public boolean numberLimits(String phoneNumberId, String tier, String qualityRating, String throughputLevel) {
		MessagingTier newTier = (tier != null) ? MessagingTier.of(tier) : null;
		QualityRating newQuality = (qualityRating != null) ? QualityRating.of(qualityRating) : null;
		ThroughputLevel newLevel = (throughputLevel != null) ? ThroughputLevel.of(throughputLevel) : null;
		synchronized (this.limitChanges) {
			Number number = this.numbers.get(phoneNumberId);
			if (number == null) {
				return false;
			}
			if (newQuality != null) {
				changeQuality(phoneNumberId, number, newQuality);
			}
			if (newLevel != null) {
				changeThroughput(phoneNumberId, this.numbers.get(phoneNumberId), newLevel);
			}
			if (newTier != null) {
				changeTier(number.businessId(), newTier);
			}
			return true;
		}
	}

	private void changeQuality(String phoneNumberId, Number number, QualityRating quality) {
		this.numbers.put(phoneNumberId, number.withQuality(quality));
		number.quality()
			.eventTo(quality)
			.ifPresent((event) -> announce(entryIdOf(phoneNumberId, number), LimitWebhooks.QUALITY_FIELD,
					LimitWebhooks.qualityChanged(number.displayNumber(), event, tierOf(number.businessId()))));
	}

	private void changeThroughput(String phoneNumberId, Number number, ThroughputLevel level) {
		this.numbers.put(phoneNumberId, number.withThroughput(level));
		if (number.throughput() == ThroughputLevel.STANDARD && level == ThroughputLevel.HIGH) {
			announce(entryIdOf(phoneNumberId, number), LimitWebhooks.QUALITY_FIELD,
					LimitWebhooks.throughputUpgraded(number.displayNumber()));
		}
	}

	/** The tier is the portfolio's: every account with a number in it hears of it. */
	private void changeTier(String businessId, MessagingTier tier) {
		MessagingTier previous = tierOf(businessId);
		this.tiers.put(businessId, tier);
		if (previous == tier) {
			return;
		}
		Set<String> entryIds = new LinkedHashSet<>();
		this.numbers.forEach((phoneNumberId, number) -> {
			if (number.businessId().equals(businessId)) {
				entryIds.add(entryIdOf(phoneNumberId, number));
			}
		});
		entryIds.forEach(
				(entryId) -> announce(entryId, LimitWebhooks.CAPABILITY_FIELD, LimitWebhooks.capabilityChanged(tier)));
	}

	private MessagingTier tierOf(String businessId) {
		return this.tiers.getOrDefault(businessId, this.settings.limits().defaultTier());
	}

	/** The account's id, or what status webhooks use for a number without one. */
	private static String entryIdOf(String phoneNumberId, Number number) {
		return (number.wabaId() != null) ? number.wabaId() : "WABA-" + phoneNumberId;
	}

	private void announce(String entryId, String field, Map<String, Object> value) {
		this.webhooks.scheduleAccountUpdate(entryId, field, value, Duration.ZERO);
	}

	/** The account's templates in the order they were created, seeded on first use. */
	public List<MessageTemplate> templates(String wabaId) {
		return this.templates.all(wabaId);
	}

	/**
	 * Gives the account's templates of that name a new status and posts the
	 * {@code message_template_status_update} webhook, as {@code PUT
	 * /_sim/templates/{name}/status} does.
	 * @param status APPROVED, PAUSED, DISABLED or REJECTED
	 * @return whether the account has a template of that name
	 */
	public boolean templateStatus(String wabaId, String name, String status) {
		return this.templates.changeStatus(wabaId, name, null, TemplateStatusChange.checked(status), null) > 0;
	}

	/**
	 * Gives the account's templates of that name a new quality score and posts the
	 * {@code message_template_quality_update} webhook.
	 * @param score GREEN, YELLOW, RED or UNKNOWN
	 * @return whether the account has a template of that name
	 */
	public boolean templateQuality(String wabaId, String name, String score) {
		return this.templates.changeQuality(wabaId, name, null, TemplateQualityChange.checked(score)) > 0;
	}

	/** Where status webhooks go from now on. */
	public void webhookUrl(URI url) {
		this.webhooks.url(url);
	}

	/**
	 * The most send requests a number got in any window of this length, answered or
	 * refused (the ledger holds the accepted ones only).
	 */
	public long busiestRequests(String phoneNumberId, Duration window) {
		return this.sendRequests.busiest(phoneNumberId, window);
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
		Matcher templatesPath = TEMPLATES_PATH.matcher(path);
		Matcher templateControlPath = TEMPLATE_CONTROL_PATH.matcher(path);
		Matcher numberLimitsPath = NUMBER_LIMITS_PATH.matcher(path);
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
			this.sendRequests.clear();
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
		else if (templatesPath.matches() && TEMPLATE_METHODS.contains(method)) {
			messageTemplates(exchange, templatesPath.group(1));
		}
		else if (path.equals("/_sim/numbers") && method.equals("POST")) {
			NumberRegistration number = this.json.readValue(readBody(exchange), NumberRegistration.class);
			registerNumber(number.phoneNumberId(), number.displayPhoneNumber(), number.accessToken(), number.wabaId(),
					number.businessId());
			respond(exchange, 204, null);
		}
		else if (numberLimitsPath.matches() && method.equals("GET")) {
			Optional<NumberLimits> limits = limits(numberLimitsPath.group(1));
			if (limits.isPresent()) {
				respond(exchange, 200, limits.get());
			}
			else {
				respond(exchange, 404, noSuchNumber(numberLimitsPath.group(1)));
			}
		}
		else if (numberLimitsPath.matches() && method.equals("PUT")) {
			changeLimits(exchange, numberLimitsPath.group(1));
		}
		else if (path.equals("/_sim/templates") && method.equals("GET")) {
			respond(exchange, 200, this.templates.everyAccount());
		}
		else if (templateControlPath.matches() && method.equals("PUT")) {
			changeTemplate(exchange, templateControlPath.group(1), templateControlPath.group(2));
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
		this.sendRequests.record(phoneNumberId);
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
		if (number.wabaId() != null) {
			SendMessageRequest.Template template = request.template();
			MessageTemplate known = this.templates.find(number.wabaId(), template.name(), template.language().code())
				.orElse(null);
			Optional<GraphError> refused = TemplateSendCheck.problem(known, template);
			if (refused.isPresent()) {
				respond(exchange, 400, refused.get());
				return;
			}
		}
		Optional<Instant> admitted = admit(phoneNumberId, number);
		if (admitted.isEmpty()) {
			respond(exchange, 400, rateLimitHit());
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
		this.ledger.record(admitted.get(), campaign, waId, wamid, phoneNumberId, request.template());
		this.ledger.recordReach(number.businessId(), tierOf(number.businessId()), waId);
		// Accepted is accepted: the statuses follow whatever the caller hears back.
		if (undeliverable) {
			scheduleFailure(number, phoneNumberId, wamid, waId, callback);
		}
		else {
			scheduleStatuses(number, phoneNumberId, wamid, waId, callback);
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
			respond(exchange, 400, rateLimitHit());
		}
		else if (chance(faults.marketingLimitShare())) {
			respond(exchange, 400, GraphError.of(131049, "OAuthException",
					"This message was not delivered to maintain healthy ecosystem engagement.",
					"In order to maintain a healthy ecosystem engagement, the message failed to be delivered."));
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

	/**
	 * Holds the number to its throughput level's messages per second when the settings
	 * say so. The gate is made anew when the number's level changes.
	 * @return when the send was admitted, or empty when it is over the number's
	 * throughput
	 */
	private Optional<Instant> admit(String phoneNumberId, Number number) {
		SimulatorSettings.Limits limits = this.settings.limits();
		if (!limits.enforceThroughput()) {
			return Optional.of(Instant.now());
		}
		int perSecond = limits.messagesPerSecond(number.throughput());
		ThroughputGate gate = this.throughputGates.get(phoneNumberId);
		if (gate == null || gate.perSecond() != perSecond) {
			gate = this.throughputGates.compute(phoneNumberId, (id,
					held) -> (held != null && held.perSecond() == perSecond) ? held : new ThroughputGate(perSecond));
		}
		return gate.admit();
	}

	/** Meta's answer to a number over its throughput, or in a throttling storm. */
	private static GraphError rateLimitHit() {
		return GraphError.of(130429, "OAuthException", "(#130429) Rate limit hit",
				"Cloud API message throughput has been reached.");
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

	/**
	 * {@code GET /v{N}/{phone-number-id}}: how a client checks a token for a number and
	 * reads its limits; {@code GET /v{N}/{waba-id}} for an account. Both answer only the
	 * {@code fields} asked for, when asked, and the id.
	 */
	private void phoneNumber(HttpExchange exchange, String phoneNumberId) throws IOException {
		Number number = this.numbers.get(phoneNumberId);
		if (number == null && isAccount(phoneNumberId)) {
			account(exchange, phoneNumberId);
			return;
		}
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (number == null || this.faults.tokenExpired() || authorization == null
				|| !authorization.equals("Bearer " + number.accessToken())) {
			respond(exchange, 401, invalidToken());
			return;
		}
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("verified_name", VERIFIED_NAME);
		fields.put("display_phone_number", number.displayNumber());
		fields.put("quality_rating", number.quality().name());
		fields.put("whatsapp_business_manager_messaging_limit", tierOf(number.businessId()).name());
		fields.put("throughput", Map.of("level", number.throughput().name()));
		fields.put("id", phoneNumberId);
		respond(exchange, 200, onlyAskedFor(fields, query(exchange.getRequestURI()).get("fields")));
	}

	private boolean isAccount(String wabaId) {
		return this.numbers.values().stream().anyMatch((number) -> wabaId.equals(number.wabaId()));
	}

	/**
	 * {@code GET /v{N}/{waba-id}?fields=owner_business_info}: the account's business
	 * portfolio, for a bearer token of one of its numbers.
	 */
	private void account(HttpExchange exchange, String wabaId) throws IOException {
		if (!mayManage(exchange, wabaId)) {
			respond(exchange, 401, invalidToken());
			return;
		}
		String businessId = portfolioOf(wabaId, null);
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("name", VERIFIED_NAME);
		fields.put("owner_business_info", new BusinessPortfolio(VERIFIED_NAME + " portfolio", businessId));
		fields.put("id", wabaId);
		respond(exchange, 200, onlyAskedFor(fields, query(exchange.getRequestURI()).get("fields")));
	}

	/** Only the fields asked for, and the id, as the Graph API answers. */
	private static Map<String, Object> onlyAskedFor(Map<String, Object> fields, String asked) {
		if (asked == null || asked.isBlank()) {
			return fields;
		}
		Set<String> kept = new LinkedHashSet<>();
		for (String field : asked.split(",")) {
			kept.add(field.trim());
		}
		kept.add("id");
		Map<String, Object> answer = new LinkedHashMap<>(fields);
		answer.keySet().retainAll(kept);
		return answer;
	}

	private static GraphError invalidToken() {
		return GraphError.of(190, "OAuthException",
				"Error validating access token: The session is invalid or has expired", null);
	}

	private static GraphError noSuchNumber(String phoneNumberId) {
		return GraphError.of(100, "GraphMethodException", "No registered number " + phoneNumberId, null);
	}

	/** {@code PUT /_sim/numbers/{phone-number-id}/limits}. */
	private void changeLimits(HttpExchange exchange, String phoneNumberId) throws IOException {
		LimitsChange change = this.json.readValue(readBody(exchange), LimitsChange.class);
		boolean registered;
		try {
			registered = numberLimits(phoneNumberId, change.tier(), change.qualityRating(), change.throughputLevel());
		}
		catch (IllegalArgumentException ex) {
			respond(exchange, 400, GraphError.of(100, "OAuthException", "(#100) Invalid parameter", ex.getMessage()));
			return;
		}
		if (!registered) {
			respond(exchange, 404, noSuchNumber(phoneNumberId));
			return;
		}
		respond(exchange, 204, null);
	}

	private void scheduleFailure(Number number, String phoneNumberId, String wamid, String waId, String callback) {
		Instant now = Instant.now();
		scheduleStatus(number, phoneNumberId, wamid, waId, callback, "sent", now, this.settings.sentAfter());
		String timestamp = Long.toString(now.plus(this.settings.deliveredAfter()).getEpochSecond());
		this.webhooks.schedule(number.wabaId(), phoneNumberId, number.displayNumber(),
				new WebhookPayload.Status(wamid, "failed", timestamp, waId, callback,
						List.of(new WebhookPayload.StatusError(131026, "Message undeliverable",
								"Message failed to send because of an unknown error"))),
				this.settings.deliveredAfter());
	}

	private void scheduleStatuses(Number number, String phoneNumberId, String wamid, String waId, String callback) {
		Instant now = Instant.now();
		scheduleStatus(number, phoneNumberId, wamid, waId, callback, "sent", now, this.settings.sentAfter());
		scheduleStatus(number, phoneNumberId, wamid, waId, callback, "delivered", now, this.settings.deliveredAfter());
		scheduleStatus(number, phoneNumberId, wamid, waId, callback, "read", now, this.settings.readAfter());
	}

	private void scheduleStatus(Number number, String phoneNumberId, String wamid, String waId, String callback,
			String status, Instant acceptedAt, Duration after) {
		String timestamp = Long.toString(acceptedAt.plus(after).getEpochSecond());
		this.webhooks.schedule(number.wabaId(), phoneNumberId, number.displayNumber(),
				new WebhookPayload.Status(wamid, status, timestamp, waId, callback, null), after);
	}

	/**
	 * {@code /v{N}/{waba-id}/message_templates}: a bearer token of one of the account's
	 * numbers may list, create and delete its templates.
	 */
	private void messageTemplates(HttpExchange exchange, String wabaId) throws IOException {
		if (!mayManage(exchange, wabaId)) {
			respond(exchange, 401, invalidToken());
			return;
		}
		switch (exchange.getRequestMethod()) {
			case "GET" -> listTemplates(exchange, wabaId);
			case "POST" -> createTemplate(exchange, wabaId);
			default -> deleteTemplate(exchange, wabaId);
		}
	}

	private boolean mayManage(HttpExchange exchange, String wabaId) {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (authorization == null || this.faults.tokenExpired()) {
			return false;
		}
		return this.numbers.values()
			.stream()
			.anyMatch((number) -> wabaId.equals(number.wabaId())
					&& authorization.equals("Bearer " + number.accessToken()));
	}

	/**
	 * A page of templates: {@code limit} (25 by default), {@code after} or {@code before}
	 * a cursor, {@code fields} (comma-separated; {@code id} always comes along), and the
	 * filters {@code name} (part of the name), {@code status} and {@code language}.
	 */
	private void listTemplates(HttpExchange exchange, String wabaId) throws IOException {
		Map<String, String> query = query(exchange.getRequestURI());
		int limit;
		try {
			limit = Integer.parseInt(query.getOrDefault("limit", Integer.toString(DEFAULT_PAGE_SIZE)));
		}
		catch (NumberFormatException ex) {
			limit = 0;
		}
		if (limit < 1 || limit > MAX_PAGE_SIZE) {
			respond(exchange, 400, GraphError.of(100, "OAuthException", "(#100) Invalid parameter",
					"limit must be a number from 1 to " + MAX_PAGE_SIZE));
			return;
		}
		Long after = null;
		Long before = null;
		for (String name : List.of("after", "before")) {
			if (query.get(name) == null) {
				continue;
			}
			OptionalLong position = Templates.position(query.get(name));
			if (position.isEmpty()) {
				respond(exchange, 400, GraphError.of(131059, "OAuthException", "(#131059) Invalid paging cursor",
						"The " + name + " cursor is not valid; start again from the first page"));
				return;
			}
			if (name.equals("after")) {
				after = position.getAsLong();
			}
			else {
				before = position.getAsLong();
			}
		}
		Templates.Slice slice = this.templates.slice(wabaId, filter(query), after, before, limit);
		Map<String, Object> page = new LinkedHashMap<>();
		page.put("data", slice.data().stream().map((template) -> withFields(template, query.get("fields"))).toList());
		if (!slice.data().isEmpty()) {
			String first = Templates.cursor(slice.data().get(0));
			String last = Templates.cursor(slice.data().get(slice.data().size() - 1));
			page.put("paging",
					new MessageTemplate.Paging(new MessageTemplate.Cursors(first, last),
							slice.more() ? pageUrl(exchange, query, "after", last) : null,
							slice.earlier() ? pageUrl(exchange, query, "before", first) : null));
		}
		respond(exchange, 200, page);
	}

	private static Predicate<MessageTemplate> filter(Map<String, String> query) {
		String name = query.get("name");
		String language = query.get("language");
		Set<String> statuses = (query.get("status") != null)
				? Set.copyOf(Arrays.asList(query.get("status").toUpperCase(Locale.ROOT).split(","))) : null;
		return (template) -> (name == null || template.name().contains(name))
				&& (language == null || template.language().equals(language))
				&& (statuses == null || statuses.contains(template.status()));
	}

	/** Only the fields asked for, and the id, as the Graph API answers. */
	private Object withFields(MessageTemplate template, String fields) {
		if (fields == null || fields.isBlank()) {
			return template;
		}
		Set<String> kept = new LinkedHashSet<>(Arrays.asList(fields.split(",")));
		kept.add("id");
		ObjectNode node = this.json.valueToTree(template);
		return node.retain(kept.stream().map(String::trim).toList());
	}

	/** The full URL of the next or previous page: Meta's links are absolute. */
	private String pageUrl(HttpExchange exchange, Map<String, String> query, String cursorName, String cursor) {
		Map<String, String> linked = new LinkedHashMap<>(query);
		linked.remove("after");
		linked.remove("before");
		linked.put(cursorName, cursor);
		StringBuilder url = new StringBuilder("http://");
		String host = exchange.getRequestHeaders().getFirst("Host");
		url.append((host != null) ? host : "127.0.0.1:" + port()).append(exchange.getRequestURI().getRawPath());
		char separator = '?';
		for (Map.Entry<String, String> parameter : linked.entrySet()) {
			url.append(separator)
				.append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
			separator = '&';
		}
		return url.toString();
	}

	private void createTemplate(HttpExchange exchange, String wabaId) throws IOException {
		MessageTemplate template = TemplateRules
			.normalised(this.json.readValue(readBody(exchange), MessageTemplate.class));
		String problem = TemplateRules.problem(template);
		if (problem != null) {
			respond(exchange, 400, GraphError.of(100, "OAuthException", "(#100) Invalid parameter", problem));
			return;
		}
		Optional<MessageTemplate.Created> created = this.templates.create(wabaId, template);
		if (created.isEmpty()) {
			GraphError.Body duplicate = GraphError
				.of(100, "OAuthException", "(#100) Invalid parameter",
						"Message template already exists: there is already " + template.language() + " content for "
								+ template.name())
				.error();
			// Template management still answers with Meta's subcode for this case.
			respond(exchange, 400, new GraphError(new GraphError.Body(duplicate.message(), duplicate.type(),
					duplicate.code(), 2388024, duplicate.errorData(), duplicate.fbtraceId())));
			return;
		}
		respond(exchange, 200, created.get());
	}

	/** {@code ?name=X} deletes every language of X; {@code &hsm_id=ID} only that one. */
	private void deleteTemplate(HttpExchange exchange, String wabaId) throws IOException {
		Map<String, String> query = query(exchange.getRequestURI());
		String name = query.get("name");
		if (name == null || name.isBlank()) {
			respond(exchange, 400, GraphError.of(100, "OAuthException", "(#100) The parameter name is required", null));
			return;
		}
		if (this.templates.delete(wabaId, name, query.get("hsm_id")) == 0) {
			respond(exchange, 400,
					GraphError.of(100, "OAuthException", "(#100) Invalid parameter", "Message template not found: "
							+ name + ((query.get("hsm_id") != null) ? " with id " + query.get("hsm_id") : "")));
			return;
		}
		respond(exchange, 200, Map.of("success", true));
	}

	/** {@code PUT /_sim/templates/{name}/status} and {@code .../quality}. */
	private void changeTemplate(HttpExchange exchange, String name, String what) throws IOException {
		byte[] body = readBody(exchange);
		int changed;
		if (what.equals("status")) {
			TemplateStatusChange change = this.json.readValue(body, TemplateStatusChange.class);
			changed = this.templates.changeStatus(change.wabaId(), name, change.language(), change.status(),
					change.reason());
		}
		else {
			TemplateQualityChange change = this.json.readValue(body, TemplateQualityChange.class);
			changed = this.templates.changeQuality(change.wabaId(), name, change.language(), change.score());
		}
		if (changed == 0) {
			respond(exchange, 404, GraphError.of(100, "GraphMethodException", "No template named " + name, null));
			return;
		}
		respond(exchange, 204, null);
	}

	/** The query parameters, decoded; the first of a repeated one wins. */
	private static Map<String, String> query(URI uri) {
		Map<String, String> query = new LinkedHashMap<>();
		String raw = uri.getRawQuery();
		if (raw == null || raw.isEmpty()) {
			return query;
		}
		for (String pair : raw.split("&")) {
			int equals = pair.indexOf('=');
			String key = URLDecoder.decode((equals < 0) ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
			String value = (equals < 0) ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			query.putIfAbsent(key, value);
		}
		return query;
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
			List<SendMessageRequest.Parameter> parameters = (component.parameters() != null) ? component.parameters()
					: List.of();
			for (SendMessageRequest.Parameter parameter : parameters) {
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
		this.templates.close();
		this.webhooks.close();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/**
	 * Runs the simulator alone: {@code --host 0.0.0.0 --port 8090 --app-secret S
	 * --webhook-url U --number id:display:token[:waba-id[:business-id]]} (repeatable)
	 * {@code --template-review-after-ms 2000} (negative: only the control API reviews)
	 * {@code --default-tier TIER_UNLIMITED --enforce-throughput false --standard-mps 80
	 * --high-mps 1000 --tier-window-ms 86400000}, or the same from the environment:
	 * {@code SIM_HOST}, {@code SIM_PORT}, {@code SIM_APP_SECRET},
	 * {@code SIM_WEBHOOK_URL}, {@code SIM_NUMBERS} (comma-separated),
	 * {@code SIM_TEMPLATE_REVIEW_AFTER_MS}, {@code SIM_DEFAULT_TIER},
	 * {@code SIM_ENFORCE_THROUGHPUT}, {@code SIM_STANDARD_MPS}, {@code SIM_HIGH_MPS},
	 * {@code SIM_TIER_WINDOW_MS}, as in docker-compose.
	 */
	public static void main(String[] args) throws InterruptedException {
		Map<String, String> env = System.getenv();
		SimulatorSettings settings = SimulatorSettings.defaults(env.getOrDefault("SIM_APP_SECRET", ""))
			.withHost(env.getOrDefault("SIM_HOST", "127.0.0.1"))
			.withPort(Integer.parseInt(env.getOrDefault("SIM_PORT", "8090")));
		if (env.get("SIM_WEBHOOK_URL") != null) {
			settings = settings.withWebhookUrl(URI.create(env.get("SIM_WEBHOOK_URL")));
		}
		if (env.get("SIM_TEMPLATE_REVIEW_AFTER_MS") != null) {
			settings = settings.withTemplateReviewAfter(reviewAfter(env.get("SIM_TEMPLATE_REVIEW_AFTER_MS")));
		}
		for (Map.Entry<String, String> limit : LIMIT_VARIABLES.entrySet()) {
			if (env.get(limit.getKey()) != null) {
				settings = withLimit(settings, limit.getValue(), env.get(limit.getKey()));
			}
		}
		List<String[]> numbers = new ArrayList<>();
		for (String number : env.getOrDefault("SIM_NUMBERS", "").split(",")) {
			if (!number.isBlank()) {
				numbers.add(number.trim().split(":", 5));
			}
		}
		for (int i = 0; i + 1 < args.length; i += 2) {
			switch (args[i]) {
				case "--host" -> settings = settings.withHost(args[i + 1]);
				case "--port" -> settings = settings.withPort(Integer.parseInt(args[i + 1]));
				case "--app-secret" -> settings = settings.withAppSecret(args[i + 1]);
				case "--webhook-url" -> settings = settings.withWebhookUrl(URI.create(args[i + 1]));
				case "--number" -> numbers.add(args[i + 1].split(":", 5));
				case "--template-review-after-ms" ->
					settings = settings.withTemplateReviewAfter(reviewAfter(args[i + 1]));
				case "--default-tier", "--enforce-throughput", "--standard-mps", "--high-mps", "--tier-window-ms" ->
					settings = withLimit(settings, args[i], args[i + 1]);
				default -> throw new IllegalArgumentException("Unknown option " + args[i]);
			}
		}
		WhatsAppSimulator simulator = start(settings);
		numbers.forEach((number) -> simulator.registerNumber(number[0], number[1], number[2],
				(number.length > 3) ? number[3] : null, (number.length > 4) ? number[4] : null));
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			simulator.close();
			stopped.countDown();
		}));
		stopped.await();
	}

	private static SimulatorSettings withLimit(SimulatorSettings settings, String option, String value) {
		SimulatorSettings.Limits limits = settings.limits();
		String trimmed = value.trim();
		return settings.withLimits(switch (option) {
			case "--default-tier" -> limits.withDefaultTier(MessagingTier.of(trimmed));
			case "--enforce-throughput" -> limits.withEnforceThroughput(Boolean.parseBoolean(trimmed));
			case "--standard-mps" -> limits.withStandardMps(Integer.parseInt(trimmed));
			case "--high-mps" -> limits.withHighMps(Integer.parseInt(trimmed));
			case "--tier-window-ms" -> limits.withTierWindow(Duration.ofMillis(Long.parseLong(trimmed)));
			default -> throw new IllegalArgumentException("Unknown option " + option);
		});
	}

	private static Duration reviewAfter(String millis) {
		long value = Long.parseLong(millis.trim());
		return (value < 0) ? null : Duration.ofMillis(value);
	}

	private static final class BodyTooLargeException extends RuntimeException {

		BodyTooLargeException(String message) {
			super(message);
		}

	}

	/**
	 * @param wabaId the number's WhatsApp Business Account, {@code null} for none
	 * @param businessId the business portfolio, whose messaging limit the number shares
	 */
	private record Number(String displayNumber, String accessToken, String wabaId, String businessId,
			QualityRating quality, ThroughputLevel throughput) {

		Number inPortfolio(String businessId) {
			return new Number(this.displayNumber, this.accessToken, this.wabaId, businessId, this.quality,
					this.throughput);
		}

		Number withQuality(QualityRating quality) {
			return new Number(this.displayNumber, this.accessToken, this.wabaId, this.businessId, quality,
					this.throughput);
		}

		Number withThroughput(ThroughputLevel throughput) {
			return new Number(this.displayNumber, this.accessToken, this.wabaId, this.businessId, this.quality,
					throughput);
		}

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
			@com.fasterxml.jackson.annotation.JsonProperty("access_token") String accessToken,
			@com.fasterxml.jackson.annotation.JsonProperty("waba_id") String wabaId,
			@com.fasterxml.jackson.annotation.JsonProperty("business_id") String businessId) {

	}

	/** An account's {@code owner_business_info}. */
	private record BusinessPortfolio(String name, String id) {

	}

	/**
	 * A number's new limits; an absent one stays as it is.
	 *
	 * @param tier the portfolio's messaging limit, TIER_250 to TIER_UNLIMITED (any case)
	 * @param qualityRating GREEN, YELLOW, RED or UNKNOWN (any case)
	 * @param throughputLevel STANDARD or HIGH (any case)
	 */
	private record LimitsChange(String tier,
			@com.fasterxml.jackson.annotation.JsonProperty("quality_rating") String qualityRating,
			@com.fasterxml.jackson.annotation.JsonProperty("throughput_level") String throughputLevel) {

	}

	/**
	 * A template's new status, as Meta's review or quality rating would give it.
	 *
	 * @param status APPROVED, PAUSED, DISABLED or REJECTED (any case)
	 * @param wabaId only that account's templates, or every account's
	 * @param language only that language, or every one
	 * @param reason the webhook's reason, such as a rejection's {@code INVALID_FORMAT}
	 */
	private record TemplateStatusChange(String status,
			@com.fasterxml.jackson.annotation.JsonProperty("waba_id") String wabaId, String language, String reason) {

		private static final Set<String> STATUSES = Set.of("APPROVED", "PAUSED", "DISABLED", "REJECTED");

		TemplateStatusChange {
			status = checked(status);
		}

		static String checked(String status) {
			String upper = (status != null) ? status.toUpperCase(Locale.ROOT) : null;
			if (upper == null || !STATUSES.contains(upper)) {
				throw new IllegalArgumentException(
						"status must be APPROVED, PAUSED, DISABLED or REJECTED, not " + status);
			}
			return upper;
		}

	}

	/**
	 * A template's new quality score.
	 *
	 * @param score GREEN, YELLOW, RED or UNKNOWN (any case)
	 * @param wabaId only that account's templates, or every account's
	 * @param language only that language, or every one
	 */
	private record TemplateQualityChange(String score,
			@com.fasterxml.jackson.annotation.JsonProperty("waba_id") String wabaId, String language) {

		private static final Set<String> SCORES = Set.of("GREEN", "YELLOW", "RED", "UNKNOWN");

		TemplateQualityChange {
			score = checked(score);
		}

		static String checked(String score) {
			String upper = (score != null) ? score.toUpperCase(Locale.ROOT) : null;
			if (upper == null || !SCORES.contains(upper)) {
				throw new IllegalArgumentException("score must be GREEN, YELLOW, RED or UNKNOWN, not " + score);
			}
			return upper;
		}

	}

}

package com.wacampaigns.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A customer's webhook endpoint on the loopback, for tests: it answers 503 to the first
 * requests it is told to fail, then the status it is told (200 by default), records every
 * request, checks each signature as the Standard Webhooks specification says (written
 * here from the specification, not with the gateway's code) and keeps the events of the
 * requests it accepted, deduplicated by their ids as a customer would.
 */
public final class EndpointReceiver implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final AtomicInteger toFail;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger mostAtOnce = new AtomicInteger();

	private volatile int answer = 200;

	private volatile Duration pause = Duration.ZERO;

	private volatile String secret;

	private EndpointReceiver(int failFirst) {
		this.toFail = new AtomicInteger(failFirst);
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/hook", this::handle);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.start();
	}

	/** A receiver that fails its first {@code failFirst} requests with 503. */
	public static EndpointReceiver failingFirst(int failFirst) {
		return new EndpointReceiver(failFirst);
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook";
	}

	/** The endpoint's secret, as its registration answered it. */
	public void secret(String secret) {
		this.secret = secret;
	}

	/** What it answers from now on, once its first failures are spent. */
	public void answer(int status) {
		this.answer = status;
	}

	/** How long it takes before answering each request from now on: a slow endpoint. */
	public void answerAfter(Duration pause) {
		this.pause = pause;
	}

	/** The most requests it was answering at one moment. */
	public int mostAtOnce() {
		return this.mostAtOnce.get();
	}

	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/** Every event of every accepted request, repeats included. */
	public List<JsonNode> acceptedEvents() {
		List<JsonNode> events = new ArrayList<>();
		for (Request request : this.requests) {
			if (request.answered() / 100 == 2) {
				JSON.readTree(request.body()).get("events").forEach(events::add);
			}
		}
		return events;
	}

	/** The accepted events once each, by id, in the order they first came. */
	public Map<String, JsonNode> eventsById() {
		Map<String, JsonNode> byId = new LinkedHashMap<>();
		acceptedEvents().forEach((event) -> byId.putIfAbsent(event.get("id").asString(), event));
		return byId;
	}

	private void handle(HttpExchange exchange) throws IOException {
		this.mostAtOnce.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
		try (exchange; InputStream in = exchange.getRequestBody()) {
			Thread.sleep(this.pause);
			String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			String id = exchange.getRequestHeaders().getFirst("webhook-id");
			String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
			String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
			int status = (this.toFail.getAndDecrement() > 0) ? 503 : this.answer;
			this.requests
				.add(new Request(id, timestamp, signature, body, status, verifies(id, timestamp, signature, body)));
			exchange.sendResponseHeaders(status, -1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.inFlight.decrementAndGet();
		}
	}

	/**
	 * Standard Webhooks: the header holds space-separated {@code v1,<base64>} signatures;
	 * one must equal the HMAC-SHA256 of {@code id.timestamp.body} keyed with the secret's
	 * base64 part after {@code whsec_}.
	 */
	private boolean verifies(String id, String timestamp, String header, String body) {
		String secret = this.secret;
		if (secret == null || id == null || timestamp == null || header == null) {
			return false;
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
			byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
			for (String candidate : header.split(" ")) {
				if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected,
						Base64.getDecoder().decode(candidate.substring("v1,".length())))) {
					return true;
				}
			}
			return false;
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * One request as it came.
	 *
	 * @param answered the status it was answered
	 * @param signatureValid whether its signature verified with the secret known then
	 */
	public record Request(String id, String timestamp, String signature, String body, int answered,
			boolean signatureValid) {

	}

}

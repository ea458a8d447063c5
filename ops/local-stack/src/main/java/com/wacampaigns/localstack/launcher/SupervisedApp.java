package com.wacampaigns.localstack.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

import com.wacampaigns.localstack.StackApps.App;

/**
 * One app as its own JVM, as in production, restarted when it dies. Its settings, secrets
 * included, go in through {@code SPRING_APPLICATION_JSON}, so they never show in a
 * process list; its output goes to a log file.
 */
public final class SupervisedApp {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final App app;

	private final Path jar;

	private final int port;

	private final String settingsJson;

	private final Path log;

	private volatile Process process;

	private volatile boolean stopping;

	private int restarts;

	private final String maxHeap;

	SupervisedApp(App app, Path jar, int port, Map<String, String> settings, Path logDirectory) {
		this(app, jar, port, settings, logDirectory, "512m");
	}

	/**
	 * @param maxHeap the JVM's {@code -Xmx}, such as {@code 256m}: the benchmarks run the
	 * gateway in the heap its figures promise
	 */
	public SupervisedApp(App app, Path jar, int port, Map<String, String> settings, Path logDirectory, String maxHeap) {
		this.maxHeap = maxHeap;
		this.app = app;
		this.jar = jar;
		this.port = port;
		this.settingsJson = JsonMapper.builder().build().writeValueAsString(settings);
		this.log = logDirectory.resolve(app.moduleName() + ".log");
	}

	String name() {
		return this.app.moduleName();
	}

	public Path log() {
		return this.log;
	}

	public synchronized void start() throws IOException {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(List.of("-Xmx" + this.maxHeap, "-XX:+ExitOnOutOfMemoryError", "-jar", this.jar.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
		builder.environment().put("SPRING_APPLICATION_JSON", this.settingsJson);
		Process started = builder.start();
		this.process = started;
		started.onExit().thenAccept(this::exited);
	}

	/**
	 * Waits until the app's health endpoint answers UP; fails if the process dies first.
	 */
	public void awaitHealthy() throws InterruptedException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health"))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive() && this.restarts == 0) {
				throw new IllegalStateException(name() + " exited while starting; see " + this.log);
			}
			try {
				if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			TimeUnit.MILLISECONDS.sleep(500);
		}
		throw new IllegalStateException(
				name() + " did not become healthy within " + START_TIMEOUT + "; see " + this.log);
	}

	public long pid() {
		return this.process.pid();
	}

	public int port() {
		return this.port;
	}

	private void exited(Process gone) {
		if (this.stopping) {
			return;
		}
		try {
			// A Ctrl-C reaches the children too; give the launcher's own shutdown a
			// moment to begin.
			TimeUnit.SECONDS.sleep(Math.min(1L << Math.min(this.restarts, 4), 10));
			synchronized (this) {
				if (this.stopping) {
					return;
				}
				this.restarts++;
				start();
			}
			System.out.printf("%nRESTARTED %s pid=%d port=%d (exit code %d, restart %d)%n", name(), pid(), this.port,
					gone.exitValue(), this.restarts);
		}
		catch (IOException | InterruptedException ex) {
			System.out.printf("%nCould not restart %s: %s%n", name(), ex.getMessage());
		}
	}

	/** SIGTERM, a graceful wait, then SIGKILL. */
	public void stop() {
		Process current;
		synchronized (this) {
			this.stopping = true;
			current = this.process;
		}
		if (current == null || !current.isAlive()) {
			return;
		}
		current.destroy();
		try {
			if (!current.waitFor(20, TimeUnit.SECONDS)) {
				current.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			current.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	public static Path jarOf(Path home, App app) throws IOException {
		Path target = home.resolve(app.moduleName()).resolve("target");
		try (var files = Files.list(target)) {
			return files.filter((file) -> file.getFileName().toString().endsWith("-exec.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"No executable jar in " + target + "; build first: ./mvnw -DskipTests package"));
		}
	}

}

package com.wacampaigns.localstack.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.postgresql.ds.PGSimpleDataSource;
import sun.misc.Signal;

import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.DemoData.Credentials;
import com.wacampaigns.localstack.GatewayClient;
import com.wacampaigns.localstack.LocalKafka;
import com.wacampaigns.localstack.LocalPostgres;
import com.wacampaigns.localstack.StackApps;
import com.wacampaigns.localstack.StackApps.App;
import com.wacampaigns.localstack.StackSecrets;
import com.wacampaigns.simulator.SimulatorSettings;
import com.wacampaigns.simulator.WhatsAppSimulator;

/**
 * Runs the whole system on this machine with nothing installed but a JDK: a real Kafka
 * broker (KRaft) and a real PostgreSQL in this JVM, the WhatsApp simulator, and the three
 * apps as supervised processes of their own. It seeds the demo data, runs a demo
 * campaign, and keeps everything up until Ctrl-C, which stops it all.
 */
public final class LocalStackLauncher {

	private static final String DATABASE = "campaigns";

	private final LauncherOptions options;

	private final PrintStream out = System.out;

	private final List<SupervisedApp> apps = new CopyOnWriteArrayList<>();

	private final AtomicBoolean stopping = new AtomicBoolean();

	private LocalPostgres postgres;

	private LocalKafka kafka;

	private WhatsAppSimulator simulator;

	private LocalStackLauncher(LauncherOptions options) {
		this.options = options;
	}

	public static void main(String[] args) throws Exception {
		LauncherOptions options;
		try {
			options = LauncherOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(
					ex.getMessage().isEmpty() ? LauncherOptions.USAGE : ex.getMessage() + "\n" + LauncherOptions.USAGE);
			System.exit(2);
			return;
		}
		LocalStackLauncher launcher = new LocalStackLauncher(options);
		// Ctrl-C and SIGTERM stop things in order (apps, then broker, then database)
		// before the
		// JVM's shutdown hooks run: Kafka's own hooks delete its log folder, in no order
		// with ours.
		CountDownLatch stopRequested = new CountDownLatch(1);
		Signal.handle(new Signal("INT"), (signal) -> stopRequested.countDown());
		Signal.handle(new Signal("TERM"), (signal) -> stopRequested.countDown());
		Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "local-stack-stop"));
		Thread.ofPlatform().name("local-stack-stopper").start(() -> {
			try {
				stopRequested.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			launcher.stop();
			System.exit(0);
		});
		try {
			launcher.start();
		}
		catch (Exception ex) {
			System.err.println("The local stack could not start: " + ex.getMessage());
			launcher.stop();
			System.exit(1);
		}
	}

	private void start() throws Exception {
		Files.createDirectories(this.options.workDirectory().resolve("logs"));
		this.out.printf("Starting PostgreSQL on port %d and a Kafka broker...%n", this.options.postgresPort());
		this.postgres = LocalPostgres.start(this.options.postgresPort(),
				this.options.workDirectory().resolve("postgres"));
		this.postgres.createDatabase(DATABASE);
		this.kafka = LocalKafka.start(this.options.kafkaPort());
		this.out.printf("STARTED postgres port=%d%nSTARTED kafka bootstrap=%s%n", this.postgres.port(),
				this.kafka.bootstrapServers());

		StackSecrets secrets = StackSecrets.generate();
		this.simulator = WhatsAppSimulator.start(SimulatorSettings.defaults(secrets.appSecret())
			.withPort(this.options.simulatorPort())
			.withWebhookUrl(URI.create("http://127.0.0.1:" + this.options.gatewayPort() + "/webhooks/whatsapp")));
		this.out.printf("STARTED whatsapp-simulator port=%d%n", this.simulator.port());

		StackApps stack = new StackApps(this.kafka.bootstrapServers(), this.postgres.jdbcUrl(DATABASE),
				this.simulator.baseUrl(), secrets);
		SupervisedApp gateway = supervise(stack, App.API_GATEWAY, this.options.gatewayPort());
		// The gateway applies the schema; the others start once it is in place.
		startAndAwait(gateway);
		SupervisedApp dispatcher = supervise(stack, App.DISPATCHER, this.options.gatewayPort() + 1);
		SupervisedApp ingestor = supervise(stack, App.STATUS_INGESTOR, this.options.gatewayPort() + 2);
		dispatcher.start();
		ingestor.start();
		awaitStarted(dispatcher);
		awaitStarted(ingestor);

		seed(secrets);
		String gatewayUrl = "http://localhost:" + this.options.gatewayPort();
		if (this.options.demoRecipients() > 0) {
			GatewayClient client = new GatewayClient(URI.create(gatewayUrl)).login("demo", this.options.demoPassword());
			new DemoRun(client, this.out).run(this.options.demoRecipients(), this.options.demoRate());
		}
		this.out.printf("READY gateway=%s user=demo password=%s admin=admin password=%s (logs in %s; Ctrl-C stops)%n",
				gatewayUrl, this.options.demoPassword(), this.options.adminPassword(),
				this.options.workDirectory().resolve("logs"));
	}

	private SupervisedApp supervise(StackApps stack, App app, int port) throws IOException {
		SupervisedApp supervised = new SupervisedApp(app, SupervisedApp.jarOf(this.options.home(), app), port,
				stack.properties(app, port), this.options.workDirectory().resolve("logs"));
		this.apps.add(supervised);
		return supervised;
	}

	private void startAndAwait(SupervisedApp app) throws IOException, InterruptedException {
		app.start();
		awaitStarted(app);
	}

	private void awaitStarted(SupervisedApp app) throws InterruptedException {
		app.awaitHealthy();
		this.out.printf("STARTED %s pid=%d port=%d%n", app.name(), app.pid(), app.port());
	}

	private void seed(StackSecrets secrets) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(this.postgres.jdbcUrl(DATABASE));
		DemoData.seed(dataSource, secrets, new Credentials("demo", this.options.demoPassword()),
				new Credentials("admin", this.options.adminPassword()), 1000);
		this.simulator.registerNumber(DemoData.PHONE_NUMBER_ID, DemoData.DISPLAY_NUMBER, secrets.senderAccessToken(),
				DemoData.WABA_ID);
		this.out.printf("Seeded users demo and admin, template %d and sender %s (1,000 msg/s)%n", DemoData.TEMPLATE_ID,
				DemoData.PHONE_NUMBER_ID);
	}

	private void stop() {
		if (!this.stopping.compareAndSet(false, true)) {
			return;
		}
		this.out.println();
		this.out.println("Stopping the local stack...");
		this.apps.parallelStream().forEach(SupervisedApp::stop);
		if (this.simulator != null) {
			this.simulator.close();
		}
		if (this.kafka != null) {
			this.kafka.close();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
		this.out.println("Stopped.");
	}

}

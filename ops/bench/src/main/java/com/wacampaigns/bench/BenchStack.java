package com.wacampaigns.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.wacampaigns.dispatcher.DispatcherApplication;
import com.wacampaigns.gateway.GatewayApplication;
import com.wacampaigns.ingestor.StatusIngestorApplication;
import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.DemoData.Credentials;
import com.wacampaigns.localstack.Infrastructure;
import com.wacampaigns.localstack.StackApps;
import com.wacampaigns.localstack.StackApps.App;
import com.wacampaigns.localstack.StackSecrets;
import com.wacampaigns.simulator.SimulatorSettings;
import com.wacampaigns.simulator.WhatsAppSimulator;

/**
 * The apps a scenario needs, each in its own Spring context in this JVM, on the embedded
 * broker and a fresh database, with the simulator and the demo seed.
 */
final class BenchStack implements AutoCloseable {

	final StackSecrets secrets = StackSecrets.generate();

	final WhatsAppSimulator simulator;

	final DataSource dataSource;

	final int gatewayPort;

	private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

	private ConfigurableApplicationContext dispatcher;

	BenchStack(Infrastructure infrastructure, String database, List<App> wanted, SimulatorSettings simulatorSettings) {
		this(infrastructure, database, wanted, simulatorSettings, false);
	}

	/**
	 * @param webhooks whether the simulator sends its status webhooks to the gateway
	 * (signed with this stack's app secret)
	 */
	BenchStack(Infrastructure infrastructure, String database, List<App> wanted, SimulatorSettings simulatorSettings,
			boolean webhooks) {
		this.simulator = WhatsAppSimulator
			.start(webhooks ? simulatorSettings.withAppSecret(this.secrets.appSecret()) : simulatorSettings);
		StackApps stack = new StackApps(infrastructure.kafkaBootstrapServers(), database, this.simulator.baseUrl(),
				this.secrets);
		ConfigurableApplicationContext gateway = GatewayApplication.application()
			.run(with(stack.arguments(App.API_GATEWAY, 0), QUIET));
		this.apps.add(gateway);
		this.gatewayPort = ((WebServerApplicationContext) gateway).getWebServer().getPort();
		if (webhooks) {
			this.simulator.webhookUrl(URI.create(gatewayUrl() + "/webhooks/whatsapp"));
		}
		if (wanted.contains(App.DISPATCHER)) {
			this.dispatcher = DispatcherApplication.application().run(with(stack.arguments(App.DISPATCHER, 0), QUIET));
			this.apps.add(this.dispatcher);
		}
		if (wanted.contains(App.STATUS_INGESTOR)) {
			this.apps
				.add(StatusIngestorApplication.application().run(with(stack.arguments(App.STATUS_INGESTOR, 0), QUIET)));
		}
		this.dataSource = gateway.getBean(DataSource.class);
		DemoData.seed(this.dataSource, this.secrets, new Credentials("demo", "demo"), new Credentials("admin", "admin"),
				1000);
		this.simulator.registerNumber(DemoData.PHONE_NUMBER_ID, DemoData.DISPLAY_NUMBER,
				this.secrets.senderAccessToken());
	}

	MeterRegistry dispatcherMeters() {
		return this.dispatcher.getBean(MeterRegistry.class);
	}

	String gatewayUrl() {
		return "http://127.0.0.1:" + this.gatewayPort;
	}

	private static final String[] QUIET = { "--logging.level.root=WARN", "--spring.main.banner-mode=off" };

	private static String[] with(String[] arguments, String[] extra) {
		String[] all = java.util.Arrays.copyOf(arguments, arguments.length + extra.length);
		System.arraycopy(extra, 0, all, arguments.length, extra.length);
		return all;
	}

	@Override
	public void close() {
		this.apps.reversed().forEach(ConfigurableApplicationContext::close);
		this.simulator.close();
	}

}

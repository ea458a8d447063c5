package com.wacampaigns.system;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

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
 * The apps of a system test, each in its own Spring context in this JVM, on the shared
 * broker and the test class's database, with the simulator and the demo seed.
 */
final class SystemStack implements AutoCloseable {

	final StackSecrets secrets = StackSecrets.generate();

	final WhatsAppSimulator simulator;

	final int gatewayPort;

	final DataSource dataSource;

	private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

	private final StackApps stack;

	private final Map<String, String> extra;

	private ConfigurableApplicationContext dispatcher;

	SystemStack(Infrastructure infrastructure, Class<?> owner, boolean withDispatcher) {
		this(infrastructure, owner, withDispatcher, Map.of());
	}

	/**
	 * @param extra settings for every app, such as shorter retry delays
	 */
	SystemStack(Infrastructure infrastructure, Class<?> owner, boolean withDispatcher, Map<String, String> extra) {
		this.extra = extra;
		this.simulator = WhatsAppSimulator.start(SimulatorSettings.defaults(this.secrets.appSecret()));
		this.stack = new StackApps(infrastructure.kafkaBootstrapServers(), infrastructure.databaseFor(owner),
				this.simulator.baseUrl(), this.secrets);
		ConfigurableApplicationContext gateway = GatewayApplication.application().run(arguments(App.API_GATEWAY));
		this.apps.add(gateway);
		this.gatewayPort = ((WebServerApplicationContext) gateway).getWebServer().getPort();
		this.simulator.webhookUrl(URI.create(gatewayUrl() + "/webhooks/whatsapp"));
		this.apps.add(StatusIngestorApplication.application().run(arguments(App.STATUS_INGESTOR)));
		if (withDispatcher) {
			startDispatcher();
		}
		this.dataSource = gateway.getBean(DataSource.class);
		DemoData.seed(this.dataSource, this.secrets, new Credentials("demo", "demo"), new Credentials("admin", "admin"),
				1000);
		this.simulator.registerNumber(DemoData.PHONE_NUMBER_ID, DemoData.DISPLAY_NUMBER,
				this.secrets.senderAccessToken());
	}

	/** Starts a dispatcher, as a new instance would join. */
	void startDispatcher() {
		this.dispatcher = DispatcherApplication.application().run(arguments(App.DISPATCHER));
	}

	/** Stops the dispatcher the way a deployment does: it finishes the batch in hand. */
	void stopDispatcher() {
		this.dispatcher.close();
		this.dispatcher = null;
	}

	private String[] arguments(App app) {
		List<String> arguments = new ArrayList<>(List.of(this.stack.arguments(app, 0)));
		this.extra.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		return arguments.toArray(String[]::new);
	}

	String gatewayUrl() {
		return "http://127.0.0.1:" + this.gatewayPort;
	}

	@Override
	public void close() {
		if (this.dispatcher != null) {
			this.dispatcher.close();
		}
		this.apps.reversed().forEach(ConfigurableApplicationContext::close);
		this.simulator.close();
	}

}

package com.wacampaigns.system;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

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

	SystemStack(Infrastructure infrastructure, Class<?> owner, boolean withDispatcher) {
		this.simulator = WhatsAppSimulator.start(SimulatorSettings.defaults(this.secrets.appSecret()));
		StackApps stack = new StackApps(infrastructure.kafkaBootstrapServers(), infrastructure.databaseFor(owner),
				this.simulator.baseUrl(), this.secrets);
		ConfigurableApplicationContext gateway = GatewayApplication.application()
			.run(stack.arguments(App.API_GATEWAY, 0));
		this.apps.add(gateway);
		this.gatewayPort = ((WebServerApplicationContext) gateway).getWebServer().getPort();
		this.simulator.webhookUrl(URI.create(gatewayUrl() + "/webhooks/whatsapp"));
		if (withDispatcher) {
			this.apps.add(DispatcherApplication.application().run(stack.arguments(App.DISPATCHER, 0)));
		}
		this.apps.add(StatusIngestorApplication.application().run(stack.arguments(App.STATUS_INGESTOR, 0)));
		this.dataSource = gateway.getBean(DataSource.class);
		DemoData.seed(this.dataSource, this.secrets, new Credentials("demo", "demo"), new Credentials("admin", "admin"),
				1000);
		this.simulator.registerNumber(DemoData.PHONE_NUMBER_ID, DemoData.DISPLAY_NUMBER,
				this.secrets.senderAccessToken());
	}

	String gatewayUrl() {
		return "http://127.0.0.1:" + this.gatewayPort;
	}

	@Override
	public void close() {
		this.apps.reversed().forEach(ConfigurableApplicationContext::close);
		this.simulator.close();
	}

}

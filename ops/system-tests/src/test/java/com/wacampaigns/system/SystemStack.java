package com.wacampaigns.system;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import com.wacampaigns.localstack.GatewayClient;
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

	/** Running dispatcher instances, oldest first; they share one consumer group. */
	private final List<ConfigurableApplicationContext> dispatchers = new ArrayList<>();

	private final ConfigurableApplicationContext ingestor;

	SystemStack(Infrastructure infrastructure, Class<?> owner, boolean withDispatcher) {
		this(infrastructure.kafkaBootstrapServers(), infrastructure.databaseFor(owner), withDispatcher, Map.of());
	}

	SystemStack(Infrastructure infrastructure, Class<?> owner, boolean withDispatcher, Map<String, String> extra) {
		this(infrastructure.kafkaBootstrapServers(), infrastructure.databaseFor(owner), withDispatcher, extra);
	}

	/**
	 * @param extra settings for every app, such as shorter retry delays
	 */
	SystemStack(String kafkaBootstrapServers, String jdbcUrl, boolean withDispatcher, Map<String, String> extra) {
		this.extra = extra;
		this.simulator = WhatsAppSimulator.start(SimulatorSettings.defaults(this.secrets.appSecret()));
		this.stack = new StackApps(kafkaBootstrapServers, jdbcUrl, this.simulator.baseUrl(), this.secrets);
		ConfigurableApplicationContext gateway = GatewayApplication.application().run(arguments(App.API_GATEWAY));
		this.apps.add(gateway);
		this.gatewayPort = ((WebServerApplicationContext) gateway).getWebServer().getPort();
		this.simulator.webhookUrl(URI.create(gatewayUrl() + "/webhooks/whatsapp"));
		this.ingestor = StatusIngestorApplication.application().run(arguments(App.STATUS_INGESTOR));
		this.apps.add(this.ingestor);
		if (withDispatcher) {
			startDispatcher();
		}
		this.dataSource = gateway.getBean(DataSource.class);
		DemoData.seed(this.dataSource, this.secrets, new Credentials("demo", "demo"), new Credentials("admin", "admin"),
				1000);
		this.simulator.registerNumber(DemoData.PHONE_NUMBER_ID, DemoData.DISPLAY_NUMBER,
				this.secrets.senderAccessToken());
	}

	/** Starts a dispatcher, as a new instance would join the consumer group. */
	void startDispatcher() {
		this.dispatchers.add(DispatcherApplication.application().run(arguments(App.DISPATCHER)));
	}

	/**
	 * Stops the oldest dispatcher the way a deployment does: it finishes the batch in
	 * hand.
	 */
	void stopDispatcher() {
		this.dispatchers.remove(0).close();
	}

	int dispatcherCount() {
		return this.dispatchers.size();
	}

	/** Where each app serves {@code /actuator}, by application name. */
	Map<String, String> actuatorUrls() {
		Map<String, String> urls = new LinkedHashMap<>();
		urls.put("api-gateway", gatewayUrl() + "/actuator");
		urls.put("status-ingestor", urlOf(this.ingestor) + "/actuator");
		for (int i = 0; i < this.dispatchers.size(); i++) {
			urls.put("dispatcher-" + i, urlOf(this.dispatchers.get(i)) + "/actuator");
		}
		urls.put("whatsapp-simulator", this.simulator.baseUrl() + "/actuator");
		return urls;
	}

	private static String urlOf(ConfigurableApplicationContext app) {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
	}

	/**
	 * The gateway's Spring Security is on this JVM's classpath; the other apps ship
	 * without it and must not lock their actuator here.
	 */
	private static final String NO_SECURITY = String.join(",",
			"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration");

	private String[] arguments(App app) {
		List<String> arguments = new ArrayList<>(List.of(this.stack.arguments(app, 0)));
		if (app != App.API_GATEWAY) {
			arguments.add("--spring.autoconfigure.exclude=" + NO_SECURITY);
		}
		this.extra.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		return arguments.toArray(String[]::new);
	}

	/** A client of the gateway, logged in. */
	GatewayClient client(String username, String password) {
		return new GatewayClient(URI.create(gatewayUrl())).login(username, password);
	}

	String gatewayUrl() {
		return "http://127.0.0.1:" + this.gatewayPort;
	}

	@Override
	public void close() {
		this.dispatchers.reversed().forEach(ConfigurableApplicationContext::close);
		this.apps.reversed().forEach(ConfigurableApplicationContext::close);
		this.simulator.close();
	}

}

package com.wacampaigns.localstack;

import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;

import com.wacampaigns.localstack.DemoData.Credentials;
import com.wacampaigns.localstack.StackApps.App;
import com.wacampaigns.simulator.SimulatorSettings;
import com.wacampaigns.simulator.WhatsAppSimulator;

/**
 * The whole system in this JVM, as the system tests and the benchmarks run it: the three
 * apps, each in a Spring context of its own, on one broker and one database, with the
 * WhatsApp simulator in Meta's place and the demo seed ({@link DemoData}: users
 * {@code demo} and {@code admin}, passwords alike, and the demo sender at 1,000 msg/s).
 * The caller has the apps on its classpath; this module only names them
 * ({@link App#mainClass()}).
 */
public final class SystemStack implements AutoCloseable {

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

	private final StackSecrets secrets = StackSecrets.generate();

	private final StackApps apps;

	/** The prefix of the settings that are the simulator's. */
	private static final String SIMULATOR = "simulator.";

	private final Map<String, String> settings;

	private final WhatsAppSimulator simulator;

	private final List<ConfigurableApplicationContext> started = new ArrayList<>();

	/** Running dispatcher instances, oldest first; they share one consumer group. */
	private final List<ConfigurableApplicationContext> dispatchers = new ArrayList<>();

	private ConfigurableApplicationContext gateway;

	private ConfigurableApplicationContext ingestor;

	private DataSource dataSource;

	private SystemStack(Builder builder) {
		this.settings = new LinkedHashMap<>(builder.settings);
		this.settings.keySet().removeIf((name) -> name.startsWith(SIMULATOR));
		this.simulator = WhatsAppSimulator.start(simulatorSettings(builder.settings));
		this.apps = new StackApps(builder.kafkaBootstrapServers, builder.jdbcUrl, this.simulator.baseUrl(),
				this.secrets);
	}

	/**
	 * The simulator's settings: its defaults, changed by the settings named
	 * {@code simulator.*}: {@code simulator.tier-window} (a duration such as {@code 8s}),
	 * {@code simulator.enforce-throughput}, {@code simulator.standard-mps}.
	 */
	private SimulatorSettings simulatorSettings(Map<String, String> settings) {
		SimulatorSettings.Limits limits = SimulatorSettings.Limits.DEFAULTS;
		for (Map.Entry<String, String> setting : settings.entrySet()) {
			String value = setting.getValue();
			limits = switch (setting.getKey()) {
				case SIMULATOR + "tier-window" -> limits.withTierWindow(DurationStyle.detectAndParse(value));
				case SIMULATOR + "enforce-throughput" -> limits.withEnforceThroughput(Boolean.parseBoolean(value));
				case SIMULATOR + "standard-mps" -> limits.withStandardMps(Integer.parseInt(value));
				default -> {
					if (setting.getKey().startsWith(SIMULATOR)) {
						throw new IllegalArgumentException("No simulator setting " + setting.getKey());
					}
					yield limits;
				}
			};
		}
		return SimulatorSettings.defaults(this.secrets.appSecret()).withLimits(limits);
	}

	/**
	 * A stack on this broker and this database, to be started by {@link Builder#start()}.
	 */
	public static Builder on(String kafkaBootstrapServers, String jdbcUrl) {
		return new Builder(kafkaBootstrapServers, jdbcUrl);
	}

	private void start(Builder builder) {
		this.gateway = run(App.API_GATEWAY);
		this.ingestor = run(App.STATUS_INGESTOR);
		if (builder.webhooks) {
			this.simulator.webhookUrl(URI.create(gatewayUrl() + "/webhooks/whatsapp"));
		}
		for (int i = 0; i < builder.dispatchers; i++) {
			startDispatcher();
		}
		this.dataSource = this.gateway.getBean(DataSource.class);
		DemoData.seed(this.dataSource, this.secrets, new Credentials("demo", "demo"), new Credentials("admin", "admin"),
				1000);
		this.simulator.registerNumber(DemoData.PHONE_NUMBER_ID, DemoData.DISPLAY_NUMBER,
				this.secrets.senderAccessToken(), DemoData.WABA_ID);
	}

	/** Starts a dispatcher, as a new instance would join the consumer group. */
	public void startDispatcher() {
		this.dispatchers.add(run(App.DISPATCHER));
	}

	/**
	 * Stops the oldest dispatcher the way a deployment does: it finishes the batch in
	 * hand.
	 */
	public void stopDispatcher() {
		ConfigurableApplicationContext oldest = this.dispatchers.remove(0);
		this.started.remove(oldest);
		oldest.close();
	}

	public int dispatcherCount() {
		return this.dispatchers.size();
	}

	/** The oldest running dispatcher, for a look at its beans (such as its meters). */
	public ConfigurableApplicationContext dispatcher() {
		return this.dispatchers.get(0);
	}

	/**
	 * The run's secrets: the simulator signs with its app secret, the demo sender has its
	 * token.
	 */
	public StackSecrets secrets() {
		return this.secrets;
	}

	public WhatsAppSimulator simulator() {
		return this.simulator;
	}

	/** The database of the apps, as the gateway reaches it. */
	public DataSource dataSource() {
		return this.dataSource;
	}

	public String gatewayUrl() {
		return urlOf(this.gateway);
	}

	/** A client of the gateway, logged in. */
	public GatewayClient client(String username, String password) {
		return new GatewayClient(URI.create(gatewayUrl())).login(username, password);
	}

	/** Where each app serves {@code /actuator}, by application name. */
	public Map<String, String> actuatorUrls() {
		Map<String, String> urls = new LinkedHashMap<>();
		urls.put("api-gateway", gatewayUrl() + "/actuator");
		urls.put("status-ingestor", urlOf(this.ingestor) + "/actuator");
		for (int i = 0; i < this.dispatchers.size(); i++) {
			urls.put("dispatcher-" + i, urlOf(this.dispatchers.get(i)) + "/actuator");
		}
		urls.put("whatsapp-simulator", this.simulator.baseUrl() + "/actuator");
		return urls;
	}

	/** Stops the apps, newest first, then the simulator. */
	@Override
	public void close() {
		this.started.reversed().forEach(ConfigurableApplicationContext::close);
		this.started.clear();
		this.dispatchers.clear();
		this.simulator.close();
	}

	private ConfigurableApplicationContext run(App app) {
		List<String> arguments = new ArrayList<>(List.of(this.apps.arguments(app, 0)));
		if (app != App.API_GATEWAY) {
			arguments.add("--spring.autoconfigure.exclude=" + NO_SECURITY);
		}
		this.settings.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		ConfigurableApplicationContext context = application(app).run(arguments.toArray(String[]::new));
		this.started.add(context);
		return context;
	}

	/** The app's own {@code SpringApplication}, with the settings its main method has. */
	private static SpringApplication application(App app) {
		try {
			return (SpringApplication) Class.forName(app.mainClass()).getMethod("application").invoke(null);
		}
		catch (InvocationTargetException ex) {
			throw new IllegalStateException("The " + app.moduleName() + " app could not be made", ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(
					"The " + app.moduleName() + " app is not on the classpath (" + app.mainClass() + ")", ex);
		}
	}

	private static String urlOf(ConfigurableApplicationContext app) {
		return "http://127.0.0.1:" + app.getEnvironment().getRequiredProperty("local.server.port");
	}

	/**
	 * What to start: by default the gateway, the status-ingestor and one dispatcher, with
	 * the simulator's status webhooks going to the gateway.
	 */
	public static final class Builder {

		private final String kafkaBootstrapServers;

		private final String jdbcUrl;

		private final Map<String, String> settings = new LinkedHashMap<>();

		private int dispatchers = 1;

		private boolean webhooks = true;

		private Builder(String kafkaBootstrapServers, String jdbcUrl) {
			this.kafkaBootstrapServers = kafkaBootstrapServers;
			this.jdbcUrl = jdbcUrl;
		}

		/**
		 * Dispatchers to start with; more join with
		 * {@link SystemStack#startDispatcher()}.
		 */
		public Builder dispatchers(int count) {
			this.dispatchers = count;
			return this;
		}

		/**
		 * The simulator keeps its status webhooks to itself, so that only sending is
		 * measured.
		 */
		public Builder withoutWebhooks() {
			this.webhooks = false;
			return this;
		}

		/**
		 * A setting for every app, such as a shorter retry delay; {@code simulator.*}
		 * settings are the simulator's.
		 */
		public Builder setting(String name, String value) {
			this.settings.put(name, value);
			return this;
		}

		/** Warnings only and no banners: the benchmarks print figures, not logs. */
		public Builder quiet() {
			return setting("logging.level.root", "WARN").setting("spring.main.banner-mode", "off");
		}

		/**
		 * Starts the gateway (which applies the schema), the status-ingestor and the
		 * dispatchers, and seeds the demo data; what started is stopped again if anything
		 * fails.
		 */
		public SystemStack start() {
			SystemStack stack = new SystemStack(this);
			try {
				stack.start(this);
				return stack;
			}
			catch (RuntimeException ex) {
				stack.close();
				throw ex;
			}
		}

	}

}

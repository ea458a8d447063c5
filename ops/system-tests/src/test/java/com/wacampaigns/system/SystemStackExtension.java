package com.wacampaigns.system;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.platform.commons.support.AnnotationSupport;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.wacampaigns.localstack.Infrastructure;
import com.wacampaigns.localstack.LocalKafka;
import com.wacampaigns.localstack.LocalPostgres;
import com.wacampaigns.localstack.SystemStack;
import com.wacampaigns.simulator.Faults;

/**
 * Starts the {@link SystemStack} of a {@link SystemStackTest} class (and its own broker
 * and database server, if it asks for them) before the class, sets the class's static
 * fields that {@link SystemStackTest} names, calms the simulator after each test, and
 * stops it all after the class.
 */
final class SystemStackExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

	private static final Namespace NAMESPACE = Namespace.create(SystemStackExtension.class);

	private static final String DATABASE = "campaigns";

	@Override
	public void beforeAll(ExtensionContext context) throws IOException, IllegalAccessException {
		Class<?> testClass = context.getRequiredTestClass();
		SystemStackTest options = AnnotationSupport.findAnnotation(testClass, SystemStackTest.class).orElseThrow();
		Store store = context.getStore(NAMESPACE);
		SystemStack.Builder builder;
		OwnInfrastructure own = null;
		if (options.ownInfrastructure()) {
			own = OwnInfrastructure.start();
			store.put(OwnInfrastructure.class, own);
			builder = SystemStack.on(own.kafka().bootstrapServers(), own.postgres().jdbcUrl(DATABASE));
		}
		else {
			Infrastructure shared = Infrastructure.shared();
			builder = SystemStack.on(shared.kafkaBootstrapServers(), shared.databaseFor(testClass));
		}
		for (String setting : options.settings()) {
			int equals = setting.indexOf('=');
			builder.setting(setting.substring(0, equals), setting.substring(equals + 1));
		}
		SystemStack stack = builder.dispatchers(options.dispatchers()).start();
		store.put(SystemStack.class, stack);
		for (Field field : testClass.getDeclaredFields()) {
			Object value = valueFor(field, stack, own);
			if (value != null) {
				field.setAccessible(true);
				field.set(null, value);
			}
		}
	}

	/** What a static field of the test class is set to, if anything. */
	private static Object valueFor(Field field, SystemStack stack, OwnInfrastructure own) {
		if (!Modifier.isStatic(field.getModifiers())) {
			return null;
		}
		LoggedInAs user = field.getAnnotation(LoggedInAs.class);
		if (user != null) {
			return stack.client(user.value(), user.value());
		}
		Class<?> type = field.getType();
		if (type == SystemStack.class) {
			return stack;
		}
		if (type == JdbcClient.class) {
			return JdbcClient.create(stack.dataSource());
		}
		if (own != null && type == LocalKafka.class) {
			return own.kafka();
		}
		if (own != null && type == LocalPostgres.class) {
			return own.postgres();
		}
		return null;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		SystemStack stack = context.getStore(NAMESPACE).get(SystemStack.class, SystemStack.class);
		if (stack != null) {
			stack.simulator().faults(Faults.NONE);
		}
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		Store store = context.getStore(NAMESPACE);
		SystemStack stack = store.remove(SystemStack.class, SystemStack.class);
		OwnInfrastructure own = store.remove(OwnInfrastructure.class, OwnInfrastructure.class);
		try {
			if (stack != null) {
				stack.close();
			}
		}
		finally {
			if (own != null) {
				own.close();
			}
		}
	}

	/**
	 * A broker and a restartable PostgreSQL for one class, so that restarting them
	 * disturbs no other test.
	 */
	private record OwnInfrastructure(Path data, LocalKafka kafka, LocalPostgres postgres) {

		static OwnInfrastructure start() throws IOException {
			Path data = Files.createTempDirectory("restart-pg");
			LocalKafka kafka = LocalKafka.start(0);
			LocalPostgres postgres = LocalPostgres.startRestartable(data);
			postgres.createDatabase(DATABASE);
			return new OwnInfrastructure(data, kafka, postgres);
		}

		void close() throws IOException {
			try {
				this.kafka.close();
			}
			finally {
				this.postgres.close();
				try (Stream<Path> files = Files.walk(this.data)) {
					files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
				}
			}
		}

	}

}

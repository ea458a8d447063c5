package com.wacampaigns.localstack;

import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points the Spring context of a {@link RealInfrastructure} test class at the shared
 * broker and at the class's own database. Registered in
 * {@code META-INF/spring.factories}.
 */
public final class RealInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		if (!MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
			.isPresent(RealInfrastructure.class)) {
			return null;
		}
		Infrastructure infrastructure = Infrastructure.shared();
		return new Customizer(infrastructure.kafkaBootstrapServers(), infrastructure.databaseFor(testClass));
	}

	/** A record, so that the context cache tells one class's database from another's. */
	private record Customizer(String bootstrapServers, String jdbcUrl) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("realInfrastructure",
						Map.of("spring.kafka.bootstrap-servers", this.bootstrapServers, "spring.datasource.url",
								this.jdbcUrl, "spring.datasource.username", LocalPostgres.USER,
								"spring.datasource.password", "")));
		}

	}

}

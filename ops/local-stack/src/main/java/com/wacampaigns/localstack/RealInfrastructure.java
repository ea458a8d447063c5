package com.wacampaigns.localstack;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.test.annotation.DirtiesContext;

/**
 * Runs a test class against the JVM's real Kafka broker and a fresh PostgreSQL database
 * of its own. Spring test contexts get {@code spring.kafka.bootstrap-servers} and
 * {@code spring.datasource.*} set, and are closed after the class so that their Kafka
 * listeners never steal partitions from the next class's context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RealInfrastructureExtension.class)
@DirtiesContext
public @interface RealInfrastructure {

}

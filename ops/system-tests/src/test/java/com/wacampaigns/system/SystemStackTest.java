package com.wacampaigns.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.wacampaigns.localstack.LocalKafka;
import com.wacampaigns.localstack.LocalPostgres;
import com.wacampaigns.localstack.SystemStack;
import com.wacampaigns.simulator.Faults;

/**
 * Runs a test class against the whole system in this JVM ({@link SystemStack}), started
 * once before the class and stopped after it. Before the class's {@code @BeforeAll}
 * methods run, its static fields are set: of type {@link SystemStack} to the stack, of
 * type {@link JdbcClient} to the apps' database, of type {@link LocalKafka} and
 * {@link LocalPostgres} to the class's own broker and database server (with
 * {@link #ownInfrastructure()}), and those annotated {@link LoggedInAs} to a client
 * logged in as that user. After each test the simulator is calm again
 * ({@link Faults#NONE}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SystemStackExtension.class)
@interface SystemStackTest {

	/**
	 * Dispatchers to start with; more join with {@link SystemStack#startDispatcher()}.
	 */
	int dispatchers() default 1;

	/** Settings for every app, as {@code name=value}, such as shorter retry delays. */
	String[] settings() default {};

	/**
	 * Whether the stack runs on a broker and a database server of the class's own, which
	 * its tests may stop and start, instead of the JVM's shared ones with a database of
	 * the class's own.
	 */
	boolean ownInfrastructure() default false;

}

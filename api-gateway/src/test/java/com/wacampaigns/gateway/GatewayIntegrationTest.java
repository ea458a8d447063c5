package com.wacampaigns.gateway;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import com.wacampaigns.localstack.RealInfrastructure;

/**
 * The gateway on a random port against the real broker and a database of the test class's
 * own, with test secrets. Besides the gateway's beans, a test can autowire
 * {@link TestAccounts} to make the users it acts as, an {@link TestAccounts.Account} (a
 * new user for each test, with an approved template, a connected sender and a token) and
 * an {@link Http} client ({@link GatewayTestConfiguration}); a test that acts as one new
 * user extends {@link NewUserIntegrationTest}, which has them all.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=api-gateway", "gateway.jwt.secret=" + GatewayIntegrationTest.JWT_SECRET,
				"gateway.webhook.app-secret=" + GatewayIntegrationTest.APP_SECRET,
				"gateway.webhook.verify-token=" + GatewayIntegrationTest.VERIFY_TOKEN,
				"gateway.token-encryption-key=" + GatewayIntegrationTest.TOKEN_KEY,
				// Webhook endpoints on this machine (the tests' receivers), retried and
				// disabled within a test's time.
				"gateway.outbound-webhooks.require-https=false",
				"gateway.outbound-webhooks.allowed-networks=127.0.0.0/8",
				"gateway.outbound-webhooks.first-retry-delay=300ms", "gateway.outbound-webhooks.max-retry-delay=1s",
				"gateway.outbound-webhooks.disable-after=3s", "gateway.outbound-webhooks.poll-interval=100ms",
				"gateway.outbound-webhooks.concurrency=4", "gateway.outbound-webhooks.per-endpoint-concurrency=2",
				"gateway.outbound-webhooks.log-retention=1h", "gateway.outbound-webhooks.retention-interval=200ms" })
@RealInfrastructure
@Import(GatewayTestConfiguration.class)
public @interface GatewayIntegrationTest {

	String JWT_SECRET = "a-test-jwt-secret-of-at-least-32-bytes!!";

	String APP_SECRET = "test-app-secret";

	String VERIFY_TOKEN = "test-verify-token";

	String TOKEN_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

}

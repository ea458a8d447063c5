package com.wacampaigns.common.health;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * {@code kafka} in {@code /actuator/health}: UP while the brokers answer a cluster
 * description within two seconds, DOWN otherwise. It is part of the readiness group, not
 * of liveness: an app that lost its broker should get no traffic, not be restarted; its
 * clients reconnect by themselves when the broker is back.
 */
public class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final AdminClient admin;

	public KafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
		super("Kafka health check failed");
		Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		this.admin = AdminClient.create(config);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		Collection<Node> nodes = this.admin
			.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
			.nodes()
			.get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
		builder.up().withDetail("brokers", nodes.size());
	}

	@Override
	public void destroy() {
		this.admin.close(Duration.ofSeconds(1));
	}

}

package com.wacampaigns.gateway;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import org.springframework.core.env.Environment;

import com.wacampaigns.gateway.TestAccounts.Account;

/**
 * What a {@link GatewayIntegrationTest} can autowire besides the gateway's own beans. The
 * prototypes are made when a test instance asks for them, after the server listens: each
 * test gets an {@link Http} client and an {@link Account} of its own.
 */
@TestConfiguration(proxyBeanMethods = false)
class GatewayTestConfiguration {

	@Bean
	TestAccounts testAccounts(DataSource dataSource, Environment environment) {
		return new TestAccounts(dataSource, environment);
	}

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	Http testHttpClient(TestAccounts accounts) {
		return accounts.http();
	}

	/** A new user with everything a campaign needs, for each test that autowires one. */
	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	Account testAccount(TestAccounts accounts) {
		return accounts.newUser();
	}

}

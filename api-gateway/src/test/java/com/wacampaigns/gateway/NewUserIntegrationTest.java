package com.wacampaigns.gateway;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.wacampaigns.gateway.TestAccounts.Account;

/**
 * A gateway integration test that acts as a new user in each test, so that a new test
 * class starts from here instead of copying its setup: {@link #user} has an APPROVED
 * template, a CONNECTED sender and a token; {@link #http} calls the gateway,
 * {@link #jdbc} reads and writes its database, and {@link #accounts} makes other users
 * and rows.
 */
@GatewayIntegrationTest
public abstract class NewUserIntegrationTest {

	@Autowired
	protected Http http;

	@Autowired
	protected JdbcClient jdbc;

	@Autowired
	protected TestAccounts accounts;

	/** A new user for each test (each test method has a test instance of its own). */
	@Autowired
	protected Account user;

}

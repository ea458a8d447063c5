package com.wacampaigns.gateway.auth;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import com.wacampaigns.gateway.GatewayProperties;

/**
 * The first admin of a fresh deployment (docker-compose), from
 * {@code gateway.bootstrap-admin.username} and {@code .password}; without it nobody could
 * call {@code POST /admin/users}. An existing user of that name is left as it is.
 */
@Component
@ConditionalOnProperty("gateway.bootstrap-admin.password")
class BootstrapAdmin implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

	private final UserAccounts users;

	private final PasswordEncoder passwords;

	private final GatewayProperties.BootstrapAdmin settings;

	BootstrapAdmin(UserAccounts users, PasswordEncoder passwords, GatewayProperties properties) {
		this.users = users;
		this.passwords = passwords;
		this.settings = properties.bootstrapAdmin();
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.users.create(UUID.randomUUID(), this.settings.username(),
				this.passwords.encode(this.settings.password()), List.of("USER", "ADMIN"), "US")) {
			log.info("Created the bootstrap admin '{}'", this.settings.username());
		}
	}

}

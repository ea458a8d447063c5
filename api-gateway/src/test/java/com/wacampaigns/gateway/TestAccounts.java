package com.wacampaigns.gateway;

import java.util.UUID;
import javax.sql.DataSource;

import org.springframework.core.env.Environment;

import com.wacampaigns.localstack.Seeder;

/**
 * The users a gateway integration test acts as, each one new, so that the tests of a
 * class share a database without seeing each other's rows. Every
 * {@link GatewayIntegrationTest} can autowire it, or an {@link Account} made by
 * {@link #newUser()}: {@code Account ana = this.accounts.newUser();} is a user with
 * everything a campaign needs, logged in.
 */
public final class TestAccounts {

	private final Seeder seeder;

	private final Environment environment;

	TestAccounts(DataSource dataSource, Environment environment) {
		this.seeder = new Seeder(dataSource);
		this.environment = environment;
	}

	/**
	 * A USER with an APPROVED template of two parameters ({@code Hi {{1}}, order {{2}}}),
	 * a CONNECTED sender (80 msg/s, its token stored with the test key) and a token.
	 */
	public Account newUser() {
		Login login = newLogin();
		long templateId = this.seeder.template().owner(login.id()).create();
		String phoneNumberId = Seeder.randomPhoneNumberId();
		UUID senderId = this.seeder.sender()
			.owner(login.id())
			.phoneNumberId(phoneNumberId)
			.accessToken("token", GatewayIntegrationTest.TOKEN_KEY)
			.create();
		return new Account(login.id(), login.username(), login.token(), templateId, senderId, phoneNumberId);
	}

	/** A USER with a token and nothing else: no template, no sender. */
	public Login newLogin() {
		return login("user-" + UUID.randomUUID(), "USER");
	}

	/** An ADMIN (and USER) with a token and nothing else. */
	public Login newAdmin() {
		return login("admin-" + UUID.randomUUID(), "USER", "ADMIN");
	}

	/**
	 * A campaign of the account's user and template, to be set up further: by default a
	 * DRAFT without sender or recipients.
	 */
	public Seeder.CampaignBuilder campaign(Account owner) {
		return this.seeder.campaign().owner(owner.id()).template(owner.templateId());
	}

	/** Rows of any other shape, in the test class's database. */
	public Seeder seeder() {
		return this.seeder;
	}

	/** A client of the gateway under test, once it listens; tests autowire one. */
	Http http() {
		return new Http(this.environment.getRequiredProperty("local.server.port", Integer.class));
	}

	private Login login(String username, String... roles) {
		UUID id = this.seeder.user().username(username).roles(roles).create();
		return new Login(id, username, http().token(username, Seeder.PASSWORD));
	}

	/**
	 * A user with everything a campaign needs.
	 *
	 * @param id the user's id
	 * @param username the user's name; the password is {@link Seeder#PASSWORD}
	 * @param token a bearer token of the user's
	 * @param templateId the user's APPROVED template
	 * @param senderId the user's CONNECTED sender
	 * @param phoneNumberId the sender's phone-number id, which Meta's webhooks name
	 */
	public record Account(UUID id, String username, String token, long templateId, UUID senderId,
			String phoneNumberId) {

	}

	/**
	 * A user and a token of theirs.
	 *
	 * @param id the user's id
	 * @param username the user's name; the password is {@link Seeder#PASSWORD}
	 * @param token a bearer token of the user's
	 */
	public record Login(UUID id, String username, String token) {

	}

}

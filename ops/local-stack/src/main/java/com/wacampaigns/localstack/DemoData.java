package com.wacampaigns.localstack;

import java.util.UUID;

import javax.sql.DataSource;

import com.wacampaigns.common.crypto.SecretCipher;

/**
 * The local stack's seed: the quick start's user and template, an admin, and a connected
 * sender for the demo user that points at the simulator.
 */
public final class DemoData {

	/** The user id of the seed's quick start. */
	public static final UUID DEMO_USER_ID = UUID.fromString("3f947ab3-f228-4d1c-9c2f-5bfb5f8a5fd5");

	public static final UUID ADMIN_USER_ID = UUID.fromString("00000000-0000-4000-8000-00000000a0a0");

	public static final long TEMPLATE_ID = 1;

	public static final String PHONE_NUMBER_ID = "106540352242922";

	public static final String DISPLAY_NUMBER = "+15550100100";

	private DemoData() {
	}

	/**
	 * @return the demo sender's id
	 */
	public static UUID seed(DataSource dataSource, StackSecrets secrets, Credentials demo, Credentials admin,
			int senderMessagesPerSecond) {
		Seeder seeder = new Seeder(dataSource);
		seeder.user(DEMO_USER_ID, demo.username(), demo.password(), "USER");
		seeder.user(ADMIN_USER_ID, admin.username(), admin.password(), "USER", "ADMIN");
		seeder.template(TEMPLATE_ID, DEMO_USER_ID, "order_update", "Hello {{1}}, your order {{2}} is on its way.", 2,
				"APPROVED");
		seeder.syncTemplateIds();
		return seeder.sender(DEMO_USER_ID, PHONE_NUMBER_ID, DISPLAY_NUMBER,
				new SecretCipher(secrets.tokenEncryptionKey()).encrypt(secrets.senderAccessToken()),
				senderMessagesPerSecond);
	}

	public record Credentials(String username, String password) {

		@Override
		public String toString() {
			return "Credentials[" + this.username + "]";
		}

	}

}

package com.wacampaigns.localstack;

import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The local stack's seed: the quick start's user and template, an admin, and a connected
 * sender for the demo user that points at the simulator, in a WhatsApp Business Account
 * whose templates the simulator serves.
 */
public final class DemoData {

	/** The user id of the seed's quick start. */
	public static final UUID DEMO_USER_ID = UUID.fromString("3f947ab3-f228-4d1c-9c2f-5bfb5f8a5fd5");

	public static final UUID ADMIN_USER_ID = UUID.fromString("00000000-0000-4000-8000-00000000a0a0");

	public static final long TEMPLATE_ID = 1;

	public static final String PHONE_NUMBER_ID = "106540352242922";

	public static final String DISPLAY_NUMBER = "+15550100100";

	/**
	 * The demo number's WhatsApp Business Account: the simulator gives every account its
	 * seeded templates, synced by {@code POST /templates/sync}.
	 */
	public static final String WABA_ID = "102290129340398";

	/**
	 * The demo campaign's template, synced from the account: an IMAGE header, NAMED body
	 * variables ({@code first_name}, {@code discount}), a footer, a URL button with a
	 * suffix per recipient and a quick reply.
	 */
	public static final String DEMO_TEMPLATE = "summer_sale";

	/**
	 * The demo campaign's {@code template_values}: one header image for everyone, the
	 * first name from each recipient's name.
	 */
	public static final Map<String, Object> DEMO_TEMPLATE_VALUES = Map.of("header_image_url",
			Map.of("value", "https://scontent.whatsapp.net/v/t61.29466-34/summer_sale_header.jpg"), "first_name",
			Map.of("field", "name"));

	private DemoData() {
	}

	/**
	 * @return the demo sender's id
	 */
	public static UUID seed(DataSource dataSource, StackSecrets secrets, Credentials demo, Credentials admin,
			int senderMessagesPerSecond) {
		Seeder seeder = new Seeder(dataSource);
		seeder.user().id(DEMO_USER_ID).username(demo.username()).password(demo.password()).create();
		seeder.user()
			.id(ADMIN_USER_ID)
			.username(admin.username())
			.password(admin.password())
			.roles("USER", "ADMIN")
			.create();
		seeder.template()
			.id(TEMPLATE_ID)
			.owner(DEMO_USER_ID)
			.name("order_update")
			.body("Hello {{1}}, your order {{2}} is on its way.")
			.create();
		return seeder.sender()
			.owner(DEMO_USER_ID)
			.phoneNumberId(PHONE_NUMBER_ID)
			.displayNumber(DISPLAY_NUMBER)
			.accessToken(secrets.senderAccessToken(), secrets.tokenEncryptionKey())
			.messagesPerSecond(senderMessagesPerSecond)
			.wabaId(WABA_ID)
			.create();
	}

	/**
	 * The values of the demo template that differ per recipient: its discount, and the
	 * end of its shop link.
	 * @param n the recipient's number, from 1
	 */
	public static Map<String, String> demoParameters(int n) {
		return Map.of("discount", (10 + n % 5 * 5) + "%", "button_0_url_suffix", "summer25-c" + n, "button_1_payload",
				"stop-promotions");
	}

	public record Credentials(String username, String password) {

		@Override
		public String toString() {
			return "Credentials[" + this.username + "]";
		}

	}

}

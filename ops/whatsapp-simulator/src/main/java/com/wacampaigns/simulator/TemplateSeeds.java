package com.wacampaigns.simulator;

import java.util.List;
import java.util.function.LongSupplier;

import com.wacampaigns.common.graph.MessageTemplate;

/**
 * The approved templates every simulated WhatsApp Business Account starts with, one of
 * each shape a campaign meets: body-only positional ({@code order_update}, the local
 * stack's template), a media header with named parameters and a dynamic URL button
 * ({@code summer_sale}), a document header ({@code order_shipped}), and a text header
 * with quick replies ({@code feedback_request}). All are in {@code en_US}.
 */
final class TemplateSeeds {

	private TemplateSeeds() {
	}

	/**
	 * @param ids Meta's template ids, one per template
	 * @param now unix seconds, when their quality was rated
	 */
	static List<MessageTemplate> seeds(LongSupplier ids, long now) {
		MessageTemplate.QualityScore green = new MessageTemplate.QualityScore("GREEN", now);
		return List.of(
				approved(ids, "order_update", "en_US", "UTILITY", "POSITIONAL", green,
						body("Hello {{1}}, your order {{2}} is on its way.", positional("Ana", "42"))),
				approved(ids, "summer_sale", "en_US", "MARKETING", "NAMED", green,
						mediaHeader("IMAGE", "https://scontent.whatsapp.net/v/t61.29466-34/summer_sale_header.jpg"),
						body("Hi {{first_name}}, our summer sale is on: {{discount}} off everything until Sunday.",
								new MessageTemplate.Example(null, null, null, null,
										List.of(new MessageTemplate.NamedExample("first_name", "Ana"),
												new MessageTemplate.NamedExample("discount", "20%")))),
						text("FOOTER", "Not interested? Tap Stop promotions"),
						buttons(new MessageTemplate.Button("URL", "Shop the sale",
								"https://shop.example.com/sale/{{1}}", null,
								List.of("https://shop.example.com/sale/summer25")),
								new MessageTemplate.Button("QUICK_REPLY", "Stop promotions", null, null, null))),
				approved(ids, "order_shipped", "en_US", "UTILITY", "POSITIONAL", green,
						mediaHeader("DOCUMENT", "https://scontent.whatsapp.net/v/t61.29466-34/invoice_sample.pdf"),
						body("Your order {{1}} has shipped and arrives on {{2}}. Your invoice is attached.",
								positional("ORD-1042", "Friday 14 March")),
						text("FOOTER", "Shop Example Ltd")),
				approved(ids, "feedback_request", "en_US", "MARKETING", "POSITIONAL", green,
						new MessageTemplate.Component("HEADER", "TEXT", "Order {{1}}",
								new MessageTemplate.Example(List.of("ORD-1042"), null, null, null, null), null),
						body("Hi {{1}}, how was your delivery? Tap a button to tell us.", positional("Ana")),
						buttons(new MessageTemplate.Button("QUICK_REPLY", "Great", null, null, null),
								new MessageTemplate.Button("QUICK_REPLY", "Not good", null, null, null))));
	}

	private static MessageTemplate approved(LongSupplier ids, String name, String language, String category,
			String parameterFormat, MessageTemplate.QualityScore quality, MessageTemplate.Component... components) {
		return new MessageTemplate(Long.toString(ids.getAsLong()), name, language, "APPROVED", category, null,
				parameterFormat, quality, "NONE", List.of(components));
	}

	private static MessageTemplate.Component body(String text, MessageTemplate.Example example) {
		return new MessageTemplate.Component("BODY", null, text, example, null);
	}

	private static MessageTemplate.Component text(String type, String text) {
		return new MessageTemplate.Component(type, null, text, null, null);
	}

	private static MessageTemplate.Component mediaHeader(String format, String sample) {
		return new MessageTemplate.Component("HEADER", format, null,
				new MessageTemplate.Example(null, null, List.of(sample), null, null), null);
	}

	private static MessageTemplate.Component buttons(MessageTemplate.Button... buttons) {
		return new MessageTemplate.Component("BUTTONS", null, null, null, List.of(buttons));
	}

	private static MessageTemplate.Example positional(String... values) {
		return new MessageTemplate.Example(null, null, null, List.of(List.of(values)), null);
	}

}

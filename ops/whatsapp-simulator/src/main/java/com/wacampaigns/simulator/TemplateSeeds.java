package com.wacampaigns.simulator;

import java.util.List;
import java.util.function.LongSupplier;

import com.wacampaigns.common.graph.MessageTemplate;

/**
 * The approved templates every simulated WhatsApp Business Account starts with, one of
 * each shape a campaign meets: body-only positional ({@code order_update}, the local
 * stack's template), a media header with named parameters and a dynamic URL button
 * ({@code summer_sale}), a document header ({@code order_shipped}), and a text header
 * with quick replies ({@code feedback_request}), and a media card carousel of three cards
 * ({@code new_arrivals}). All are in {@code en_US}.
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
								new MessageTemplate.Button("QUICK_REPLY", "Not good", null, null, null))),
				approved(ids, "new_arrivals", "en_US", "MARKETING", "POSITIONAL", green,
						body("Hi {{1}}, these just arrived. Use code {{2}} for 15% off this week.",
								positional("Ana", "NEW15")),
						carousel(
								card("echeveria.jpg", "Blue echeveria, a rosette of powdery leaves, now {{1}}.", "$12"),
								card("lemon_tree.jpg", "Dwarf lemon tree, fruit in its first year, now {{1}}.", "$34"),
								card("string_of_pearls.jpg", "String of pearls, for a sunny shelf, now {{1}}.",
										"$9"))));
	}

	/**
	 * A media card carousel's card as Meta's docs make them: an IMAGE header, a body with
	 * its price, a quick reply and a URL button with a per-recipient end.
	 */
	private static MessageTemplate.Card card(String image, String text, String price) {
		return new MessageTemplate.Card(
				List.of(mediaHeader("IMAGE", "https://scontent.whatsapp.net/v/t61.29466-34/" + image),
						body(text, positional(price)),
						buttons(new MessageTemplate.Button("QUICK_REPLY", "Send more like this", null, null, null),
								new MessageTemplate.Button("URL", "Buy now", "https://shop.example.com/p/{{1}}", null,
										List.of("https://shop.example.com/p/" + image.substring(0, image.indexOf('.'))
												+ "?promo=NEW15")))));
	}

	private static MessageTemplate.Component carousel(MessageTemplate.Card... cards) {
		return new MessageTemplate.Component("CAROUSEL", null, null, null, null, List.of(cards));
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

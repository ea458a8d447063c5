package com.wacampaigns.gateway.recipient;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.wacampaigns.common.graph.MessageTemplate;
import com.wacampaigns.common.template.ParameterType;
import com.wacampaigns.common.template.TemplateShape;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateValueTests {

	private static final TemplateShape SHAPE = TemplateShape.of("NAMED",
			List.of(new MessageTemplate.Component("HEADER", "IMAGE", null, null, null),
					new MessageTemplate.Component("BODY", null, "Hi {{first_name}}, now {{price}}", null, null)));

	@Test
	void shouldAcceptFixedValuesFieldsAndBodyTypes() {
		Map<String, TemplateValue> values = Map.of("header_image_url",
				TemplateValue.fixed("https://cdn.example.com/a.jpg"), "first_name", TemplateValue.field("name"),
				"price", new TemplateValue(null, null, "currency", "usd"));

		assertThat(TemplateValue.problem(values, SHAPE)).isEmpty();
		assertThat(values.get("price").parameterType()).isEqualTo(ParameterType.currency("USD"));
		assertThat(values.get("first_name").parameterType()).isEqualTo(ParameterType.TEXT);
	}

	@Test
	void shouldNameTheVariableAndWhyForEachMistake() {
		assertThat(problem("header_video_url", TemplateValue.fixed("https://x.example.com")))
			.startsWith("header_video_url: the template has no variable header_video_url; it has [header_image_url,");
		assertThat(problem("first_name", new TemplateValue("Ana", "name", null, null)))
			.isEqualTo("first_name: give either a value for everyone or the recipient field it comes from, not both");
		assertThat(problem("first_name", new TemplateValue(null, null, null, null)))
			.isEqualTo("first_name: give a value for everyone, the recipient field it comes from, or its type");
		assertThat(problem("first_name", TemplateValue.field("email")))
			.isEqualTo("first_name: field must be one of [name]");
		assertThat(problem("header_image_url", new TemplateValue("https://x.example.com", null, "date_time", null)))
			.isEqualTo("header_image_url: only a body variable can be sent as a currency or a date_time");
		assertThat(problem("header_image_url", TemplateValue.fixed("http://x.example.com/a.jpg")))
			.startsWith("header_image_url: header_image_url must be an https link or a media id");
		assertThat(problem("price", new TemplateValue("twelve", null, "currency", "EUR")))
			.isEqualTo("price: price must be an amount such as 12.50 (in EUR), not \"twelve\"");
		assertThat(problem("price", new TemplateValue(null, null, "currency", null))).contains("ISO 4217");
	}

	private static String problem(String name, TemplateValue value) {
		return TemplateValue.problem(Map.of(name, value), SHAPE)
			.map((problem) -> problem.getKey() + ": " + problem.getValue())
			.orElse(null);
	}

}

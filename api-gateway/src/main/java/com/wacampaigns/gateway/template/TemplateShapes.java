package com.wacampaigns.gateway.template;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import com.wacampaigns.common.graph.MessageTemplate;
import com.wacampaigns.common.template.TemplateShape;

/**
 * The shape of a stored template: from Meta's components when it has them (synced ones,
 * and local ones made with components), from its count of {@code {{n}}} in the body
 * otherwise (local templates from before components).
 */
@Component
public class TemplateShapes {

	private final JsonMapper json;

	TemplateShapes(JsonMapper json) {
		this.json = json;
	}

	/**
	 * @param componentsJson the {@code components} column, or {@code null}
	 * @param parameterCount the {@code parameter_count} column
	 */
	public TemplateShape of(String parameterFormat, String componentsJson, int parameterCount) {
		if (componentsJson == null) {
			return TemplateShape.positionalBody(parameterCount);
		}
		return TemplateShape.of(parameterFormat,
				List.of(this.json.readValue(componentsJson, MessageTemplate.Component[].class)));
	}

}

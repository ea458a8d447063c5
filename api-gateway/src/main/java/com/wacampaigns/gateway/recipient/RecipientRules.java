package com.wacampaigns.gateway.recipient;

import java.util.List;
import java.util.Map;

import com.wacampaigns.common.template.TemplateShape;
import com.wacampaigns.common.template.TemplateVariable;

/**
 * What a campaign asks of each of its recipients.
 *
 * @param defaultRegion the owner's region, such as {@code IN}, in which a number without
 * a country code is read
 * @param variables the template's variables, each recipient's values checked in this
 * order
 * @param defaults the campaign's values for some variables, used where a recipient has
 * none of its own
 */
public record RecipientRules(String defaultRegion, List<TemplateVariable> variables,
		Map<String, TemplateValue> defaults) {

	public RecipientRules {
		variables = List.copyOf(variables);
		defaults = Map.copyOf(defaults);
	}

	public static RecipientRules of(String defaultRegion, TemplateShape shape, Map<String, TemplateValue> defaults) {
		return new RecipientRules(defaultRegion, shape.variables(), defaults);
	}

	/** The number of the template's positional body variables, for the seed's wording. */
	int bodyCount() {
		return (int) this.variables.stream().filter((variable) -> variable.alias() != null).count();
	}

}

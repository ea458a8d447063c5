package com.wacampaigns.gateway.campaign;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.wacampaigns.common.template.TemplateVariable;
import com.wacampaigns.gateway.recipient.TemplateValue;

/**
 * The body of {@code POST /campaigns/create}, field names as the seed's clients send them
 * (snake_case on the wire).
 *
 * @param templateValues where a template variable comes from when a recipient has no
 * value of its own: {@code {"header_image_url": {"value": "https://..."}}} for one value
 * for everyone, {@code {"first_name": {"field": "name"}}} for the recipient's name
 * @param quietHours hours of the recipient's day without sends, or {@code null}
 * @param resumeWhenTemplateReinstated whether the campaign resumes by itself when Meta
 * reinstates the template whose pause paused it (true unless false)
 */
record CreateCampaignRequest(@NotBlank @Size(max = 200) String name, @Size(max = 2000) String description,
		@NotNull UUID userId, @NotNull Long templateId,
		@Size(max = 100_000) List<@Valid @NotNull RecipientInput> recipients, @Min(1) @Max(100) Integer maxWorkers,
		@Min(1) @Max(1000) Integer rateLimit, UUID senderId, OffsetDateTime scheduledAt,
		Map<String, TemplateValue> templateValues, Boolean resumeWhenTemplateReinstated,
		@Valid QuietHoursInput quietHours) {

	static final int DEFAULT_MAX_WORKERS = 10;

	static final int DEFAULT_RATE_LIMIT = 80;

	/**
	 * @param phone the number, in international form or local to the user's default
	 * region
	 * @param parameters the values of the template's variables by name
	 * ({@code {"first_name": "Ana", "header_image_url": "https://..."}}); the seed's
	 * positions ({@code {"1": "Ana"}}) name a positional body's variables
	 */
	record RecipientInput(@NotBlank @Size(max = 40) String phone, @Size(max = 200) String name,
			Map<String, String> parameters) {

		/** The value given for {@code variable}, under its name or alias, or null. */
		String value(TemplateVariable variable) {
			if (this.parameters == null) {
				return null;
			}
			String value = this.parameters.get(variable.name());
			return (value != null || variable.alias() == null) ? value : this.parameters.get(variable.alias());
		}

	}

}

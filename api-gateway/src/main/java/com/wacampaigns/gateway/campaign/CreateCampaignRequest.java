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

/**
 * The body of {@code POST /campaigns/create}, field names as the seed's clients send them
 * (snake_case on the wire).
 */
record CreateCampaignRequest(@NotBlank @Size(max = 200) String name, @Size(max = 2000) String description,
		@NotNull UUID userId, @NotNull Long templateId,
		@NotNull @Size(min = 1, max = 100_000) List<@Valid @NotNull RecipientInput> recipients,
		@Min(1) @Max(100) Integer maxWorkers, @Min(1) @Max(1000) Integer rateLimit, UUID senderId,
		OffsetDateTime scheduledAt) {

	static final int DEFAULT_MAX_WORKERS = 10;

	static final int DEFAULT_RATE_LIMIT = 80;

	/**
	 * @param phone the number, in international form or local to the user's default
	 * region
	 * @param parameters the template's body parameters by position: {@code {"1": "Ana"}}
	 */
	record RecipientInput(@NotBlank @Size(max = 40) String phone, @Size(max = 200) String name,
			Map<String, String> parameters) {

		/**
		 * @param position from 1
		 * @return the value, or null
		 */
		String parameter(int position) {
			return (this.parameters != null) ? this.parameters.get(Integer.toString(position)) : null;
		}

	}

}

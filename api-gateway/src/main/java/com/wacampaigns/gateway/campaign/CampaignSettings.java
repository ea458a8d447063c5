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

import com.wacampaigns.gateway.recipient.TemplateValue;

/**
 * The JSON part {@code campaign} of a multipart {@code POST /campaigns/create}: the
 * seed's fields without {@code recipients}, which come as the CSV part {@code file}.
 */
record CampaignSettings(@NotBlank @Size(max = 200) String name, @Size(max = 2000) String description,
		@NotNull UUID userId, @NotNull Long templateId, @Min(1) @Max(100) Integer maxWorkers,
		@Min(1) @Max(1000) Integer rateLimit, UUID senderId, OffsetDateTime scheduledAt,
		Map<String, TemplateValue> templateValues, Boolean resumeWhenTemplateReinstated,
		@Valid QuietHoursInput quietHours) {

	CreateCampaignRequest withoutRecipients() {
		return new CreateCampaignRequest(this.name, this.description, this.userId, this.templateId, List.of(),
				this.maxWorkers, this.rateLimit, this.senderId, this.scheduledAt, this.templateValues,
				this.resumeWhenTemplateReinstated, this.quietHours);
	}

}

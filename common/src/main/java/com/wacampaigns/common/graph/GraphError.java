package com.wacampaigns.common.graph;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Graph API error JSON: {@code {"error":{...}}}. Callers key on {@link Body#code()}, not
 * on the HTTP status, which differs between API versions.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GraphError(Body error) {

	public static GraphError of(int code, String type, String message, String details) {
		return new GraphError(new Body(message, type, code, null, new ErrorData("whatsapp", details),
				"Asim" + Long.toHexString(System.nanoTime())));
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Body(String message, String type, int code, @JsonProperty("error_subcode") Integer errorSubcode,
			@JsonProperty("error_data") ErrorData errorData, @JsonProperty("fbtrace_id") String fbtraceId) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record ErrorData(@JsonProperty("messaging_product") String messagingProduct, String details) {

	}

}

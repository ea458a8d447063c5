package com.wacampaigns.common.graph;

import java.util.Optional;
import java.util.UUID;

/**
 * What we put in {@code biz_opaque_callback_data} so that every status webhook names its
 * campaign and recipient: {@code <campaign uuid>:<recipient uuid>} (73 bytes, well under
 * Meta's 512).
 */
public record CallbackData(UUID campaignId, UUID recipientId) {

	public String encode() {
		return this.campaignId + ":" + this.recipientId;
	}

	/**
	 * Reads callback data written by {@link #encode()}; anything else (absent, or set by
	 * another tool on the same number) gives an empty result.
	 */
	public static Optional<CallbackData> parse(String value) {
		if (value == null || value.length() != 73 || value.charAt(36) != ':') {
			return Optional.empty();
		}
		try {
			return Optional
				.of(new CallbackData(UUID.fromString(value.substring(0, 36)), UUID.fromString(value.substring(37))));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}

package com.wacampaigns.dispatcher.sending;

import java.util.UUID;

/**
 * A business phone number as the dispatcher needs it: its decrypted token stays in memory
 * only, and {@link #toString()} never shows it.
 */
record Sender(UUID id, String phoneNumberId, String accessToken, int messagesPerSecond, boolean connected) {

	@Override
	public String toString() {
		return "Sender[" + this.phoneNumberId + ", " + this.messagesPerSecond + "/s"
				+ (this.connected ? "" : ", disconnected") + "]";
	}

}

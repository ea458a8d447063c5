package com.wacampaigns.localstack;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secrets of one local stack run, made fresh each time so that none is ever
 * committed.
 *
 * @param tokenEncryptionKey base64 AES-256 key for stored access tokens
 * @param jwtSecret HMAC key for the gateway's tokens
 * @param appSecret the "Meta app secret" that the simulator signs webhooks with
 * @param verifyToken the webhook verification token
 * @param senderAccessToken the demo sender's access token at the simulator
 */
public record StackSecrets(String tokenEncryptionKey, String jwtSecret, String appSecret, String verifyToken,
		String senderAccessToken) {

	private static final SecureRandom RANDOM = new SecureRandom();

	public static StackSecrets generate() {
		return new StackSecrets(random(32), random(48), random(24), random(16), "EAAG" + random(32));
	}

	private static String random(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return Base64.getEncoder().encodeToString(value);
	}

	@Override
	public String toString() {
		return "StackSecrets[redacted]";
	}

}

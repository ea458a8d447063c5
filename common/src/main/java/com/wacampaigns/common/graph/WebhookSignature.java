package com.wacampaigns.common.graph;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta's {@code X-Hub-Signature-256}: {@code sha256=} and the lowercase hex HMAC-SHA256
 * of the raw body bytes, keyed with the app secret. Always computed over the bytes as
 * received, never over re-serialised JSON.
 */
public final class WebhookSignature {

	public static final String HEADER = "X-Hub-Signature-256";

	private static final String PREFIX = "sha256=";

	private final SecretKeySpec key;

	public WebhookSignature(String appSecret) {
		this.key = new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	public String sign(byte[] body) {
		return PREFIX + HexFormat.of().formatHex(hmac(body));
	}

	/**
	 * Checks a header value in constant time; a missing or malformed header is not valid.
	 */
	public boolean isValid(byte[] body, String header) {
		if (header == null || !header.startsWith(PREFIX) || header.length() != PREFIX.length() + 64) {
			return false;
		}
		byte[] given;
		try {
			given = HexFormat.of().parseHex(header.substring(PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return MessageDigest.isEqual(hmac(body), given);
	}

	private byte[] hmac(byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}

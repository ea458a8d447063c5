package com.wacampaigns.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The stored form of secrets such as senders' access tokens: AES-256-GCM with a random
 * 12-byte nonce, written as {@code v1:<base64(nonce || ciphertext || tag)>}. It lives in
 * {@code common} because the gateway writes these columns and the dispatcher reads them.
 */
public final class SecretCipher {

	private static final String VERSION = "v1:";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKeySpec key;

	/**
	 * @param base64Key a 256-bit key, base64-encoded
	 */
	public SecretCipher(String base64Key) {
		byte[] raw = Base64.getDecoder().decode(base64Key);
		if (raw.length != 32) {
			throw new IllegalArgumentException("The encryption key must be 32 bytes (base64), not " + raw.length);
		}
		this.key = new SecretKeySpec(raw, "AES");
	}

	public String encrypt(String plain) {
		byte[] nonce = new byte[NONCE_BYTES];
		RANDOM.nextBytes(nonce);
		byte[] sealed = run(Cipher.ENCRYPT_MODE, nonce, plain.getBytes(StandardCharsets.UTF_8));
		return VERSION + Base64.getEncoder()
			.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
	}

	public String decrypt(String stored) {
		if (!stored.startsWith(VERSION)) {
			throw new IllegalArgumentException("Unknown secret format");
		}
		ByteBuffer all = ByteBuffer.wrap(Base64.getDecoder().decode(stored.substring(VERSION.length())));
		byte[] nonce = new byte[NONCE_BYTES];
		all.get(nonce);
		byte[] sealed = new byte[all.remaining()];
		all.get(sealed);
		return new String(run(Cipher.DECRYPT_MODE, nonce, sealed), StandardCharsets.UTF_8);
	}

	private byte[] run(int mode, byte[] nonce, byte[] input) {
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			return cipher.doFinal(input);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(
					"The secret could not be "
							+ (mode == Cipher.ENCRYPT_MODE ? "encrypted" : "decrypted (wrong key or tampered value)"),
					ex);
		}
	}

}

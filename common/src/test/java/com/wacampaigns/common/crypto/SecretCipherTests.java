package com.wacampaigns.common.crypto;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SecretCipherTests {

	private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

	private final SecretCipher cipher = new SecretCipher(KEY);

	@Test
	void shouldRoundTripWithoutStoringThePlainText() {
		String stored = this.cipher.encrypt("EAAG-token");
		assertThat(stored).startsWith("v1:").doesNotContain("EAAG");
		assertThat(this.cipher.encrypt("EAAG-token")).isNotEqualTo(stored);
		assertThat(this.cipher.decrypt(stored)).isEqualTo("EAAG-token");
	}

	@Test
	void shouldRefuseATamperedValueOrAnotherKey() {
		String stored = this.cipher.encrypt("EAAG-token");
		char last = stored.charAt(stored.length() - 2);
		String tampered = stored.substring(0, stored.length() - 2) + (last == 'A' ? 'B' : 'A')
				+ stored.charAt(stored.length() - 1);
		assertThatIllegalStateException().isThrownBy(() -> this.cipher.decrypt(tampered));
		byte[] other = new byte[32];
		other[0] = 1;
		assertThatIllegalStateException()
			.isThrownBy(() -> new SecretCipher(Base64.getEncoder().encodeToString(other)).decrypt(stored));
	}

	@Test
	void shouldRefuseAShortKey() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SecretCipher(Base64.getEncoder().encodeToString(new byte[16])));
	}

}

package com.wacampaigns.gateway.auth;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.wacampaigns.gateway.GatewayIntegrationTest;
import com.wacampaigns.gateway.Http;
import com.wacampaigns.localstack.Seeder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An external identity provider in place of the built-in issuer: the gateway checks
 * tokens against the provider's JWK Set (served here over real HTTP) and refuses tokens
 * signed any other way, including with the built-in HS256 secret; it issues none itself.
 */
@GatewayIntegrationTest
class ExternalIdentityProviderIntegrationTests {

	private static final KeyPair PROVIDER_KEY = rsaKeyPair();

	private static final HttpServer JWKS = jwksServer();

	@LocalServerPort
	private int port;

	@Autowired
	private DataSource dataSource;

	@DynamicPropertySource
	static void useTheProvider(DynamicPropertyRegistry registry) {
		registry.add("gateway.jwt.jwks-uri",
				() -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/.well-known/jwks.json");
	}

	@AfterAll
	static void stopTheProvider() {
		JWKS.stop(0);
	}

	@Test
	void shouldAcceptTheProvidersTokensAndRefuseEveryOther() throws Exception {
		UUID user = new Seeder(this.dataSource).user().username("idp-" + UUID.randomUUID()).create();
		Http http = new Http(this.port);
		String fromProvider = sign(claims(user, "wa-campaigns"), PROVIDER_KEY);
		String fromAnotherKey = sign(claims(user, "wa-campaigns"), rsaKeyPair());
		String wrongIssuer = sign(claims(user, "someone-else"), PROVIDER_KEY);
		SignedJWT builtInStyle = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(user, "wa-campaigns"));
		builtInStyle.sign(new MACSigner(GatewayIntegrationTest.JWT_SECRET.getBytes(StandardCharsets.UTF_8)));

		assertThat(http.get("/campaigns?user_id=" + user, fromProvider).statusCode()).isEqualTo(200);
		assertThat(http.get("/campaigns?user_id=" + user, fromAnotherKey).statusCode()).isEqualTo(401);
		assertThat(http.get("/campaigns?user_id=" + user, wrongIssuer).statusCode()).isEqualTo(401);
		assertThat(http.get("/campaigns?user_id=" + user, builtInStyle.serialize()).statusCode()).isEqualTo(401);
		assertThat(http.post("/auth/token", null, "{\"username\":\"x\",\"password\":\"y\"}").statusCode())
			.as("no built-in issuer")
			.isEqualTo(404);
	}

	private static JWTClaimsSet claims(UUID user, String issuer) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().subject(user.toString())
			.issuer(issuer)
			.audience("wa-campaigns-api")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.claim("roles", List.of("USER"))
			.build();
	}

	private static String sign(JWTClaimsSet claims, KeyPair key) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("provider-key").build(), claims);
		jwt.sign(new RSASSASigner(key.getPrivate()));
		return jwt.serialize();
	}

	private static KeyPair rsaKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer jwksServer() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			byte[] jwks = new JWKSet(
					new RSAKey.Builder((RSAPublicKey) PROVIDER_KEY.getPublic()).keyID("provider-key").build())
				.toString()
				.getBytes(StandardCharsets.UTF_8);
			server.createContext("/.well-known/jwks.json", (exchange) -> {
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, jwks.length);
				exchange.getResponseBody().write(jwks);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

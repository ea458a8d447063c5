package com.wacampaigns.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import com.wacampaigns.gateway.GatewayIntegrationTest;
import com.wacampaigns.gateway.GatewayProperties;

import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The gateway's refusals as RFC 9457 problem details, on the HTTP layer alone (no broker,
 * no database): a request without a token or with one that does not reach the path
 * ({@link ProblemAuthenticationHandler}), a body over its limit
 * ({@code RequestBodyLimitFilter}), and a body that is not JSON or not valid
 * ({@code ApiExceptionHandler}), on {@code POST /auth/token} and protected paths.
 */
@WebMvcTest(controllers = AuthController.class,
		properties = { "spring.config.name=api-gateway", "gateway.jwt.secret=" + GatewayIntegrationTest.JWT_SECRET,
				"gateway.webhook.app-secret=" + GatewayIntegrationTest.APP_SECRET,
				"gateway.webhook.verify-token=" + GatewayIntegrationTest.VERIFY_TOKEN,
				"gateway.token-encryption-key=" + GatewayIntegrationTest.TOKEN_KEY })
// Boot 4 adds Spring Security to a web slice only with spring-boot-security-test; these
// are the auto-configurations that it would import.
@ImportAutoConfiguration({ SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
		SecurityFilterAutoConfiguration.class })
@EnableConfigurationProperties(GatewayProperties.class)
@Import({ SecurityConfiguration.class, ProblemAuthenticationHandler.class, LoginThrottle.class })
class ProblemDetailsWebMvcTests {

	@Autowired
	private MockMvc mvc;

	/** The only way to the database; no request here gets as far as the login itself. */
	@MockitoBean
	private UserAccounts users;

	@Test
	void shouldAnswerMalformedJsonWithAProblemThatNamesTheReason() throws Exception {
		this.mvc.perform(post("/auth/token").contentType(MediaType.APPLICATION_JSON).content("{\"username\": "))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Malformed request body"))
			.andExpect(jsonPath("$.detail",
					matchesPattern("The request body is not valid JSON for this endpoint: \\S.*")));
	}

	@Test
	void shouldAnswerAnInvalidBodyWithAProblemThatNamesTheFieldAndTheReason() throws Exception {
		this.mvc
			.perform(post("/auth/token").contentType(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.ACCEPT_LANGUAGE, "en")
				.content("{\"username\": \"\", \"password\": \"a password\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Invalid request"))
			.andExpect(jsonPath("$.detail").value("1 field(s) are invalid"))
			.andExpect(jsonPath("$.errors[0].field").value("username"))
			.andExpect(jsonPath("$.errors[0].reason").value("must not be blank"));
	}

	@Test
	void shouldAnswerARequestWithoutATokenWithA401Problem() throws Exception {
		this.mvc.perform(get("/campaigns"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Invalid or expired token"))
			.andExpect(jsonPath("$.detail", startsWith("Missing bearer token")));
	}

	@Test
	void shouldAnswerAUserOnAnAdminPathWithA403Problem() throws Exception {
		this.mvc.perform(get("/admin/campaigns").header(HttpHeaders.AUTHORIZATION, "Bearer " + userToken()))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Forbidden"))
			.andExpect(jsonPath("$.detail").value("Your token does not grant access to /admin/campaigns"));
	}

	@Test
	void shouldRefuseABodyOverItsLimitWithA413ProblemBeforeReadingIt() throws Exception {
		String body = "{\"username\": \"someone\", \"password\": \"" + "x".repeat(70_000) + "\"}";

		this.mvc.perform(post("/auth/token").contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().is(413))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Payload too large"))
			.andExpect(jsonPath("$.detail").value("The request body is over the limit of 65536 bytes"));
	}

	/** A USER's token as the gateway issues them, signed with the test secret. */
	private static String userToken() throws JOSEException {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(UUID.randomUUID().toString())
			.issuer("wa-campaigns")
			.audience("wa-campaigns-api")
			.claim(Caller.ROLES_CLAIM, List.of("USER"))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(600)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		jwt.sign(new MACSigner(GatewayIntegrationTest.JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
		return jwt.serialize();
	}

}

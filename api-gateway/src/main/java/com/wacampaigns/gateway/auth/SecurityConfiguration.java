package com.wacampaigns.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import com.wacampaigns.gateway.GatewayProperties;

/**
 * Stateless bearer-token security: the gateway issues HS256 JWTs at {@code /auth/token}
 * and accepts only those, checking signature, algorithm, time, issuer and audience.
 * Webhooks carry Meta's signature instead and are checked by their controller. Of the
 * actuator, only health, liveness and readiness are public (their status, not their
 * components); the rest needs an ADMIN token, and {@code /actuator/prometheus} also takes
 * the static scrape token of {@code gateway.actuator.scrape-token}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	/** The role of the scrape token, which has no other use. */
	private static final String METRICS_SCRAPER = "METRICS_SCRAPER";

	private static final String API_KEY_HEADER = "X-API-Key";

	private static final DefaultBearerTokenResolver BEARER_TOKENS = new DefaultBearerTokenResolver();

	private static final RequestMatcher PROMETHEUS = PathPatternRequestMatcher.withDefaults()
		.matcher("/actuator/prometheus");

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ProblemAuthenticationHandler problems, JwtDecoder jwtDecoder,
			GatewayProperties properties, ObjectProvider<ApiKeys> apiKeys) {
		JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
		roles.setAuthoritiesClaimName(Caller.ROLES_CLAIM);
		roles.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
		authentication.setJwtGrantedAuthoritiesConverter(roles);
		JwtAuthenticationProvider jwtProvider = new JwtAuthenticationProvider(jwtDecoder);
		jwtProvider.setJwtAuthenticationConverter(authentication);
		AuthenticationManagerResolver<HttpServletRequest> managers = authenticationManagers(
				new ProviderManager(jwtProvider), properties.actuator(), apiKeys.getIfAvailable());
		return http.csrf((csrf) -> csrf.disable())
			// The console runs no inline script and loads nothing from elsewhere but
			// images: a template's preview shows its header's sample from Meta's CDN.
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(
					"default-src 'self'; img-src 'self' data: https:; frame-ancestors 'none'; form-action 'self'")))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((requests) -> requests
				// The request was authorised when it came in; its async and error
				// dispatches need not be.
				.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/auth/token")
				.permitAll()
				.requestMatchers("/webhooks/whatsapp", "/error")
				.permitAll()
				// Probes need no token; details (components) only an ADMIN sees
				// (management.endpoint.health.group.readiness.show-details).
				.requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")
				.permitAll()
				.requestMatchers(PROMETHEUS)
				.hasAnyRole("ADMIN", METRICS_SCRAPER)
				.requestMatchers("/actuator/**")
				.hasRole("ADMIN")
				// The console's static files; the API calls they make carry the token.
				.requestMatchers(HttpMethod.GET, "/console/**", "/favicon.ico")
				.permitAll()
				// Swagger UI's files (the console's API page); the description itself,
				// /v3/api-docs, needs a token like the API it describes.
				.requestMatchers(HttpMethod.GET, "/swagger-ui/**", "/swagger-ui.html")
				.permitAll()
				.requestMatchers("/admin/**")
				.hasRole("ADMIN")
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer((server) -> server.authenticationManagerResolver(managers)
				.bearerTokenResolver(SecurityConfiguration::bearerToken)
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.addFilterAfter(new ApiKeyScopeFilter(problems, properties.apiKeys().requestsPerSecond()),
					BearerTokenAuthenticationFilter.class)
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.build();
	}

	/**
	 * The built-in issuer's HS256 key, or the external provider's published keys; the
	 * same checks of time, issuer and audience either way.
	 */
	@Bean
	JwtDecoder jwtDecoder(GatewayProperties properties) {
		GatewayProperties.Jwt settings = properties.jwt();
		NimbusJwtDecoder decoder = settings.issuesTokens()
				? NimbusJwtDecoder.withSecretKey(secretKey(settings)).macAlgorithm(MacAlgorithm.HS256).build()
				: NimbusJwtDecoder.withJwkSetUri(settings.jwksUri().toString())
					.jwsAlgorithm(SignatureAlgorithm.from(settings.jwsAlgorithm()))
					.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(CLOCK_SKEW),
				new JwtIssuerValidator(settings.issuer()), new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(audience) -> audience != null && audience.contains(settings.audience()))));
		return decoder;
	}

	/** Signs the tokens of {@code POST /auth/token}; none when a provider issues them. */
	@Bean
	JwtEncoder jwtEncoder(GatewayProperties properties) {
		if (!properties.jwt().issuesTokens()) {
			return (parameters) -> {
				throw new IllegalStateException("Tokens are issued by the identity provider");
			};
		}
		return new NimbusJwtEncoder(new ImmutableSecret<>(secretKey(properties.jwt())));
	}

	/**
	 * {@code Authorization: Bearer <token or key>}, or {@code X-API-Key: <key>}.
	 */
	private static String bearerToken(HttpServletRequest request) {
		String key = request.getHeader(API_KEY_HEADER);
		return (key != null && !key.isBlank()) ? key.strip() : BEARER_TOKENS.resolve(request);
	}

	/**
	 * API keys (by their mark) and JWTs everywhere; on {@code /actuator/prometheus} also
	 * the scrape token, when one is set, compared in constant time.
	 * @param apiKeys the keys, absent only in web-slice tests (then a key is refused as a
	 * JWT that does not parse)
	 */
	private static AuthenticationManagerResolver<HttpServletRequest> authenticationManagers(
			AuthenticationManager tokens, GatewayProperties.Actuator actuator, ApiKeys apiKeys) {
		AuthenticationManagerResolver<HttpServletRequest> withoutKeys = authenticationManagers(tokens, actuator);
		if (apiKeys == null) {
			return withoutKeys;
		}
		return (request) -> (authentication) -> (authentication instanceof BearerTokenAuthenticationToken bearer
				&& ApiKeys.isKey(bearer.getToken()))
						? ApiKeyAuthentication.manager(apiKeys, request.getRemoteAddr()).authenticate(authentication)
						: withoutKeys.resolve(request).authenticate(authentication);
	}

	private static AuthenticationManagerResolver<HttpServletRequest> authenticationManagers(AuthenticationManager jwt,
			GatewayProperties.Actuator actuator) {
		if (!actuator.hasScrapeToken()) {
			return (request) -> jwt;
		}
		byte[] expected = actuator.scrapeToken().getBytes(StandardCharsets.UTF_8);
		AuthenticationManager scrapeTokenOrJwt = (authentication) -> {
			if (authentication instanceof BearerTokenAuthenticationToken bearer
					&& MessageDigest.isEqual(expected, bearer.getToken().getBytes(StandardCharsets.UTF_8))) {
				return UsernamePasswordAuthenticationToken.authenticated("metrics-scraper", null,
						AuthorityUtils.createAuthorityList("ROLE_" + METRICS_SCRAPER));
			}
			return jwt.authenticate(authentication);
		};
		return (request) -> PROMETHEUS.matches(request) ? scrapeTokenOrJwt : jwt;
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	private static SecretKey secretKey(GatewayProperties.Jwt settings) {
		return new SecretKeySpec(settings.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

}

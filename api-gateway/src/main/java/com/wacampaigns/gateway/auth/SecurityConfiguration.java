package com.wacampaigns.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import javax.crypto.SecretKey;

import jakarta.servlet.DispatcherType;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
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
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

import com.wacampaigns.gateway.GatewayProperties;

/**
 * Stateless bearer-token security: the gateway issues HS256 JWTs at {@code /auth/token}
 * and accepts only those, checking signature, algorithm, time, issuer and audience.
 * Webhooks carry Meta's signature instead and are checked by their controller.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ProblemAuthenticationHandler problems) {
		JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
		roles.setAuthoritiesClaimName(Caller.ROLES_CLAIM);
		roles.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
		authentication.setJwtGrantedAuthoritiesConverter(roles);
		return http.csrf((csrf) -> csrf.disable())
			// The console runs no inline script and loads nothing from elsewhere.
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(
					"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'")))
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
				.requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus")
				.permitAll()
				// The console's static files; the API calls they make carry the token.
				.requestMatchers(HttpMethod.GET, "/console/**", "/favicon.ico")
				.permitAll()
				.requestMatchers("/admin/**")
				.hasRole("ADMIN")
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> jwt.jwtAuthenticationConverter(authentication))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
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

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	private static SecretKey secretKey(GatewayProperties.Jwt settings) {
		return new SecretKeySpec(settings.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

}

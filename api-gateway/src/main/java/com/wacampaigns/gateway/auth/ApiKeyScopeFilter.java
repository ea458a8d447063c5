package com.wacampaigns.gateway.auth;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What a request authenticated by an API key may do: only what one of its scopes covers
 * (403 naming the scope it lacks), nowhere that no scope covers, and at most
 * {@code gateway.api-keys.requests-per-second} a second per key on each gateway (429 with
 * {@code Retry-After}). Requests with a user's token pass untouched.
 */
class ApiKeyScopeFilter extends OncePerRequestFilter {

	private final ProblemAuthenticationHandler problems;

	private final double requestsPerSecond;

	private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

	ApiKeyScopeFilter(ProblemAuthenticationHandler problems, double requestsPerSecond) {
		this.problems = problems;
		this.requestsPerSecond = requestsPerSecond;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<ApiKeyAuthentication.KeyHolder> key = keyOf(SecurityContextHolder.getContext().getAuthentication());
		if (key.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (ApiScope.describesTheApi(path)) {
			chain.doFilter(request, response);
			return;
		}
		Optional<ApiScope> needed = ApiScope.requiredFor(request.getMethod(), path);
		if (needed.isEmpty()) {
			refuse(request, response, HttpStatus.FORBIDDEN,
					"API keys cannot call " + request.getMethod() + " " + path + "; it needs a signed-in user's token",
					null);
			return;
		}
		if (!key.get().scopes().contains(needed.get().word())) {
			refuse(request, response, HttpStatus.FORBIDDEN, "This API key lacks the scope " + needed.get().word()
					+ " that " + request.getMethod() + " " + path + " needs; it has " + key.get().scopes(),
					needed.get().word());
			return;
		}
		Bucket bucket = this.buckets.computeIfAbsent(key.get().id(), (id) -> new Bucket(this.requestsPerSecond));
		if (!bucket.take()) {
			response.setHeader("Retry-After", "1");
			refuse(request, response, HttpStatus.TOO_MANY_REQUESTS, "This API key made more than "
					+ (int) this.requestsPerSecond + " requests a second; try again in a second", null);
			return;
		}
		chain.doFilter(request, response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail,
			String missingScope) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(status.getReasonPhrase());
		problem.setInstance(URI.create(request.getRequestURI()));
		if (missingScope != null) {
			problem.setProperty("missing_scope", missingScope);
		}
		this.problems.write(request, response, problem);
	}

	private static Optional<ApiKeyAuthentication.KeyHolder> keyOf(Authentication authentication) {
		return (authentication instanceof JwtAuthenticationToken token) ? ApiKeyAuthentication.keyOf(token.getToken())
				: Optional.empty();
	}

	/**
	 * A token bucket: a second's worth of requests at most, refilled at the rate, full to
	 * begin with, so a client may make a few requests at once but not keep above the
	 * rate. (Guava's {@code RateLimiter} starts empty and spaces even the first
	 * requests.)
	 */
	private static final class Bucket {

		private final double rate;

		private double tokens;

		private long refilledAt = System.nanoTime();

		Bucket(double rate) {
			this.rate = rate;
			this.tokens = Math.max(1, rate);
		}

		synchronized boolean take() {
			long now = System.nanoTime();
			this.tokens = Math.min(Math.max(1, this.rate), this.tokens + (now - this.refilledAt) / 1e9 * this.rate);
			this.refilledAt = now;
			if (this.tokens < 1) {
				return false;
			}
			this.tokens -= 1;
			return true;
		}

	}

}

package com.wacampaigns.gateway.web;

import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A refusal with an RFC 9457 problem detail that tells the caller what to change.
 */
public class ApiException extends ErrorResponseException {

	private ApiException(HttpStatus status, String title, String detail) {
		super(status, problem(status, title, detail), null);
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

	public static ApiException notFound(String detail) {
		return new ApiException(HttpStatus.NOT_FOUND, "Not found", detail);
	}

	public static ApiException forbidden(String detail) {
		return new ApiException(HttpStatus.FORBIDDEN, "Forbidden", detail);
	}

	public static ApiException unauthorized(String detail) {
		return new ApiException(HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
	}

	public static ApiException conflict(String detail) {
		return new ApiException(HttpStatus.CONFLICT, "Conflict", detail);
	}

	/** A 400 that names each offending field, its rejected value and the reason. */
	public static ApiException invalid(String detail, List<FieldError> errors) {
		ApiException ex = new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", detail);
		ex.getBody().setProperty("errors", errors);
		return ex;
	}

	/**
	 * Meta (or another service this one relies on) could not be asked or answered badly.
	 */
	public static ApiException badGateway(String detail) {
		return new ApiException(HttpStatus.BAD_GATEWAY, "Bad gateway", detail);
	}

	public static ApiException payloadTooLarge(String detail) {
		return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Payload too large", detail);
	}

	/** A 429 that tells the caller, in {@code Retry-After}, when to try again. */
	public static ApiException tooManyRequests(String detail, Duration retryAfter) {
		ApiException ex = new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", detail);
		long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
		ex.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		ex.getBody().setProperty("retry_after_seconds", seconds);
		return ex;
	}

	/**
	 * One problem with one field, as listed in a 400's {@code errors}.
	 */
	public record FieldError(String field, Object rejectedValue, String reason) {

	}

}

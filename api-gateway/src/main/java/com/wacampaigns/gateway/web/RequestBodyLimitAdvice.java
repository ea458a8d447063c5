package com.wacampaigns.gateway.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A chunked body read past its limit is a 413, not the 400 "malformed body" that the
 * exception Jackson wraps it in would be. Ahead of {@link ApiExceptionHandler}, whose
 * handler for {@code HttpMessageNotReadableException} would match first otherwise:
 * handlers match an exception's causes too.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestBodyLimitAdvice {

	@ExceptionHandler(RequestBodyTooLargeException.class)
	ProblemDetail handleTooLarge(RequestBodyTooLargeException ex) {
		return ApiException.payloadTooLarge(ex.getMessage()).getBody();
	}

}

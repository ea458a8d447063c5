package com.wacampaigns.gateway.web;

import java.io.IOException;

/**
 * A chunked request body read past its limit. An {@link IOException}, as reading it
 * failed; whoever was reading (Jackson, mostly) wraps it, and
 * {@link RequestBodyLimitAdvice} finds it among the causes.
 */
class RequestBodyTooLargeException extends IOException {

	/**
	 * @param detail what the client is told: the limit, and what to do instead
	 */
	RequestBodyTooLargeException(String detail) {
		super(detail);
	}

}

package com.wacampaigns.gateway.webhook;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Kafka did not acknowledge in time: the webhook is answered 503 and Meta delivers it
 * again.
 */
@ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
class KafkaUnavailableException extends RuntimeException {

	KafkaUnavailableException(Throwable cause) {
		super("Kafka did not acknowledge the webhook's events", cause);
	}

}

package com.wacampaigns.common.events;

import java.time.Instant;
import java.util.UUID;

import com.wacampaigns.common.RecipientStatus;

/**
 * Something was learnt about one message: the dispatcher's send outcome (accepted with
 * its wamid, or failed with the Graph error) or a status from Meta's webhook. Published
 * on {@code whatsapp.status} keyed by campaign id; the status-ingestor is its only
 * consumer and the only writer of recipient states.
 *
 * @param campaignId the campaign, from {@code biz_opaque_callback_data}
 * @param recipientId the recipient row, from {@code biz_opaque_callback_data}
 * @param wamid the WhatsApp message id, if known
 * @param status what the message became
 * @param occurredAt when it happened, as reported by its source
 * @param errorCode the Graph error code of a failure, or {@code null}
 * @param errorMessage the Graph error message of a failure, or {@code null}
 * @param source who reported it
 */
public record StatusReported(UUID campaignId, UUID recipientId, String wamid, RecipientStatus status,
		Instant occurredAt, Integer errorCode, String errorMessage, Source source) {

	public enum Source {

		DISPATCHER, WEBHOOK

	}

	public static StatusReported accepted(UUID campaignId, UUID recipientId, String wamid, Instant at) {
		return new StatusReported(campaignId, recipientId, wamid, RecipientStatus.ACCEPTED, at, null, null,
				Source.DISPATCHER);
	}

	public static StatusReported skipped(UUID campaignId, UUID recipientId, String reason, Instant at) {
		return new StatusReported(campaignId, recipientId, null, RecipientStatus.SKIPPED, at, null, reason,
				Source.DISPATCHER);
	}

	public static StatusReported failed(UUID campaignId, UUID recipientId, int code, String message, Instant at) {
		return new StatusReported(campaignId, recipientId, null, RecipientStatus.FAILED, at, code, message,
				Source.DISPATCHER);
	}

}

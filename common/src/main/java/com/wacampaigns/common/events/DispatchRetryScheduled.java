package com.wacampaigns.common.events;

import java.time.Instant;

/**
 * A send was refused for now and will be tried again, on {@code campaign.dispatch.retry}.
 *
 * @param request the original dispatch record
 * @param retry which retry this is, from 1; the recipient's {@code retry_count} must be
 * {@code retry - 1} for it to run, so a duplicate of this record does nothing
 * @param notBefore when it may run
 * @param lastCode the Graph error code of the refusal
 * @param lastMessage its message
 */
public record DispatchRetryScheduled(DispatchRequested request, int retry, Instant notBefore, int lastCode,
		String lastMessage) {

}

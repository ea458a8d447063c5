package com.wacampaigns.common.events;

import java.time.Instant;

/**
 * A send was refused for now and will be tried again, on {@code campaign.dispatch.retry}.
 *
 * @param request the original dispatch record
 * @param attemptsMade the recipient's attempts so far (its {@code retry_count}) when the
 * refusal came; the retry runs only if the row still says so, so a duplicate of this
 * record, or one overtaken by a pause, a release or a retry of failures, does nothing
 * @param notBefore when it may run
 * @param lastCode the Graph error code of the refusal
 * @param lastMessage its message
 */
public record DispatchRetryScheduled(DispatchRequested request, int attemptsMade, Instant notBefore, int lastCode,
		String lastMessage) {

}

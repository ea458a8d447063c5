package com.wacampaigns.common.events;

import java.util.List;
import java.util.UUID;

import com.wacampaigns.common.graph.SendMessageRequest;

/**
 * A recipient of a running campaign is due to be sent. Published by the gateway's feeder
 * on {@code campaign.dispatch} with the sender's phone-number id as key.
 *
 * @param campaignId the campaign
 * @param recipientId the recipient row, claimed by the dispatcher before sending
 * @param sequence the recipient's position in its campaign
 * @param phoneNumberId the sender's WhatsApp phone-number id
 * @param phone the recipient in E.164 form
 * @param templateName the approved template to send
 * @param languageCode the template's language, such as {@code en_US}
 * @param components the template's values for this recipient, Meta's
 * {@code template.components} of the send (header, body, buttons)
 * @param rateLimit the campaign's messages per second
 * @param maxWorkers the campaign's sends in flight at most
 */
public record DispatchRequested(UUID campaignId, UUID recipientId, long sequence, String phoneNumberId, String phone,
		String templateName, String languageCode, List<SendMessageRequest.Component> components, int rateLimit,
		int maxWorkers) {

}

package com.wacampaigns.gateway.recipient;

/**
 * What {@link RecipientValidator} makes of one recipient: a {@link Recipient} ready to be
 * written, or the {@link RecipientProblem} that refuses it.
 */
public sealed interface RecipientCheck permits Recipient, RecipientProblem {

}

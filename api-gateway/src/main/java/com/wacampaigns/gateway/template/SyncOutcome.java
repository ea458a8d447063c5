package com.wacampaigns.gateway.template;

/**
 * What became of one sync of a WhatsApp Business Account's templates.
 */
public sealed interface SyncOutcome {

	/** The account synced. */
	String wabaId();

	/**
	 * Meta's list is stored.
	 *
	 * @param listed templates Meta listed
	 * @param added templates new to the gateway
	 * @param updated templates of which Meta said something new
	 * @param deleted templates Meta no longer lists, now DELETED
	 * @param skipped listed templates the gateway cannot store (no id, or a status or
	 * category it does not know), left as they were
	 */
	record Synced(String wabaId, int listed, int added, int updated, int deleted, int skipped) implements SyncOutcome {

	}

	/**
	 * Meta's list could not be had; nothing changed.
	 *
	 * @param problem why, in words for the account's owner
	 */
	record Failed(String wabaId, String problem) implements SyncOutcome {

	}

}

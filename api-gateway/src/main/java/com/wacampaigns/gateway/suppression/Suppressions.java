package com.wacampaigns.gateway.suppression;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What the rest of the gateway asks of a user's suppression list: numbers on it are kept
 * as recipients, SKIPPED, and never sent a campaign message. Numbers are in E.164.
 */
public interface Suppressions {

	/** Every number the user has suppressed, for an import to read once. */
	Set<String> allOf(UUID userId);

	/** Which of {@code phones} the user has suppressed. */
	Set<String> suppressedAmong(UUID userId, List<String> phones);

}

package com.wacampaigns.gateway.recipient;

/**
 * What a campaign asks of each of its recipients.
 *
 * @param defaultRegion the owner's region, such as {@code IN}, in which a number without
 * a country code is read
 * @param parameterCount the template's body parameters, every one of them required
 */
public record RecipientRules(String defaultRegion, int parameterCount) {

}

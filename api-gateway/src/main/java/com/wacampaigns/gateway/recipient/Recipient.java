package com.wacampaigns.gateway.recipient;

/**
 * A recipient that passed its checks, in the form it is stored.
 *
 * @param phone the number as the user wrote it
 * @param countryCode such as {@code 91}
 * @param e164 such as {@code +919812345678}
 * @param name as given, or null
 * @param parametersJson the template's parameters by position, such as
 * {@code {"1":"Ana","2":"A-1"}}
 */
public record Recipient(String phone, String countryCode, String e164, String name,
		String parametersJson) implements RecipientCheck {

}

package com.wacampaigns.gateway.recipient;

import com.wacampaigns.common.template.TemplateVariable;

/**
 * Why a recipient was refused, or set aside, worded once for every path: the JSON
 * create's 400 and the CSV import's report say the same thing of the same problem. Code
 * decides by the {@link Kind}, never by the wording.
 *
 * @param reason what the API tells the user
 */
public record RecipientProblem(Kind kind, String reason) implements RecipientCheck {

	public static final RecipientProblem NOT_UTF8 = new RecipientProblem(Kind.NOT_UTF8, "not valid UTF-8");

	public static final RecipientProblem NO_PHONE = new RecipientProblem(Kind.NO_PHONE, "no phone number");

	public static final RecipientProblem INVALID_PHONE = new RecipientProblem(Kind.INVALID_PHONE,
			"not a valid phone number");

	public static final RecipientProblem SUPPRESSED = new RecipientProblem(Kind.SUPPRESSED,
			"on the suppression list: imported as SKIPPED");

	/**
	 * A value the template needs and the recipient lacks, worded as the seed did for a
	 * positional body's.
	 * @param bodyCount the template's positional body variables
	 */
	public static RecipientProblem missing(TemplateVariable variable, int bodyCount) {
		String reason = (variable.alias() != null)
				? "parameter " + variable.alias() + " is missing; the template needs " + bodyCount
				: variable.name() + " is missing: " + variable.description();
		return new RecipientProblem(Kind.MISSING_PARAMETER, reason);
	}

	/** A value Meta would refuse where it goes, with the reason. */
	public static RecipientProblem invalidValue(String reason) {
		return new RecipientProblem(Kind.INVALID_PARAMETER, reason);
	}

	/**
	 * @param e164 the number the campaign already has
	 */
	public static RecipientProblem duplicate(String e164) {
		return new RecipientProblem(Kind.DUPLICATE, "duplicate: " + e164 + " is already in this campaign");
	}

	public static RecipientProblem overLimit(long maxRecipients) {
		return new RecipientProblem(Kind.OVER_LIMIT, "over the limit of " + maxRecipients
				+ " recipients per campaign; this row and the rest were not imported");
	}

	public enum Kind {

		/** A CSV row with bytes that are not UTF-8. */
		NOT_UTF8,

		NO_PHONE,

		/** A number that is not a valid one, as written or in the owner's region. */
		INVALID_PHONE,

		MISSING_PARAMETER,

		/** A value Meta would refuse for its form or length. */
		INVALID_PARAMETER,

		/** A number already in the campaign, or earlier in the same file. */
		DUPLICATE,

		/** On the owner's suppression list: imported all the same, as SKIPPED. */
		SUPPRESSED,

		/** Past the recipients a campaign may have. */
		OVER_LIMIT;

		/** Whether the recipient is left out: a suppressed one is kept, never sent. */
		public boolean isRejection() {
			return this != SUPPRESSED;
		}

	}

}

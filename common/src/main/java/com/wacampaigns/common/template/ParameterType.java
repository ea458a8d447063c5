package com.wacampaigns.common.template;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;

/**
 * The kind of value a body variable is sent as. Meta's templates do not say: the sender
 * chooses at each send, text by default, or a {@code currency} (an amount Meta may show
 * in the recipient's locale) or a {@code date_time} (shown as written).
 *
 * @param currencyCode ISO 4217, for a currency only
 */
public record ParameterType(Kind kind, String currencyCode) {

	public static final ParameterType TEXT = new ParameterType(Kind.TEXT, null);

	public static final ParameterType DATE_TIME = new ParameterType(Kind.DATE_TIME, null);

	public static ParameterType currency(String code) {
		return new ParameterType(Kind.CURRENCY, code.toUpperCase(Locale.ROOT));
	}

	/**
	 * @param type {@code text}, {@code currency} or {@code date_time}, any case; null is
	 * text
	 * @return the type, or why there is none
	 */
	public static Result of(String type, String currencyCode) {
		String kind = (type != null) ? type.toLowerCase(Locale.ROOT) : "text";
		return switch (kind) {
			case "text" -> new Result(TEXT, null);
			case "date_time" -> new Result(DATE_TIME, null);
			case "currency" -> {
				if (currencyCode == null || !isCurrency(currencyCode)) {
					yield new Result(null,
							"a currency needs currency_code, an ISO 4217 code such as USD, not " + currencyCode);
				}
				yield new Result(currency(currencyCode), null);
			}
			default -> new Result(null, "type must be text, currency or date_time, not " + type);
		};
	}

	/**
	 * The amount in thousandths, as Meta's {@code amount_1000} takes it, of a value such
	 * as {@code 12.5}: empty when it is not an amount.
	 */
	static Optional<Long> thousandths(String value) {
		try {
			BigDecimal amount = new BigDecimal(value.trim()).movePointRight(3);
			return (amount.stripTrailingZeros().scale() <= 0) ? Optional.of(amount.longValueExact()) : Optional.empty();
		}
		catch (ArithmeticException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	private static boolean isCurrency(String code) {
		try {
			Currency.getInstance(code.toUpperCase(Locale.ROOT));
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	public enum Kind {

		TEXT, CURRENCY, DATE_TIME

	}

	/** A type, or why the given one is not one. */
	public record Result(ParameterType type, String problem) {

	}

}

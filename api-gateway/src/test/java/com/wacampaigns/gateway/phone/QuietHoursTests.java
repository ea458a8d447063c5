package com.wacampaigns.gateway.phone;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class QuietHoursTests {

	private static final QuietHours NIGHTS = new QuietHours(LocalTime.of(21, 0), LocalTime.of(9, 0));

	private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

	private static final TimeZones zones = new TimeZones();

	@Test
	void shouldBeQuietAcrossMidnightOrWithinTheDay() {
		assertThat(NIGHTS.quietAt(LocalTime.of(23, 30))).isTrue();
		assertThat(NIGHTS.quietAt(LocalTime.of(8, 59))).isTrue();
		assertThat(NIGHTS.quietAt(LocalTime.of(9, 0))).isFalse();
		assertThat(NIGHTS.quietAt(LocalTime.of(20, 59))).isFalse();
		QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(14, 0));
		assertThat(lunch.quietAt(LocalTime.of(13, 0))).isTrue();
		assertThat(lunch.quietAt(LocalTime.of(14, 0))).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> new QuietHours(LocalTime.NOON, LocalTime.NOON));
	}

	@Test
	void shouldSendNowOutsideTheQuietHoursAndAtTheirEndInside() {
		// 14:00 in Kolkata (UTC+5:30): open.
		assertThat(NIGHTS.nextOpening(List.of(KOLKATA), Instant.parse("2026-11-29T08:30:00Z"))).isEmpty();
		// 23:00 in Kolkata: the next 09:00 there, 03:30 UTC the next day.
		assertThat(NIGHTS.nextOpening(List.of(KOLKATA), Instant.parse("2026-11-29T17:30:00Z")))
			.contains(Instant.parse("2026-11-30T03:30:00Z"));
		// 02:00 in Kolkata: 09:00 the same day.
		assertThat(NIGHTS.nextOpening(List.of(KOLKATA), Instant.parse("2026-11-29T20:30:00Z")))
			.contains(Instant.parse("2026-11-30T03:30:00Z"));
	}

	@Test
	void shouldWaitUntilTheQuietHoursAreOverInEveryZoneOfTheNumber() {
		ZoneId newYork = ZoneId.of("America/New_York");
		ZoneId losAngeles = ZoneId.of("America/Los_Angeles");
		// 08:00 in New York is 05:00 in Los Angeles: open at 09:00 in Los Angeles, 17:00
		// UTC, although New York opens at 14:00 UTC.
		assertThat(NIGHTS.nextOpening(List.of(newYork, losAngeles), Instant.parse("2026-11-29T13:00:00Z")))
			.contains(Instant.parse("2026-11-29T17:00:00Z"));
		// 20:30 in Los Angeles is 23:30 in New York: quiet in New York until its 09:00.
		assertThat(NIGHTS.nextOpening(List.of(newYork, losAngeles), Instant.parse("2026-11-30T04:30:00Z")))
			.contains(Instant.parse("2026-11-30T17:00:00Z"));
	}

	@Test
	void shouldFollowDaylightSavingTime() {
		ZoneId berlin = ZoneId.of("Europe/Berlin");
		// The night of 28 to 29 March 2026 loses an hour: 09:00 there is 07:00 UTC.
		assertThat(NIGHTS.nextOpening(List.of(berlin), Instant.parse("2026-03-29T01:00:00Z")))
			.contains(Instant.parse("2026-03-29T07:00:00Z"));
	}

	@Test
	void shouldSendNowWhenTheNumbersZoneIsUnknown() {
		assertThat(NIGHTS.nextOpening(List.of(), Instant.parse("2026-11-29T17:30:00Z"))).isEmpty();
	}

	@Test
	void shouldFindTheZonesOfANumberWithLibphonenumber() {
		// libphonenumber's name for Asia/Kolkata.
		assertThat(zones.of("+919800000001")).containsExactly(ZoneId.of("Asia/Calcutta"));
		assertThat(zones.of("+12125550123")).containsExactly(ZoneId.of("America/New_York"));
		assertThat(zones.of("+79161234567")).hasSizeGreaterThan(1);
		assertThat(zones.of("not a number")).isEmpty();
	}

}

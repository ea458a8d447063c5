package com.wacampaigns.gateway.phone;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Hours of the recipient's day in which a campaign sends nothing, such as 21:00 to 09:00:
 * from {@code from} (included) to {@code until} (excluded), across midnight when
 * {@code from} is later than {@code until}. A number may lie in several time zones (a
 * country's mobile numbers often do): the quiet hours then hold in all of them, so a
 * recipient is sent only when it is outside them everywhere it may be.
 */
public record QuietHours(LocalTime from, LocalTime until) {

	public QuietHours {
		if (from == null || until == null || from.equals(until)) {
			throw new IllegalArgumentException("Quiet hours need a start and a different end");
		}
	}

	/** Whether {@code time} of the day is quiet. */
	public boolean quietAt(LocalTime time) {
		return this.from.isBefore(this.until) ? !time.isBefore(this.from) && time.isBefore(this.until)
				: !time.isBefore(this.from) || time.isBefore(this.until);
	}

	/**
	 * When a number in these zones may next be sent: empty when it may now (or when its
	 * zones are unknown), else the first end of quiet hours at which no zone is quiet.
	 * Zones so far apart that their days never share an open hour get the first zone's
	 * next end of quiet hours.
	 */
	public Optional<Instant> nextOpening(Collection<ZoneId> zones, Instant now) {
		if (zones.isEmpty() || openEverywhere(zones, now)) {
			return Optional.empty();
		}
		List<Instant> ends = new ArrayList<>();
		for (ZoneId zone : zones) {
			LocalDate today = now.atZone(zone).toLocalDate();
			for (int day = -1; day <= 2; day++) {
				Instant end = ZonedDateTime.of(today.plusDays(day), this.until, zone).toInstant();
				if (end.isAfter(now)) {
					ends.add(end);
				}
			}
		}
		ends.sort(null);
		return ends.stream()
			.filter((end) -> openEverywhere(zones, end))
			.findFirst()
			.or(() -> ends.stream()
				.filter((end) -> !quietAt(end.atZone(zones.iterator().next()).toLocalTime()))
				.findFirst());
	}

	private boolean openEverywhere(Collection<ZoneId> zones, Instant instant) {
		return zones.stream().noneMatch((zone) -> quietAt(instant.atZone(zone).toLocalTime()));
	}

	@Override
	public String toString() {
		return this.from + "–" + this.until;
	}

}

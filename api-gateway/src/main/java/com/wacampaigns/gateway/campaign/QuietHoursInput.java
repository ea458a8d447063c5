package com.wacampaigns.gateway.campaign;

import java.time.LocalTime;

import jakarta.validation.constraints.NotNull;

import com.wacampaigns.gateway.phone.QuietHours;

/**
 * {@code "quiet_hours": {"from": "21:00", "until": "09:00"}}: no sends from 21:00 to
 * 09:00 in the recipient's own time.
 */
record QuietHoursInput(@NotNull LocalTime from, @NotNull LocalTime until) {

	QuietHours toQuietHours() {
		return new QuietHours(this.from, this.until);
	}

}

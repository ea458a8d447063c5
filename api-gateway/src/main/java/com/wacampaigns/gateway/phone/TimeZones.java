package com.wacampaigns.gateway.phone;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import org.springframework.stereotype.Component;

/**
 * The time zones a number may be in, from libphonenumber's prefix map (its geocoder
 * module): one for most numbers, several for a country or a mobile range that spans them,
 * none when unknown.
 */
@Component
public class TimeZones {

	private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

	private final PhoneNumberToTimeZonesMapper mapper = PhoneNumberToTimeZonesMapper.getInstance();

	/**
	 * @param e164 a number as stored: {@code +} and digits
	 */
	public List<ZoneId> of(String e164) {
		PhoneNumber number;
		try {
			number = this.util.parse(e164, "ZZ");
		}
		catch (NumberParseException ex) {
			return List.of();
		}
		List<ZoneId> zones = new ArrayList<>();
		for (String name : this.mapper.getTimeZonesForNumber(number)) {
			if (!PhoneNumberToTimeZonesMapper.getUnknownTimeZone().equals(name)) {
				try {
					zones.add(ZoneId.of(name));
				}
				catch (DateTimeException ex) {
					// A name the JDK does not know: that zone is left out.
				}
			}
		}
		return zones;
	}

}

package com.wacampaigns.gateway.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A list's place in the whole, for lists answered as bare JSON arrays: the {@code Link}
 * header with the {@code first}, {@code prev}, {@code next} and {@code last} pages of the
 * current request (RFC 8288); {@code X-Total-Count} beside it says how many there are.
 */
public final class PageLinks {

	public static final String TOTAL_COUNT = "X-Total-Count";

	private PageLinks() {
	}

	/** The {@code Link} header's value for page {@code page} of {@code size}. */
	public static String of(long page, int size, long total) {
		long last = Math.max(0, (total - 1) / size);
		List<String> links = new ArrayList<>();
		links.add(link(0, "first"));
		if (page > 0) {
			links.add(link(Math.min(page - 1, last), "prev"));
		}
		if (page < last) {
			links.add(link(page + 1, "next"));
		}
		links.add(link(last, "last"));
		return String.join(", ", links);
	}

	private static String link(long page, String rel) {
		return "<" + ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page", page).toUriString()
				+ ">; rel=\"" + rel + "\"";
	}

}

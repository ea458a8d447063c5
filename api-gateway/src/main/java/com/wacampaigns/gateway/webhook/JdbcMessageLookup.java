package com.wacampaigns.gateway.webhook;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.wacampaigns.common.graph.CallbackData;

/**
 * Finds the campaign and recipient of messages by wamid, for statuses that came without
 * our callback data.
 */
@Repository
class JdbcMessageLookup {

	private static final String BY_WAMID = """
			SELECT message_id, campaign_id, id
			FROM campaign_recipients
			WHERE message_id = ANY(:wamids::text[])
			""";

	private static final String SENDERS = """
			SELECT c.id, s.phone_number_id
			FROM campaigns c
			JOIN senders s ON s.id = c.sender_id
			WHERE c.id = ANY(:ids::uuid[])
			""";

	/** Campaigns' senders never change once they run: kept, most recently used first. */
	private static final int KNOWN_SENDERS = 10_000;

	private final Map<UUID, String> senders = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<UUID, String> eldest) {
			return size() > KNOWN_SENDERS;
		}

	});

	private final JdbcClient jdbc;

	JdbcMessageLookup(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The phone-number id of each campaign's sender. */
	Map<UUID, String> sendersOf(Set<UUID> campaignIds) {
		Map<UUID, String> found = new HashMap<>();
		Set<UUID> unknown = new HashSet<>();
		for (UUID id : campaignIds) {
			String sender = this.senders.get(id);
			if (sender != null) {
				found.put(id, sender);
			}
			else {
				unknown.add(id);
			}
		}
		if (!unknown.isEmpty()) {
			this.jdbc.sql(SENDERS)
				.param("ids", unknown.stream().map(UUID::toString).toArray(String[]::new))
				.query((rs) -> {
					UUID id = rs.getObject("id", UUID.class);
					String sender = rs.getString("phone_number_id");
					this.senders.put(id, sender);
					found.put(id, sender);
				});
		}
		return found;
	}

	Map<String, CallbackData> byWamid(List<String> wamids) {
		if (wamids.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql(BY_WAMID)
			.param("wamids", wamids.toArray(String[]::new))
			.query((rs, row) -> Map.entry(rs.getString("message_id"),
					new CallbackData(rs.getObject("campaign_id", UUID.class), rs.getObject("id", UUID.class))))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

}

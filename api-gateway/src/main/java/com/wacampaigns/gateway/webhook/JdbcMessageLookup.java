package com.wacampaigns.gateway.webhook;

import java.util.List;
import java.util.Map;
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

	private final JdbcClient jdbc;

	JdbcMessageLookup(JdbcClient jdbc) {
		this.jdbc = jdbc;
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

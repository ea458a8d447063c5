package com.wacampaigns.gateway.csv;

import java.util.UUID;

import javax.sql.DataSource;

import com.wacampaigns.gateway.Http;
import com.wacampaigns.localstack.Seeder;

/**
 * A new user with an APPROVED two-parameter template ({@code phone,name,1,2}), a DRAFT
 * campaign of theirs to import into, and their token.
 */
record DraftCampaign(UUID id, String token) {

	static DraftCampaign seed(DataSource dataSource, int port) {
		Seeder seeder = new Seeder(dataSource);
		String username = "csv-" + UUID.randomUUID();
		UUID user = seeder.user(UUID.randomUUID(), username, "pw", "USER");
		long template = seeder.template(null, user, "t-" + UUID.randomUUID(), "Hi {{1}} {{2}}", 2, "APPROVED");
		UUID campaign = seeder.campaign(user, template, null, "DRAFT", 10, 1, 0);
		return new DraftCampaign(campaign, new Http(port).token(username, "pw"));
	}

}

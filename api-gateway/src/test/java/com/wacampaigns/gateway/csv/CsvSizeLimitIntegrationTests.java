package com.wacampaigns.gateway.csv;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import com.wacampaigns.gateway.NewUserIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file over the configured size is refused with 413 part way through its rows, and the
 * rows already sent to the database are taken back.
 */
@TestPropertySource(properties = "gateway.csv.max-bytes=100000")
class CsvSizeLimitIntegrationTests extends NewUserIntegrationTest {

	@LocalServerPort
	private int port;

	@Test
	void shouldRefuseAFileOverTheLimitAndKeepNoneOfIt() throws Exception {
		UUID draft = this.accounts.campaign(this.user).create();
		StringBuilder csv = new StringBuilder("phone,name,1,2\n");
		for (int i = 0; i < 20_000; i++) {
			csv.append("+91981").append(1_000_000 + i).append(",A,a,b\n");
		}

		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/campaigns/" + draft + "/recipients"))
				.header("Authorization", "Bearer " + this.user.token())
				.header("Content-Type", "text/csv")
				.POST(HttpRequest.BodyPublishers.ofString(csv.toString()))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
		assertThat(response.body()).contains("limited to 100000 bytes");
		assertThat(this.jdbc.sql("SELECT count(*) FROM campaign_recipients WHERE campaign_id = :id")
			.param("id", draft)
			.query(Long.class)
			.single()).isZero();
	}

}

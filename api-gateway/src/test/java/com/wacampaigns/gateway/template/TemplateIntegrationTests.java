package com.wacampaigns.gateway.template;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import com.wacampaigns.gateway.GatewayIntegrationTest;
import com.wacampaigns.gateway.Http;
import com.wacampaigns.gateway.TestAccounts;

import static org.assertj.core.api.Assertions.assertThat;

@GatewayIntegrationTest
class TemplateIntegrationTests {

	@Autowired
	private TestAccounts accounts;

	@Autowired
	private Http http;

	private String token;

	private String adminToken;

	@BeforeEach
	void seed() {
		this.token = this.accounts.newLogin().token();
		this.adminToken = this.accounts.newAdmin().token();
	}

	@Test
	void shouldCreateAPendingTemplateCountingItsParametersAndLetAnAdminApproveIt() {
		HttpResponse<String> created = this.http.post("/templates", this.token, """
				{"name":"order_shipped","language":"en_US","category":"utility",
				 "body":"Hi {{1}}, order {{2}} ships on {{3}}."}""");
		JsonNode template = Http.json(created);
		long id = template.get("id").asLong();

		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(template.get("parameter_count").asInt()).isEqualTo(3);
		assertThat(template.get("status").asString()).isEqualTo("PENDING");
		assertThat(template.get("category").asString()).isEqualTo("UTILITY");
		assertThat(this.http.put("/templates/" + id + "/status", this.token, "{\"status\":\"APPROVED\"}").statusCode())
			.isEqualTo(403);
		assertThat(
				Http.json(this.http.put("/templates/" + id + "/status", this.adminToken, "{\"status\":\"approved\"}"))
					.get("status")
					.asString())
			.isEqualTo("APPROVED");
		assertThat(this.http.get("/templates", this.token).body()).contains("order_shipped");
	}

	@Test
	void shouldRefuseGapsInPlaceholdersBadNamesAndDuplicates() {
		String body = "{\"name\":\"dup\",\"language\":\"en_US\",\"category\":\"MARKETING\",\"body\":\"Hi {{1}}\"}";
		assertThat(this.http.post("/templates", this.token, body).statusCode()).isEqualTo(201);
		assertThat(this.http.post("/templates", this.token, body).statusCode()).isEqualTo(409);
		assertThat(this.http
			.post("/templates", this.token,
					"{\"name\":\"gap\",\"language\":\"en_US\",\"category\":\"MARKETING\",\"body\":\"Hi {{2}}\"}")
			.statusCode()).isEqualTo(400);
		HttpResponse<String> badName = this.http.post("/templates", this.token,
				"{\"name\":\"Bad Name\",\"language\":\"en_US\",\"category\":\"MARKETING\",\"body\":\"Hi\"}");
		assertThat(badName.statusCode()).isEqualTo(400);
		assertThat(Http.json(badName).get("errors").get(0).get("field").asString()).isEqualTo("name");
	}

	@Test
	void shouldGenerateTheCsvHeaderAndAnExampleRow() {
		long id = Http
			.json(this.http.post("/templates", this.token,
					"{\"name\":\"csv\",\"language\":\"en_US\",\"category\":\"MARKETING\",\"body\":\"{{1}} {{2}}\"}"))
			.get("id")
			.asLong();

		HttpResponse<String> csv = this.http.get("/templates/" + id + "/csv-template", this.token);

		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/csv"));
		assertThat(csv.body().lines()).containsExactly("phone,name,body_1,body_2", "+14155550123,Ana,value 1,value 2");
	}

}

package com.wacampaigns.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.GatewayClient;
import com.wacampaigns.localstack.SystemStack;
import com.wacampaigns.simulator.Faults;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) against the whole running stack: a marketer logs in, creates a
 * campaign from a CSV with bad rows and reads the report, is told how long sending takes,
 * sends it and watches the counters reach the end, gives another quiet hours and sees
 * them in its details, pauses and resumes another, makes an API key, reads its secret
 * (shown once) and revokes it, registers a webhook endpoint and sees its test event fail
 * and be retried; an admin filters and cancels; the connection panel turns to "session
 * expired" when the simulator refuses the sender's token three times. Screenshots of each
 * page go to {@code target/screenshots}.
 */
@SystemStackTest
@EnabledIf(value = "chromiumIsInstalled",
		disabledReason = "Browser tests skipped: no Chromium here. Install it with: apt-get install -y chromium chromium-driver")
@DisabledIfSystemProperty(named = "wa.infrastructure", matches = "containers",
		disabledReason = "the console does not depend on where Kafka and PostgreSQL run: once, in the default execution")
class ConsoleBrowserIntegrationTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static SystemStack stack;

	@LoggedInAs("demo")
	private static GatewayClient demo;

	private static JdbcClient jdbc;

	private WebDriver browser;

	private WebDriverWait wait;

	private Path profile;

	private String testName;

	/**
	 * Checked before the stack starts: without a browser there is nothing to start it
	 * for.
	 */
	static boolean chromiumIsInstalled() {
		return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
	}

	@BeforeEach
	void openTheBrowser(TestInfo test) throws IOException {
		this.testName = test.getTestMethod().orElseThrow().getName();
		this.profile = Files.createTempDirectory("chromium-profile");
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + this.profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.build();
		this.browser = new ChromeDriver(service, options);
		// The pages re-render rows as data arrives: an element may go stale between two
		// reads.
		this.wait = new WebDriverWait(this.browser, PATIENCE, Duration.ofMillis(200));
		this.wait.ignoring(StaleElementReferenceException.class);
		Files.createDirectories(SCREENSHOTS);
	}

	@AfterEach
	void closeTheBrowser() throws IOException {
		if (this.browser != null) {
			screenshot("last");
			this.browser.quit();
		}
	}

	@Test
	void shouldCreateFromCsvSendAndWatchTheCountersReachTheEnd() throws IOException {
		logIn("demo", "demo", "/whatsapp/campaigns");
		Path csv = Files.createTempFile("recipients", ".csv");
		StringBuilder rows = new StringBuilder("phone,name,1,2\n");
		for (int i = 1; i <= 30; i++) {
			rows.append("+9198765%05d,Person %d,Person %d,ORD-%d\n".formatted(i, i, i, i));
		}
		rows.append("12345,Too short,X,1\n").append("+919876500001,Twice,X,2\n");
		Files.writeString(csv, rows);

		String name = "Browser " + UUID.randomUUID().toString().substring(0, 8);
		type("create-name", name);
		new Select(byId("create-template")).selectByValue("1");
		clearAndType("create-rate", "50");
		byId("create-file").sendKeys(csv.toAbsolutePath().toString());
		byId("create-submit").click();

		this.wait.until((driver) -> byId("import-summary").getText().contains("imported"));
		screenshot("import-report");
		assertThat(byId("import-summary").getText()).contains("30 imported").contains("2 rejected");
		assertThat(byId("import-report").getText()).contains("12345");
		// Asked for once the campaign is there, the estimate comes after the report.
		this.wait.until((driver) -> byId("create-estimate").isDisplayed());
		assertThat(byId("create-estimate").getText()).contains("messages/s").contains("takes");

		WebElement row = campaignRow(name);
		assertThat(row.getAttribute("data-status")).isEqualTo("DRAFT");
		row.findElement(By.cssSelector("button[data-action='send']")).click();
		assertThat(confirmNote().getText()).contains("messages/s").contains("takes");
		confirm(null);
		this.wait.until((driver) -> !"DRAFT".equals(campaignRow(name).getAttribute("data-status")));
		campaignRow(name).findElement(By.cssSelector("button[data-action='details']")).click();
		this.wait.until((driver) -> "30".equals(byId("detail-read").getText())
				&& "COMPLETED".equals(byId("detail-status").getText().trim()));
		screenshot("details-completed");
		assertThat(byId("detail-sent").getText()).isEqualTo("30");
		assertThat(byId("detail-failed").getText()).isEqualTo("0");
		assertThat(byId("detail-pending").getText()).isEqualTo("0");
	}

	/**
	 * Quiet hours from the form: half of them is refused next to the fields before
	 * anything is sent; both show in the details, and the send question says how long
	 * sending takes. The question is cancelled: a campaign held by its quiet hours (the
	 * demo's recipients are in Asia/Kolkata) would make the test depend on the time of
	 * day, so the test that sends sets none.
	 */
	@Test
	void shouldCreateWithQuietHoursAndShowThemWithTheEstimateBeforeSending() throws IOException {
		logIn("demo", "demo", "/whatsapp/campaigns");
		Path csv = Files.createTempFile("recipients", ".csv");
		Files.writeString(csv, "phone,name,1,2\n+919876500001,Ana,Ana,ORD-1\n+919876500002,Bo,Bo,ORD-2\n");
		String name = "Quiet " + UUID.randomUUID().toString().substring(0, 8);
		type("create-name", name);
		new Select(byId("create-template")).selectByValue("1");
		byId("create-file").sendKeys(csv.toAbsolutePath().toString());

		setTime("create-quiet-from", "00:00");
		byId("create-submit").click();
		this.wait.until((driver) -> byId("create-quiet-error").isDisplayed());
		assertThat(byId("create-quiet-error").getText()).contains("end is missing");
		assertThat(byId("create-quiet-until").getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(jdbc.sql("SELECT count(*) FROM campaigns WHERE name = :name")
			.param("name", name)
			.query(Long.class)
			.single()).isZero();

		setTime("create-quiet-until", "00:01");
		byId("create-submit").click();
		this.wait.until((driver) -> byId("import-summary").getText().contains("imported"));
		assertThat(byId("create-quiet-error").isDisplayed()).isFalse();
		campaignRow(name).findElement(By.cssSelector("button[data-action='details']")).click();
		this.wait.until((driver) -> byId("detail-quiet-hours").isDisplayed());
		screenshot("details-quiet-hours");
		assertThat(byId("detail-quiet-hours").getText()).contains("00:00")
			.contains("00:01")
			.contains("recipient's time");

		byId("detail-state-actions").findElement(By.cssSelector("button[data-action='send']")).click();
		WebElement estimate = confirmNote();
		screenshot("send-estimate");
		assertThat(estimate.getText()).contains("messages/s").contains("takes");
		byId("confirm-cancel").click();
		this.wait.until((driver) -> !byId("confirm-dialog").isDisplayed());
		assertThat(jdbc.sql("""
				SELECT status || ' ' || to_char(quiet_from, 'HH24:MI') || '-' || to_char(quiet_until, 'HH24:MI')
				FROM campaigns
				WHERE name = :name
				""").param("name", name).query(String.class).single()).isEqualTo("DRAFT 00:00-00:01");
	}

	@Test
	void shouldSyncTheTemplatesWithMetaAndPreviewOneWithItsVariables() {
		logIn("demo", "demo", "/whatsapp/campaigns");
		this.browser.findElement(By.cssSelector("a[href='/whatsapp/templates']")).click();
		this.wait.until((driver) -> driver.getCurrentUrl().contains("/whatsapp/templates"));

		this.wait.until((driver) -> byId("sync-templates").isDisplayed());
		byId("sync-templates").click();

		this.wait.until((driver) -> byId("sync-summary").getText().contains("Listed"));
		WebElement summerSale = this.wait
			.until((driver) -> byId("template-list").findElements(By.cssSelector("tr[data-template-id]"))
				.stream()
				.filter((row) -> row.getText().contains("summer_sale"))
				.findFirst()
				.orElse(null));
		assertThat(summerSale.getText()).contains("APPROVED").contains("MARKETING").contains("GREEN");
		summerSale.findElement(By.cssSelector("button")).click();
		this.wait.until((driver) -> byId("template-details-preview").getText().contains("summer sale"));
		screenshot("template-preview");
		assertThat(byId("template-details-preview").getText()).contains("Hi Ana")
			.contains("Shop the sale")
			.contains("Stop promotions");
		assertThat(byId("template-details-variables").getText()).contains("header_image_url")
			.contains("first_name")
			.contains("button_0_url_suffix");

		WebElement newArrivals = this.wait
			.until((driver) -> byId("template-list").findElements(By.cssSelector("tr[data-template-id]"))
				.stream()
				.filter((row) -> row.getText().contains("new_arrivals"))
				.findFirst()
				.orElse(null));
		newArrivals.findElement(By.cssSelector("button")).click();
		this.wait.until((driver) -> byId("template-details-preview").getText().contains("these just arrived"));
		screenshot("template-carousel-preview");
		List<WebElement> cards = byId("template-details-preview")
			.findElements(By.cssSelector(".preview-carousel .preview-card"));
		assertThat(cards).hasSize(3);
		assertThat(cards.get(0).getText()).contains("Blue echeveria").contains("$12").contains("Buy now");
	}

	/**
	 * The API reference: Swagger UI over /v3/api-docs, which needs a token that Swagger
	 * UI's own page could not send; the console's page sends the session's.
	 */
	@Test
	void shouldShowTheApiReferenceWithTheSessionsToken() {
		logIn("demo", "demo", "/whatsapp/campaigns");
		this.browser.findElement(By.cssSelector("a[href='/api-reference']")).click();
		this.wait.until((driver) -> driver.getCurrentUrl().contains("/api-reference"));
		this.wait.until((driver) -> !driver.findElements(By.cssSelector(".swagger-ui .info .title")).isEmpty()
				&& driver.findElement(By.cssSelector(".swagger-ui .info .title")).getText().contains("wa-campaigns"));
		this.wait.until(
				(driver) -> !driver.findElements(By.cssSelector(".opblock-summary-path[data-path='/campaigns/create']"))
					.isEmpty());
		screenshot("api-reference");
	}

	@Test
	void shouldCreateAnApiKeyShowItsSecretOnceAndRevokeIt() {
		logIn("demo", "demo", "/whatsapp/campaigns");
		this.browser.findElement(By.cssSelector("a[href='/api-keys']")).click();
		this.wait.until((driver) -> driver.getCurrentUrl().contains("/api-keys"));
		// The list has come back, so the page's module has wired the form too.
		this.wait.until((driver) -> "false".equals(byId("key-list").getAttribute("aria-busy")));

		type("key-name", "Browser key");
		byId("key-scope-campaigns-read").click();
		byId("key-submit").click();

		this.wait.until((driver) -> byId("key-secret").isDisplayed());
		screenshot("api-key-secret");
		String secret = byId("key-secret-value").getText();
		String id = byId("key-secret").getAttribute("data-key-id");
		assertThat(secret).startsWith("wak_");
		WebElement row = this.wait.until((driver) -> keyRows(id).stream().findFirst().orElse(null));
		assertThat(row.findElement(By.cssSelector("th")).getText()).isEqualTo("Browser key");
		assertThat(row.getText()).contains("campaigns:read");
		assertThat(secret).startsWith(row.findElement(By.cssSelector("code")).getText());

		row.findElement(By.cssSelector("button[data-action='revoke']")).click();
		confirm(null);
		this.wait.until((driver) -> keyRows(id).isEmpty());
		screenshot("api-key-revoked");
		assertThat(jdbc.sql("SELECT revoked_at IS NOT NULL FROM api_keys WHERE id = :id")
			.param("id", UUID.fromString(id))
			.query(Boolean.class)
			.single()).isTrue();
	}

	/**
	 * A webhook endpoint on a port where nothing listens (the test stack allows http and
	 * the loopback): its secret shows once, its test event's delivery shows the refused
	 * connection, and Retry makes one more attempt.
	 */
	@Test
	void shouldRegisterAWebhookEndpointSendATestEventAndShowItsFailedDelivery() {
		stopRunningCampaigns();
		logIn("demo", "demo", "/whatsapp/campaigns");
		this.browser.findElement(By.cssSelector("a[href='/webhooks/endpoints']")).click();
		this.wait.until((driver) -> driver.getCurrentUrl().contains("/webhooks/endpoints"));
		this.wait.until((driver) -> "false".equals(byId("endpoint-list").getAttribute("aria-busy")));
		// The event types' checkboxes come with the server's answer.
		this.wait.until((driver) -> !driver.findElements(By.id("endpoint-event-campaign-completed")).isEmpty());

		type("endpoint-url", "http://127.0.0.1:9/hook");
		byId("endpoint-event-message-status").click();
		byId("endpoint-event-campaign-completed").click();
		byId("endpoint-submit").click();

		this.wait.until((driver) -> byId("endpoint-secret").isDisplayed());
		screenshot("webhook-secret");
		String secret = byId("endpoint-secret-value").getText();
		String id = byId("endpoint-secret").getAttribute("data-endpoint-id");
		assertThat(secret).startsWith("whsec_");
		WebElement row = this.wait.until((driver) -> endpointRows(id).stream().findFirst().orElse(null));
		assertThat(row.getText()).contains("http://127.0.0.1:9/hook")
			.contains("message.status")
			.contains("campaign.completed")
			.contains("ENABLED")
			.doesNotContain(secret);
		byId("endpoint-secret-done").click();
		byId("refresh-endpoints").click();
		this.wait.until((driver) -> "false".equals(byId("endpoint-list").getAttribute("aria-busy")));
		assertThat(byId("endpoint-secret").isDisplayed()).isFalse();
		assertThat(this.browser.getPageSource()).doesNotContain(secret);

		endpointRows(id).get(0).findElement(By.cssSelector("button[data-action='test']")).click();
		String deliveryId = this.wait.until((driver) -> deliveryRows().stream()
			.filter((found) -> found.getText().contains("endpoint.test")
					&& List.of("PENDING", "FAILED").contains(found.getAttribute("data-status"))
					&& !lastAnswer(found).isBlank() && !"—".equals(lastAnswer(found)))
			.map((found) -> found.getAttribute("data-delivery-id"))
			.findFirst()
			.orElse(null));
		screenshot("webhook-delivery-failed");
		// The page re-reads pending deliveries every few seconds: the row may be replaced
		// between finding it and clicking, and the click is then tried on the new one.
		this.wait.until((driver) -> {
			deliveryRow(deliveryId).findElement(By.cssSelector("button[data-action='retry']")).click();
			return true;
		});
		this.wait.until((driver) -> Integer.parseInt(deliveryRow(deliveryId).getAttribute("data-attempts")) >= 2);

		endpointRows(id).get(0).findElement(By.cssSelector("button[data-action='disable']")).click();
		this.wait.until((driver) -> endpointRows(id).stream()
			.anyMatch((found) -> "DISABLED".equals(found.getAttribute("data-status"))));
		assertThat(endpointRows(id).get(0).getText()).contains("DISABLED");
		screenshot("webhook-disabled");

		endpointRows(id).get(0).findElement(By.cssSelector("button[data-action='delete']")).click();
		confirm(null);
		this.wait.until((driver) -> endpointRows(id).isEmpty());
		screenshot("webhook-deleted");
		assertThat(byId("endpoint-empty").isDisplayed()).isTrue();
		assertThat(jdbc.sql("SELECT count(*) FROM webhook_endpoints WHERE id = :id")
			.param("id", UUID.fromString(id))
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void shouldPauseAndResumeACampaignFromItsRow() {
		UUID campaign = sentSlowly("Slow");
		logIn("demo", "demo", "/whatsapp/campaigns");

		rowAction(campaign, "pause");
		this.wait.until((driver) -> "PAUSED".equals(row(campaign).getAttribute("data-status")));
		screenshot("paused");
		rowAction(campaign, "resume");
		this.wait.until((driver) -> "RUNNING".equals(row(campaign).getAttribute("data-status")));
		assertThat(status(campaign)).isEqualTo("RUNNING");
	}

	@Test
	void shouldLetAnAdminFilterAndCancelACampaign() {
		UUID campaign = sentSlowly("To cancel");
		logIn("admin", "admin", "/admin/campaigns");

		new Select(byId("filter-status")).selectByValue("RUNNING");
		this.wait.until((driver) -> rows("admin-list").stream()
			.allMatch((row) -> "RUNNING".equals(row.getAttribute("data-status"))) && isPresent(campaign));
		screenshot("admin-filtered");
		rowAction(campaign, "cancel");
		confirm("Wrong audience");

		this.wait.until((driver) -> "STOPPED".equals(status(campaign)));
		assertThat(jdbc.sql("SELECT reason FROM campaign_history WHERE campaign_id = :id AND action = 'cancel'")
			.param("id", campaign)
			.query(String.class)
			.single()).isEqualTo("Wrong audience");
		// The page says so once its request has come back.
		this.wait.until((driver) -> !byId("toast").getText().isBlank());
	}

	@Test
	void shouldShowTheSessionExpiredWhenTheSendersTokenFailsThreeTimes() {
		logIn("demo", "demo", "/whatsapp/campaigns");
		this.wait.until((driver) -> "connected".equals(byId("connection-panel").getAttribute("data-state")));
		screenshot("connected");

		stack.simulator().faults(new Faults(0, 0, 0, 0, false, 0, false, true, 0, 0));
		UUID campaign = demo.createCampaign("Expired " + UUID.randomUUID(), DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID,
				20, 5, 1);
		demo.send(campaign);
		try {
			this.wait.until((driver) -> "expired".equals(byId("connection-panel").getAttribute("data-state")));
			screenshot("session-expired");
			assertThat(byId("connection-message").getText()).contains("expired");
			assertThat(status(campaign)).isEqualTo("PAUSED");
		}
		finally {
			// The other tests need the sender connected again.
			stack.simulator().faults(Faults.NONE);
			demo.call("POST", "/whatsapp/connect", Map.of("phone_number_id", DemoData.PHONE_NUMBER_ID, "access_token",
					stack.secrets().senderAccessToken()), 200);
		}
	}

	private void logIn(String username, String password, String landing) {
		this.browser.get(stack.gatewayUrl() + "/login");
		screenshot("login");
		type("login-username", username);
		type("login-password", password);
		byId("login-submit").click();
		this.wait.until((driver) -> driver.getCurrentUrl().contains(landing));
		this.wait.until((driver) -> ((JavascriptExecutor) driver).executeScript("return document.readyState")
			.equals("complete"));
	}

	private void confirm(String reason) {
		WebElement dialog = this.wait.until((driver) -> {
			WebElement found = byId("confirm-dialog");
			return found.isDisplayed() ? found : null;
		});
		if (reason != null) {
			dialog.findElement(By.id("confirm-reason")).sendKeys(reason);
		}
		dialog.findElement(By.id("confirm-ok")).click();
	}

	/**
	 * The send question's line on how long sending takes, once the question shows: it is
	 * filled in before the dialog opens.
	 */
	private WebElement confirmNote() {
		return this.wait.until((driver) -> {
			WebElement note = byId("confirm-note");
			return note.isDisplayed() ? note : null;
		});
	}

	/**
	 * Clicks the row's button; the console asks first before anything but pause and
	 * resume.
	 */
	private void rowAction(UUID campaign, String action) {
		this.wait.until((driver) -> isPresent(campaign));
		row(campaign).findElement(By.cssSelector("button[data-action='" + action + "']")).click();
	}

	private boolean isPresent(UUID campaign) {
		return !this.browser.findElements(By.cssSelector("tr[data-campaign-id='" + campaign + "']")).isEmpty();
	}

	private WebElement row(UUID campaign) {
		return this.browser.findElement(By.cssSelector("tr[data-campaign-id='" + campaign + "']"));
	}

	private List<WebElement> rows(String tbody) {
		return byId(tbody).findElements(By.cssSelector("tr[data-campaign-id]"));
	}

	private List<WebElement> keyRows(String id) {
		return this.browser.findElements(By.cssSelector("tr[data-key-id='" + id + "']"));
	}

	private List<WebElement> endpointRows(String id) {
		return this.browser.findElements(By.cssSelector("tr[data-endpoint-id='" + id + "']"));
	}

	private List<WebElement> deliveryRows() {
		return byId("delivery-list").findElements(By.cssSelector("tr[data-delivery-id]"));
	}

	private WebElement deliveryRow(String id) {
		return byId("delivery-list").findElement(By.cssSelector("tr[data-delivery-id='" + id + "']"));
	}

	/** A delivery's last HTTP status or error, "—" before its first attempt. */
	private static String lastAnswer(WebElement delivery) {
		return delivery.findElement(By.cssSelector("td[data-column='last-answer']")).getText().trim();
	}

	private WebElement campaignRow(String name) {
		return this.wait.until((driver) -> rows("campaign-list").stream()
			.filter((row) -> row.getText().contains(name))
			.findFirst()
			.orElse(null));
	}

	/** A campaign of the demo user at 5 msg/s, sent: it runs for minutes. */
	private static UUID sentSlowly(String name) {
		UUID campaign = demo.createCampaign(name + " " + UUID.randomUUID(), DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID,
				400, 5, 5);
		demo.send(campaign);
		return campaign;
	}

	/**
	 * Stops the demo user's campaigns that earlier tests left running: their message
	 * states would push a new endpoint's test delivery off the first page of its
	 * deliveries.
	 */
	private static void stopRunningCampaigns() {
		List<UUID> running = jdbc.sql("SELECT id FROM campaigns WHERE user_id = :user AND status = 'RUNNING'")
			.param("user", DemoData.DEMO_USER_ID)
			.query(UUID.class)
			.list();
		for (UUID campaign : running) {
			demo.call("POST", "/campaigns/" + campaign + "/status", Map.of("status", "stop"), 200);
		}
	}

	private String status(UUID campaign) {
		return jdbc.sql("SELECT status FROM campaigns WHERE id = :id")
			.param("id", campaign)
			.query(String.class)
			.single();
	}

	private WebElement byId(String id) {
		return this.browser.findElement(By.id(id));
	}

	private void type(String id, String text) {
		byId(id).sendKeys(text);
	}

	private void clearAndType(String id, String text) {
		byId(id).clear();
		byId(id).sendKeys(text);
	}

	/**
	 * Sets a time input ("HH:MM") as a user's choice would: the keys to type into one
	 * depend on the browser's locale (hours, minutes and AM/PM in en-US).
	 */
	private void setTime(String id, String time) {
		((JavascriptExecutor) this.browser).executeScript(
				"arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', { bubbles: true }));",
				byId(id), time);
	}

	private void screenshot(String page) {
		try {
			byte[] png = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.BYTES);
			Files.write(SCREENSHOTS.resolve(this.testName + "-" + page + ".png"), png);
		}
		catch (IOException | RuntimeException ex) {
			// A screenshot is evidence, not the test: its failure must not hide the real
			// one.
		}
	}

}

package com.wacampaigns.gateway.campaign;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import de.siegmar.fastcsv.writer.CsvWriter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import com.wacampaigns.gateway.auth.Caller;
import com.wacampaigns.gateway.csv.CsvImport;
import com.wacampaigns.gateway.csv.ImportReport;
import com.wacampaigns.gateway.csv.ImportTargets;
import com.wacampaigns.gateway.web.PageLinks;

/**
 * The campaign endpoints of the seed's clients.
 */
@RestController
class CampaignController {

	private final Campaigns campaigns;

	private final CampaignProgress progress;

	private final CsvImport csvImport;

	private final ImportTargets importTargets;

	CampaignController(Campaigns campaigns, CampaignProgress progress, CsvImport csvImport,
			ImportTargets importTargets) {
		this.campaigns = campaigns;
		this.progress = progress;
		this.csvImport = csvImport;
		this.importTargets = importTargets;
	}

	/**
	 * The campaign, with how long it will take ({@code estimate}): at its rate, and
	 * within its portfolio's messaging limit.
	 */
	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping({ "/campaigns/create", "/campaigns" })
	ResponseEntity<Estimated> create(@AuthenticationPrincipal Jwt jwt,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			@Valid @RequestBody CreateCampaignRequest request) {
		Caller caller = Caller.from(jwt);
		Campaigns.Created created = this.campaigns.create(caller, request, idempotencyKey);
		Estimated answer = estimated(caller, created.campaign());
		if (!created.isNew()) {
			return ResponseEntity.ok(answer);
		}
		return ResponseEntity.created(URI.create("/campaigns/" + created.campaign().id())).body(answer);
	}

	/** How long the campaign needs for what it has left to send. */
	@GetMapping("/campaigns/{id}/estimate")
	CampaignEstimate estimate(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		return this.campaigns.estimate(Caller.from(jwt), id);
	}

	private Estimated estimated(Caller caller, CampaignView campaign) {
		return new Estimated(campaign, this.campaigns.estimate(caller, campaign.id()));
	}

	/** A campaign as the API shows it, and its estimate. */
	record Estimated(@JsonUnwrapped CampaignView campaign, CampaignEstimate estimate) {

	}

	/**
	 * A campaign and its recipients in one request: the settings as the JSON part
	 * {@code campaign}, the recipients as the CSV part {@code file}. Bad rows are
	 * reported by line like any import; a file refused as a whole leaves no campaign
	 * behind.
	 */
	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping(path = { "/campaigns/create", "/campaigns" }, consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<CreatedWithImport> createWithCsv(@AuthenticationPrincipal Jwt jwt,
			@Valid @RequestPart("campaign") CampaignSettings settings, @RequestPart("file") MultipartFile file)
			throws IOException {
		Caller caller = Caller.from(jwt);
		CampaignView created = this.campaigns.create(caller, settings.withoutRecipients());
		ImportReport report;
		try (var in = file.getInputStream()) {
			report = this.csvImport.importInto(this.importTargets.of(caller, created.id()), in);
		}
		catch (RuntimeException | IOException ex) {
			this.campaigns.delete(caller, created.id());
			throw ex;
		}
		return ResponseEntity.created(URI.create("/campaigns/" + created.id()))
			.body(new CreatedWithImport(this.campaigns.get(caller, created.id()), report));
	}

	/**
	 * @param importReport what became of the CSV's rows (JSON {@code import})
	 */
	record CreatedWithImport(CampaignView campaign, @JsonProperty("import") ImportReport importReport) {

	}

	/** Each status change of the campaign, who made it and why. */
	@GetMapping("/campaigns/{id}/history")
	List<CampaignHistory.Entry> history(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		return this.campaigns.history(Caller.from(jwt), id);
	}

	@GetMapping("/campaigns/{id}")
	CampaignView get(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		return this.campaigns.get(Caller.from(jwt), id);
	}

	/**
	 * Live counters as Server-Sent Events until the campaign ends; 429 with
	 * {@code Retry-After} past the streams a user, or this gateway, may have open
	 * ({@code gateway.sse.*}).
	 */
	@GetMapping(path = "/campaigns/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		Caller caller = Caller.from(jwt);
		return this.progress.stream(caller.id(), this.campaigns.get(caller, id));
	}

	@PostMapping("/campaigns/{id}/send")
	Estimated send(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		Caller caller = Caller.from(jwt);
		return estimated(caller, this.campaigns.send(caller, id));
	}

	/**
	 * The caller's campaigns, newest first, as a JSON array (the seed's client reads
	 * one); the page's place in the whole is in the headers: {@code X-Total-Count}, and
	 * {@code Link} with the {@code first}, {@code prev}, {@code next} and {@code last}
	 * pages (RFC 8288).
	 */
	@GetMapping("/campaigns")
	ResponseEntity<List<CampaignView>> list(@AuthenticationPrincipal Jwt jwt,
			@RequestParam(name = "user_id", required = false) UUID userId,
			@RequestParam(required = false) String status, @RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		Campaigns.Page<CampaignView> found = this.campaigns.list(Caller.from(jwt), userId, status, page, size);
		return ResponseEntity.ok()
			.header(PageLinks.TOTAL_COUNT, Long.toString(found.total()))
			.header(HttpHeaders.LINK, PageLinks.of(found.page(), found.size(), found.total()))
			.body(found.items());
	}

	/** Each recipient's state, timestamps and failure reason: who failed, and why. */
	@GetMapping("/campaigns/{id}/recipients")
	Campaigns.Page<JdbcCampaignRepository.RecipientView> recipients(@AuthenticationPrincipal Jwt jwt,
			@PathVariable UUID id, @RequestParam(required = false) String status,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size) {
		return this.campaigns.recipients(Caller.from(jwt), id, status, page, size);
	}

	/** The same as a CSV download, streamed row by row. */
	@GetMapping(path = "/campaigns/{id}/recipients.csv", produces = "text/csv")
	ResponseEntity<StreamingResponseBody> recipientsCsv(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		Caller caller = Caller.from(jwt);
		this.campaigns.get(caller, id);
		StreamingResponseBody body = (out) -> {
			try (CsvWriter csv = CsvWriter.builder().build(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
				csv.writeRecord(CSV_HEADER);
				this.campaigns.eachRecipient(caller, id,
						(recipient) -> csv.writeRecord(Stream
							.of(recipient.sequence(), recipient.phone(), recipient.name(), recipient.status(),
									recipient.messageId(), recipient.errorCode(), recipient.errorMessage(),
									recipient.retryCount(), recipient.sentAt(), recipient.deliveredAt(),
									recipient.readAt(), recipient.failedAt())
							.map((value) -> (value != null) ? value.toString() : "")
							.toList()));
			}
		};
		return ResponseEntity.ok()
			.header("Content-Disposition", "attachment; filename=\"campaign-" + id + "-recipients.csv\"")
			.contentType(MediaType.parseMediaType("text/csv; charset=UTF-8"))
			.body(body);
	}

	/** Gives recipients that failed for a reason that may pass a new attempt. */
	@PostMapping("/campaigns/{id}/retry-failed")
	Campaigns.RetryResult retryFailed(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		return this.campaigns.retryFailed(Caller.from(jwt), id);
	}

	@ResponseStatus(HttpStatus.NO_CONTENT)
	@DeleteMapping("/campaigns/{id}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		this.campaigns.delete(Caller.from(jwt), id);
		return ResponseEntity.noContent().build();
	}

	private static final String[] CSV_HEADER = { "sequence", "phone", "name", "status", "message_id", "error_code",
			"error_message", "retry_count", "sent_at", "delivered_at", "read_at", "failed_at" };

	@PostMapping("/campaigns/{id}/status")
	CampaignView changeStatus(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id,
			@Valid @RequestBody StatusChange change) {
		return this.campaigns.changeStatus(Caller.from(jwt), id, Campaigns.statusChange(change.status()), null);
	}

	/**
	 * For each campaign status, where it may go and which actions it allows; for each
	 * action, from which statuses. Each campaign carries its own {@code allowed_actions}.
	 */
	@GetMapping("/campaigns/lifecycle")
	CampaignLifecycle lifecycle() {
		return CampaignLifecycle.describe();
	}

	/**
	 * @param status {@code pause}, {@code resume} or {@code stop}
	 */
	record StatusChange(@NotBlank String status) {

	}

}

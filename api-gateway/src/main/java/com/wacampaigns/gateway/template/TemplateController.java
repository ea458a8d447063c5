package com.wacampaigns.gateway.template;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern.Flag;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.wacampaigns.common.graph.MessageTemplate;
import com.wacampaigns.common.template.TemplateShape;
import com.wacampaigns.common.template.TemplateVariable;
import com.wacampaigns.gateway.auth.Caller;
import com.wacampaigns.gateway.template.JdbcTemplateRepository.TemplateView;
import com.wacampaigns.gateway.web.ApiException;
import com.wacampaigns.gateway.web.ApiException.FieldError;

/**
 * Templates and the seed's CSV template generator. Templates of a WhatsApp Business
 * Account are Meta's: submitted to it from here or made in WhatsApp Manager, synced from
 * its list, changed by its webhooks, deleted at Meta. A local template (the demo, tests)
 * is PENDING until an admin records Meta's verdict. Only APPROVED templates can be sent.
 */
@RestController
class TemplateController {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\d+)}}");

	private final JdbcTemplateRepository templates;

	private final TemplateSync sync;

	private final TemplateShapes shapes;

	private final TemplateSubmissions submissions;

	private final JsonMapper json;

	TemplateController(JdbcTemplateRepository templates, TemplateSync sync, TemplateShapes shapes,
			TemplateSubmissions submissions, JsonMapper json) {
		this.templates = templates;
		this.sync = sync;
		this.shapes = shapes;
		this.submissions = submissions;
		this.json = json;
	}

	@GetMapping("/templates")
	List<TemplateResponse> list(@AuthenticationPrincipal Jwt jwt) {
		Caller caller = Caller.from(jwt);
		return this.templates.visibleTo(caller.id(), caller.admin()).stream().map(this::response).toList();
	}

	@GetMapping("/templates/{id}")
	TemplateResponse get(@AuthenticationPrincipal Jwt jwt, @PathVariable long id) {
		return response(visible(Caller.from(jwt), id));
	}

	/**
	 * With a {@code waba_id}, submits the template to Meta for review (it stays PENDING
	 * until Meta's verdict comes by webhook or sync); without, makes a local one (PENDING
	 * until an admin records Meta's verdict), from a body alone or from components.
	 */
	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping("/templates")
	ResponseEntity<TemplateResponse> create(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody NewTemplate request) {
		Caller caller = Caller.from(jwt);
		String format = (request.parameterFormat() != null) ? request.parameterFormat().toUpperCase(Locale.ROOT)
				: "POSITIONAL";
		String body = (request.body() != null) ? request.body() : bodyOf(request.components());
		if (body == null || body.isBlank()) {
			throw ApiException.invalid("A template needs a body", List.of(new FieldError("components", null,
					"give a BODY component with its text (or, for a local template, a body)")));
		}
		long id;
		if (request.wabaId() != null) {
			requireAccount(caller, request.wabaId());
			if (request.components() == null) {
				throw ApiException.invalid("Meta takes a template as components", List.of(new FieldError("components",
						null, "give the template's components (HEADER, BODY, FOOTER, BUTTONS) as Meta defines them")));
			}
			id = this.submissions.submit(caller, request.wabaId(),
					new MessageTemplate(null, request.name(), request.language(), null,
							request.category().toUpperCase(Locale.ROOT), null, format, null, null,
							request.components()));
		}
		else {
			int parameters = "NAMED".equals(format) ? TemplateSync.parameterCount(body) : parameterCount(body);
			id = this.templates
				.insert(caller.id(), request.name(), request.language(), request.category().toUpperCase(Locale.ROOT),
						body, parameters, format,
						this.json.writeValueAsString((request.components() != null) ? request.components()
								: List.of(new MessageTemplate.Component("BODY", null, body, null, null))))
				.orElseThrow(() -> ApiException
					.conflict("You already have a template '" + request.name() + "' in " + request.language()));
		}
		return ResponseEntity.created(URI.create("/templates/" + id))
			.body(response(this.templates.byId(id).orElseThrow()));
	}

	/**
	 * Deletes a template: at Meta too for an account's (that language only). Refused
	 * while a campaign that has not ended would still send it.
	 */
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@DeleteMapping("/templates/{id}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt jwt, @PathVariable long id) {
		Caller caller = Caller.from(jwt);
		TemplateView template = visible(caller, id);
		if (template.local() && !caller.admin() && !caller.id().equals(template.userId())) {
			throw ApiException.forbidden("Only its owner or an admin deletes local template " + id);
		}
		if (!template.local()) {
			requireAccount(caller, template.wabaId());
		}
		long unfinished = this.templates.unfinishedCampaigns(id);
		if (unfinished > 0) {
			throw ApiException.conflict("Template '" + template.name() + "' is used by " + unfinished
					+ " campaigns that have not ended; stop them, or let them end, first");
		}
		if (template.local()) {
			this.templates.delete(id);
		}
		else if (!"DELETED".equals(template.status())) {
			this.submissions.delete(caller, id, template.wabaId(), template.name(), template.metaTemplateId());
		}
		return ResponseEntity.noContent().build();
	}

	/** The caller must have a number of the account, unless an admin. */
	private void requireAccount(Caller caller, String wabaId) {
		if (!caller.admin() && !this.sync.accountsOf(caller.id()).contains(wabaId)) {
			throw ApiException.forbidden("None of your numbers belongs to WhatsApp Business Account " + wabaId
					+ ": connect one with its waba_id (POST /whatsapp/connect)");
		}
	}

	private static String bodyOf(List<MessageTemplate.Component> components) {
		if (components == null) {
			return null;
		}
		return components.stream()
			.filter((component) -> "BODY".equalsIgnoreCase(component.type()))
			.map(MessageTemplate.Component::text)
			.findFirst()
			.orElse(null);
	}

	/** Meta's verdict on a local template, recorded by an admin. */
	@PutMapping("/templates/{id}/status")
	TemplateResponse setStatus(@AuthenticationPrincipal Jwt jwt, @PathVariable long id,
			@Valid @RequestBody StatusChange change) {
		if (!Caller.from(jwt).admin()) {
			throw ApiException.forbidden("Only an admin records a template's approval");
		}
		TemplateView template = visible(Caller.from(jwt), id);
		if (!template.local()) {
			throw ApiException
				.conflict("Meta decides the status of template '" + template.name() + "' of WhatsApp Business Account "
						+ template.wabaId() + ": it changes with Meta's webhooks and syncs (POST /templates/sync)");
		}
		this.templates.setStatus(id, change.status().toUpperCase());
		return response(this.templates.byId(id).orElseThrow());
	}

	/**
	 * Syncs the templates of the caller's WhatsApp Business Accounts (every account for
	 * an admin) from Meta's lists, now.
	 */
	@PostMapping("/templates/sync")
	SyncReport sync(@AuthenticationPrincipal Jwt jwt) {
		Caller caller = Caller.from(jwt);
		List<String> accounts = caller.admin() ? this.sync.accounts() : this.sync.accountsOf(caller.id());
		if (accounts.isEmpty()) {
			throw ApiException.conflict("No WhatsApp Business Account to sync: connect a number with its waba_id"
					+ " (POST /whatsapp/connect)");
		}
		return SyncReport.of(accounts.stream().map(this.sync::sync).toList());
	}

	/**
	 * The CSV header for this template and one example row: {@code phone,name,} then one
	 * column per variable by its readable name ({@code header_image_url},
	 * {@code first_name} or {@code body_1}, {@code button_0_url_suffix}, ...), with the
	 * template's sample values.
	 */
	@GetMapping(path = "/templates/{id}/csv-template", produces = "text/csv")
	ResponseEntity<String> csvTemplate(@AuthenticationPrincipal Jwt jwt, @PathVariable long id) {
		TemplateView template = visible(Caller.from(jwt), id);
		List<String> header = new ArrayList<>(List.of("phone", "name"));
		List<String> example = new ArrayList<>(List.of("+14155550123", "Ana"));
		for (TemplateVariable variable : shape(template).variables()) {
			header.add(variable.name());
			example.add(variable.example());
		}
		return ResponseEntity.ok()
			.header("Content-Disposition", "attachment; filename=\"" + template.name() + "-recipients.csv\"")
			.contentType(MediaType.parseMediaType("text/csv; charset=UTF-8"))
			.body(csvLine(header) + csvLine(example));
	}

	private TemplateResponse response(TemplateView template) {
		return new TemplateResponse(template, shape(template).variables());
	}

	private TemplateShape shape(TemplateView template) {
		return this.shapes.of(template.parameterFormat(), template.components(), template.parameterCount());
	}

	/** One CSV line; a field with a comma, quote or line break quoted. */
	private static String csvLine(List<String> fields) {
		StringBuilder line = new StringBuilder();
		for (String field : fields) {
			String value = (field != null) ? field : "";
			if (line.length() > 0) {
				line.append(',');
			}
			boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
					|| value.indexOf('\r') >= 0;
			line.append(quote ? '"' + value.replace("\"", "\"\"") + '"' : value);
		}
		return line.append("\r\n").toString();
	}

	private TemplateView visible(Caller caller, long id) {
		return this.templates.visibleById(id, caller.id(), caller.admin())
			.orElseThrow(() -> ApiException.notFound("No template " + id));
	}

	/** Placeholders must be {{1}}..{{n}} with none missing. */
	static int parameterCount(String body) {
		Matcher matcher = PLACEHOLDER.matcher(body);
		TreeSet<Integer> positions = new TreeSet<>();
		while (matcher.find()) {
			positions.add(Integer.parseInt(matcher.group(1)));
		}
		if (!positions.isEmpty() && (positions.first() != 1 || positions.last() != positions.size())) {
			throw ApiException.invalid("Template placeholders must run from {{1}} to {{n}}",
					List.of(new FieldError("body", body, "placeholders found: " + positions)));
		}
		return positions.size();
	}

	/**
	 * A template to make: with {@code waba_id} and Meta's {@code components}, submitted
	 * to Meta; without, a local one from {@code body} (or components).
	 */
	record NewTemplate(
			@NotBlank @Size(max = 512) @jakarta.validation.constraints.Pattern(regexp = "[a-z0-9_]+",
					message = "lowercase letters, digits and underscores, as Meta requires") String name,
			@NotBlank @Size(max = 16) String language,
			@NotBlank @jakarta.validation.constraints.Pattern(regexp = "MARKETING|UTILITY|AUTHENTICATION",
					flags = Flag.CASE_INSENSITIVE) String category,
			@Size(max = 1024) String body, @Size(max = 64) String wabaId,
			@jakarta.validation.constraints.Pattern(regexp = "POSITIONAL|NAMED",
					flags = Flag.CASE_INSENSITIVE) String parameterFormat,
			@Size(min = 1, max = 10) List<MessageTemplate.Component> components) {

	}

	/**
	 * What {@code POST /templates/sync} did, account by account, with the sums of the
	 * accounts that synced.
	 */
	record SyncReport(int listed, int added, int updated, int deleted, List<SyncOutcome.Synced> synced,
			List<SyncOutcome.Failed> failed) {

		static SyncReport of(List<SyncOutcome> outcomes) {
			List<SyncOutcome.Synced> synced = new ArrayList<>();
			List<SyncOutcome.Failed> failed = new ArrayList<>();
			for (SyncOutcome outcome : outcomes) {
				switch (outcome) {
					case SyncOutcome.Synced done -> synced.add(done);
					case SyncOutcome.Failed problem -> failed.add(problem);
				}
			}
			return new SyncReport(synced.stream().mapToInt(SyncOutcome.Synced::listed).sum(),
					synced.stream().mapToInt(SyncOutcome.Synced::added).sum(),
					synced.stream().mapToInt(SyncOutcome.Synced::updated).sum(),
					synced.stream().mapToInt(SyncOutcome.Synced::deleted).sum(), synced, failed);
		}

	}

	/**
	 * A template with the variables a send of it takes: the CSV columns and JSON
	 * parameters of its campaigns.
	 */
	record TemplateResponse(@JsonUnwrapped TemplateView template, List<TemplateVariable> variables) {

	}

	record StatusChange(@NotBlank @jakarta.validation.constraints.Pattern(
			regexp = "APPROVED|PENDING|REJECTED|PAUSED|DISABLED", flags = Flag.CASE_INSENSITIVE) String status) {

	}

}

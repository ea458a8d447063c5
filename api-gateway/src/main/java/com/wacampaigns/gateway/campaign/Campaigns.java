package com.wacampaigns.gateway.campaign;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.wacampaigns.common.CampaignAction;
import com.wacampaigns.common.CampaignStatus;
import com.wacampaigns.common.RecipientStatus;
import com.wacampaigns.common.template.TemplateShape;
import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.auth.Caller;
import com.wacampaigns.gateway.auth.UserAccounts;
import com.wacampaigns.gateway.auth.UserAccounts.UserAccount;
import com.wacampaigns.gateway.campaign.CreateCampaignRequest.RecipientInput;
import com.wacampaigns.gateway.campaign.JdbcCampaignRepository.NewCampaign;
import com.wacampaigns.gateway.campaign.JdbcCampaignRepository.NewRecipient;
import com.wacampaigns.gateway.campaign.JdbcCampaignRepository.SenderRef;
import com.wacampaigns.gateway.campaign.JdbcCampaignRepository.Template;
import com.wacampaigns.gateway.phone.QuietHours;
import com.wacampaigns.gateway.recipient.Recipient;
import com.wacampaigns.gateway.recipient.RecipientProblem;
import com.wacampaigns.gateway.recipient.RecipientRules;
import com.wacampaigns.gateway.recipient.RecipientValidator;
import com.wacampaigns.gateway.recipient.TemplateValue;
import com.wacampaigns.gateway.suppression.Suppressions;
import com.wacampaigns.gateway.template.TemplateShapes;
import com.wacampaigns.gateway.web.ApiException;
import com.wacampaigns.gateway.web.ApiException.FieldError;

/**
 * Creating, reading and starting campaigns, each scoped to its owner (admins act on any).
 */
@Service
class Campaigns {

	/** Errors listed in one 400 at most; the count says how many there were. */
	private static final int MAX_LISTED_ERRORS = 100;

	private static final TypeReference<Map<String, TemplateValue>> TEMPLATE_VALUES = new TypeReference<>() {
	};

	/**
	 * The actions of {@code POST /campaigns/{id}/status} and the admin's endpoints;
	 * {@code cancel} is an admin's word for stop.
	 */
	private static final Set<CampaignAction> STATUS_CHANGES = EnumSet.of(CampaignAction.PAUSE, CampaignAction.RESUME,
			CampaignAction.STOP, CampaignAction.CANCEL);

	private final JdbcCampaignRepository repository;

	private final UserAccounts users;

	private final RecipientValidator validator;

	private final Suppressions suppressions;

	private final CampaignHistory history;

	private final TemplateShapes shapes;

	private final JsonMapper json;

	private final Duration messagingWindow;

	Campaigns(JdbcCampaignRepository repository, UserAccounts users, RecipientValidator validator,
			Suppressions suppressions, CampaignHistory history, TemplateShapes shapes, JsonMapper json,
			GatewayProperties properties) {
		this.repository = repository;
		this.messagingWindow = properties.senders().messagingWindow();
		this.shapes = shapes;
		this.json = json;
		this.users = users;
		this.validator = validator;
		this.suppressions = suppressions;
		this.history = history;
	}

	/**
	 * A create that carries an {@code Idempotency-Key} already used by the same user
	 * returns the campaign that key created, and creates nothing.
	 * @return the campaign, and whether this call created it
	 */
	@Transactional
	Created create(Caller caller, CreateCampaignRequest request, String idempotencyKey) {
		if (idempotencyKey != null && idempotencyKey.length() > 200) {
			throw ApiException.invalid("Idempotency-Key is too long",
					List.of(new FieldError("Idempotency-Key", null, "at most 200 characters")));
		}
		if (idempotencyKey != null && !idempotencyKey.isBlank()) {
			var earlier = this.repository.byIdempotencyKey(caller.id(), idempotencyKey);
			if (earlier.isPresent()) {
				return new Created(this.repository.find(earlier.get()).orElseThrow(), false);
			}
		}
		CampaignView campaign = create(caller, request);
		if (idempotencyKey != null && !idempotencyKey.isBlank()) {
			this.repository.rememberIdempotencyKey(caller.id(), idempotencyKey, campaign.id());
		}
		return new Created(campaign, true);
	}

	record Created(CampaignView campaign, boolean isNew) {

	}

	@Transactional
	CampaignView create(Caller caller, CreateCampaignRequest request) {
		if (!caller.mayAccess(request.userId())) {
			throw ApiException.forbidden("user_id must be your own user id unless you are an admin");
		}
		UserAccount owner = this.users.byId(request.userId())
			.orElseThrow(() -> ApiException.invalid("No such user",
					List.of(new FieldError("user_id", request.userId(), "no user has this id"))));
		Template template = this.repository.templateUsableBy(request.templateId(), owner.id())
			.orElseThrow(() -> ApiException.invalid("No such template", List.of(new FieldError("template_id",
					request.templateId(), "no template with this id is available to the user"))));
		if (!"APPROVED".equals(template.status())) {
			throw ApiException.invalid("Template '" + template.name() + "' is " + template.status(),
					List.of(new FieldError("template_id", request.templateId(),
							"only an APPROVED template can be used; this one is " + template.status())));
		}
		TemplateShape shape = shape(template);
		Map<String, TemplateValue> given = (request.templateValues() != null) ? request.templateValues() : Map.of();
		TemplateValue.problem(given, shape).ifPresent((problem) -> {
			throw ApiException.invalid("template_values does not fit the template",
					List.of(new FieldError("template_values." + problem.getKey(), given.get(problem.getKey()),
							problem.getValue())));
		});
		Map<String, TemplateValue> defaults = TemplateValue.byVariableName(given, shape);
		QuietHours quietHours = quietHours(request.quietHours());
		SenderRef sender = sender(request, owner);
		// None (or none given) makes a DRAFT to be filled by CSV import.
		List<NewRecipient> recipients = recipients((request.recipients() != null) ? request.recipients() : List.of(),
				RecipientRules.of(owner.defaultRegion(), shape, defaults), owner);
		UUID id = UUID.randomUUID();
		this.history.actAs(caller.id(), "create", null);
		this.repository.insert(new NewCampaign(id, owner.id(), template.id(), (sender != null) ? sender.id() : null,
				request.name(), request.description(),
				(request.rateLimit() != null) ? request.rateLimit() : CreateCampaignRequest.DEFAULT_RATE_LIMIT,
				(request.maxWorkers() != null) ? request.maxWorkers() : CreateCampaignRequest.DEFAULT_MAX_WORKERS,
				request.scheduledAt(), this.json.writeValueAsString(defaults),
				!Boolean.FALSE.equals(request.resumeWhenTemplateReinstated()), quietHours, recipients));
		return this.repository.find(id).orElseThrow();
	}

	private static QuietHours quietHours(QuietHoursInput input) {
		if (input == null) {
			return null;
		}
		if (input.from().equals(input.until())) {
			throw ApiException.invalid("Quiet hours that are all day or none",
					List.of(new FieldError("quiet_hours.until", input.until(), "must differ from quiet_hours.from")));
		}
		return input.toQuietHours();
	}

	private SenderRef sender(CreateCampaignRequest request, UserAccount owner) {
		if (request.senderId() == null) {
			return this.repository.defaultSender(owner.id()).orElse(null);
		}
		return this.repository.sender(request.senderId())
			.filter((found) -> found.userId().equals(owner.id()))
			.orElseThrow(() -> ApiException.invalid("No such sender", List.of(new FieldError("sender_id",
					request.senderId(), "no WhatsApp number with this id belongs to the user"))));
	}

	/**
	 * Checks every recipient ({@link RecipientValidator}); any invalid one refuses the
	 * whole request, naming each. A number given twice is kept once; a suppressed one is
	 * written SKIPPED.
	 */
	private List<NewRecipient> recipients(List<RecipientInput> inputs, RecipientRules rules, UserAccount owner) {
		List<FieldError> errors = new ArrayList<>();
		int invalid = 0;
		Set<String> seen = new HashSet<>();
		List<Recipient> recipients = new ArrayList<>(inputs.size());
		for (int i = 0; i < inputs.size(); i++) {
			RecipientInput input = inputs.get(i);
			switch (this.validator.check(input.phone(), input.name(),
					(index) -> input.value(rules.variables().get(index)), rules)) {
				case Recipient recipient -> {
					if (seen.add(recipient.e164())) {
						recipients.add(recipient);
					}
				}
				case RecipientProblem problem -> {
					invalid++;
					if (errors.size() < MAX_LISTED_ERRORS) {
						errors.add(fieldError(i, input, problem));
					}
				}
			}
		}
		if (invalid > 0) {
			throw ApiException.invalid(invalid + " of " + inputs.size() + " recipients are invalid; nothing was saved",
					errors);
		}
		Set<String> suppressed = this.suppressions.suppressedAmong(owner.id(),
				recipients.stream().map(Recipient::e164).toList());
		return recipients.stream()
			.map((recipient) -> new NewRecipient(recipient, suppressed.contains(recipient.e164())))
			.toList();
	}

	/**
	 * What a campaign's recipients are checked against: the owner's region, the
	 * template's variables and the campaign's values for them.
	 */
	RecipientRules rules(CampaignView campaign, UserAccount owner) {
		TemplateShape shape = shape(this.repository.template(campaign.templateId()).orElseThrow());
		Map<String, TemplateValue> defaults = this.json.readValue(campaign.templateValues(), TEMPLATE_VALUES);
		return RecipientRules.of(owner.defaultRegion(), shape, defaults);
	}

	private TemplateShape shape(Template template) {
		return this.shapes.of(template.parameterFormat(), template.components(), template.parameterCount());
	}

	/** A missing or refused value is the parameters' problem; any other, the phone's. */
	private static FieldError fieldError(int index, RecipientInput input, RecipientProblem problem) {
		boolean parameters = problem.kind() == RecipientProblem.Kind.MISSING_PARAMETER
				|| problem.kind() == RecipientProblem.Kind.INVALID_PARAMETER;
		return new FieldError("recipients[" + index + "]" + (parameters ? ".parameters" : ".phone"),
				parameters ? input.parameters() : input.phone(), problem.reason());
	}

	/** How long the campaign needs for what it has left to send. */
	CampaignEstimate estimate(Caller caller, UUID id) {
		get(caller, id);
		return this.repository.estimate(id, this.messagingWindow).orElseThrow();
	}

	CampaignView get(Caller caller, UUID id) {
		return this.repository.find(id)
			.filter((campaign) -> caller.mayAccess(campaign.userId()))
			.orElseThrow(() -> ApiException.notFound("No campaign " + id));
	}

	/**
	 * DRAFT → RUNNING (the feeder picks it up within its interval), SCHEDULED when its
	 * time has not come, or COMPLETED when nothing is pending.
	 */
	@Transactional
	CampaignView send(Caller caller, UUID id) {
		CampaignView campaign = get(caller, id);
		if (!CampaignAction.SEND.isAllowedIn(campaign.status())) {
			throw conflict(campaign, "Campaign " + id + " is " + campaign.status() + "; only a DRAFT can be sent");
		}
		Template template = this.repository.template(campaign.templateId()).orElseThrow();
		if (!"APPROVED".equals(template.status())) {
			throw conflict(campaign, "Template '" + template.name() + "' is " + template.status()
					+ "; only APPROVED templates can be sent");
		}
		if (campaign.totalRecipients() == 0) {
			throw conflict(campaign, "Campaign " + id + " has no recipients; import them first (POST /campaigns/" + id
					+ "/recipients, a CSV)");
		}
		requireConnectedSender(campaign, "Connect a WhatsApp number before sending (POST /whatsapp/connect)");
		this.history.actAs(caller.id(), CampaignAction.SEND.word(), null);
		if (!this.repository.start(id)) {
			throw conflict(reread(campaign), "Campaign " + id + " was changed meanwhile; it is no longer a DRAFT");
		}
		return this.repository.find(id).orElseThrow();
	}

	/**
	 * The action of {@code POST /campaigns/{id}/status} or an admin's endpoint named by
	 * {@code word}; anything else is a 400.
	 */
	static CampaignAction statusChange(String word) {
		return CampaignAction.ofWord(word)
			.filter(STATUS_CHANGES::contains)
			.orElseThrow(() -> ApiException.invalid("Unknown action",
					List.of(new FieldError("status", word, "must be one of pause, resume, stop"))));
	}

	/**
	 * Pause, resume, stop or cancel, each only from the statuses that allow it; anything
	 * else is a 409 that says what the campaign is now and what it allows. Pausing takes
	 * effect at the dispatcher's next claim, within a fraction of a second; resuming
	 * needs a connected sender when anything is left to send, and returns to SCHEDULED
	 * when the campaign's time has not come; stopped campaigns keep their unsent
	 * recipients PENDING, never to be sent. The reason is recorded in the campaign's
	 * history.
	 */
	@Transactional
	CampaignView changeStatus(Caller caller, UUID id, CampaignAction action, String reason) {
		CampaignView campaign = get(caller, id);
		if (!action.isAllowedIn(campaign.status())) {
			throw refused(campaign, action);
		}
		if (action == CampaignAction.RESUME && campaign.pending() > 0) {
			requireConnectedSender(campaign, "Connect a WhatsApp number before resuming (POST /whatsapp/connect)");
		}
		String by = caller.admin() && !caller.id().equals(campaign.userId()) ? "an admin" : "the owner";
		String because = (reason != null && !reason.isBlank()) ? ": " + reason : "";
		this.history.actAs(caller.id(), action.word(), reason);
		boolean changed = switch (action) {
			case PAUSE -> this.repository.pause(id, "Paused by " + by + because);
			case RESUME -> this.repository.resume(id);
			case STOP -> this.repository.stop(id, action, "Stopped by " + by + because);
			case CANCEL -> this.repository.stop(id, action, "Cancelled by " + by + because);
			case SEND, RETRY_FAILED, DELETE -> throw new IllegalArgumentException(action + " is not a status change");
		};
		if (!changed) {
			throw refused(reread(campaign), action);
		}
		return this.repository.find(id).orElseThrow();
	}

	/** Sending needs the campaign's WhatsApp number connected. */
	private void requireConnectedSender(CampaignView campaign, String otherwise) {
		SenderRef sender = (campaign.senderId() != null) ? this.repository.sender(campaign.senderId()).orElse(null)
				: null;
		if (sender == null || !"CONNECTED".equals(sender.status())) {
			throw conflict(campaign, otherwise);
		}
	}

	private static ApiException refused(CampaignView campaign, CampaignAction action) {
		return conflict(campaign,
				"Campaign " + campaign.id() + " is " + campaign.status() + "; it cannot " + action.word());
	}

	/**
	 * Every 409 about a campaign's status: {@code current_status} says what it is now,
	 * {@code allowed_actions} what it allows.
	 */
	private static ApiException conflict(CampaignView campaign, String detail) {
		ApiException conflict = ApiException.conflict(detail);
		conflict.getBody().setProperty("current_status", campaign.status().name());
		conflict.getBody()
			.setProperty("allowed_actions", campaign.allowedActions().stream().map(CampaignAction::word).toList());
		return conflict;
	}

	/** The campaign as it is now, after a conditional update found it changed. */
	private CampaignView reread(CampaignView campaign) {
		return this.repository.find(campaign.id()).orElse(campaign);
	}

	List<CampaignHistory.Entry> history(Caller caller, UUID id) {
		get(caller, id);
		return this.history.of(id);
	}

	Page<CampaignView> list(Caller caller, UUID userId, String status, int page, int size) {
		UUID owner = (userId != null) ? userId : caller.id();
		if (!caller.mayAccess(owner)) {
			throw ApiException.forbidden("user_id must be your own user id unless you are an admin");
		}
		String state = campaignStatus(status);
		return new Page<>(this.repository.page(owner, state, page, size), page, size,
				this.repository.count(owner, state));
	}

	Page<JdbcCampaignRepository.RecipientView> recipients(Caller caller, UUID id, String status, int page, int size) {
		CampaignView campaign = get(caller, id);
		String state = recipientStatus(status);
		long total = (state == null) ? campaign.totalRecipients() : -1;
		return new Page<>(this.repository.recipients(id, state, page, size), page, size, total);
	}

	/** Read-only transaction: PostgreSQL only streams with a cursor inside one. */
	@Transactional(readOnly = true)
	void eachRecipient(Caller caller, UUID id, Consumer<JdbcCampaignRepository.RecipientView> action) {
		get(caller, id);
		this.repository.eachRecipient(id, action);
	}

	@Transactional
	RetryResult retryFailed(Caller caller, UUID id) {
		CampaignView campaign = get(caller, id);
		if (!CampaignAction.RETRY_FAILED.isAllowedIn(campaign.status())) {
			throw conflict(campaign, "Campaign " + id + " is " + campaign.status() + "; nothing can be retried");
		}
		this.history.actAs(caller.id(), CampaignAction.RETRY_FAILED.word(), null);
		long retried = this.repository.retryFailed(id);
		return new RetryResult(retried, this.repository.find(id).orElseThrow());
	}

	@Transactional
	void delete(Caller caller, UUID id) {
		CampaignView campaign = get(caller, id);
		if (!CampaignAction.DELETE.isAllowedIn(campaign.status()) || !this.repository.deleteDraft(id)) {
			CampaignView now = reread(campaign);
			throw conflict(now, "Campaign " + id + " is " + now.status() + "; only a DRAFT can be deleted");
		}
	}

	static String campaignStatus(String status) {
		return known(status, "status", Arrays.stream(CampaignStatus.values()).map(Enum::name).toList());
	}

	private static String recipientStatus(String status) {
		return known(status, "status", Arrays.stream(RecipientStatus.values()).map(Enum::name).toList());
	}

	private static String known(String value, String field, List<String> allowed) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String upper = value.strip().toUpperCase(Locale.ROOT);
		if (!allowed.contains(upper)) {
			throw ApiException.invalid("Unknown " + field,
					List.of(new FieldError(field, value, "must be one of " + String.join(", ", allowed))));
		}
		return upper;
	}

	/**
	 * @param total all items, or -1 when not counted (a status filter over recipients
	 * would need a count over the rows)
	 */
	record Page<T>(List<T> items, int page, int size, long total) {

	}

	record RetryResult(long retried, CampaignView campaign) {

	}

}

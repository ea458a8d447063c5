package com.wacampaigns.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import com.wacampaigns.common.graph.MessageTemplate;
import com.wacampaigns.common.graph.WebhookPayload;

/**
 * The message templates of each WhatsApp Business Account, kept as Meta keeps them:
 * seeded with {@link TemplateSeeds} the first time an account is named, created PENDING
 * and reviewed after a while, paused, reinstated and disabled, and every change told in a
 * signed webhook on field {@code message_template_status_update} or
 * {@code message_template_quality_update}, with the account's id as the entry's id.
 * <p>
 * The review approves a template unless its name contains {@code reject}. Pausing follows
 * Meta's rule: 3 hours the first time ({@code FIRST_PAUSE}), 6 hours the second
 * ({@code SECOND_PAUSE}), disabled the third; reinstating a paused template tells
 * {@code UNPAUSE}. Paused templates stay paused until told otherwise: the simulator keeps
 * no clock for them.
 */
final class Templates implements AutoCloseable {

	static final String STATUS_FIELD = "message_template_status_update";

	static final String QUALITY_FIELD = "message_template_quality_update";

	private static final String CURSOR_PREFIX = "template:";

	private static final int PAUSES_BEFORE_DISABLED = 2;

	private final Map<String, Account> accounts = new ConcurrentHashMap<>();

	/** Meta's template ids are 15 to 16 digits, unique across accounts. */
	private final AtomicLong ids = new AtomicLong(1_024_917_062_354_000L);

	private final WebhookSender webhooks;

	private final Duration reviewAfter;

	private final ScheduledExecutorService reviews = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("simulator-template-reviews").daemon().factory());

	/**
	 * @param reviewAfter how long a new template stays PENDING, or {@code null} for until
	 * told
	 */
	Templates(WebhookSender webhooks, Duration reviewAfter) {
		this.webhooks = webhooks;
		this.reviewAfter = reviewAfter;
	}

	/** Seeds the account's templates the first time it is named. */
	void open(String wabaId) {
		account(wabaId);
	}

	/** The account's templates in the order they were created. */
	List<MessageTemplate> all(String wabaId) {
		return account(wabaId).all();
	}

	/** Every account's templates. */
	Map<String, List<MessageTemplate>> everyAccount() {
		Map<String, List<MessageTemplate>> everyAccount = new TreeMap<>();
		this.accounts.forEach((wabaId, account) -> everyAccount.put(wabaId, account.all()));
		return everyAccount;
	}

	Optional<MessageTemplate> find(String wabaId, String name, String language) {
		return account(wabaId).all()
			.stream()
			.filter((template) -> template.name().equals(name) && template.language().equals(language))
			.findFirst();
	}

	/**
	 * The templates that pass the filter after the {@code after} cursor, or before the
	 * {@code before} one, at most {@code limit}.
	 */
	Slice slice(String wabaId, Predicate<MessageTemplate> filter, Long after, Long before, int limit) {
		List<MessageTemplate> all = account(wabaId).all().stream().filter(filter).toList();
		int from = 0;
		int to = Math.min(limit, all.size());
		if (after != null) {
			from = countBelowOrAt(all, after);
			to = Math.min(from + limit, all.size());
		}
		else if (before != null) {
			to = countBelowOrAt(all, before - 1);
			from = Math.max(0, to - limit);
		}
		return new Slice(all.subList(from, to), to < all.size(), from > 0);
	}

	private static int countBelowOrAt(List<MessageTemplate> templates, long id) {
		int count = 0;
		while (count < templates.size() && Long.parseLong(templates.get(count).id()) <= id) {
			count++;
		}
		return count;
	}

	/** An opaque paging cursor that points at this template. */
	static String cursor(MessageTemplate template) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((CURSOR_PREFIX + template.id()).getBytes(StandardCharsets.UTF_8));
	}

	/** The template id a cursor points at; empty when it is not one of ours. */
	static OptionalLong position(String cursor) {
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			if (!decoded.startsWith(CURSOR_PREFIX)) {
				return OptionalLong.empty();
			}
			return OptionalLong.of(Long.parseLong(decoded.substring(CURSOR_PREFIX.length())));
		}
		catch (IllegalArgumentException ex) {
			return OptionalLong.empty();
		}
	}

	/**
	 * Adds a (normalised, valid) template as PENDING and schedules its review.
	 * @return its id, status and category, or empty when the account already has a
	 * template of that name in that language
	 */
	Optional<MessageTemplate.Created> create(String wabaId, MessageTemplate template) {
		String id = Long.toString(this.ids.incrementAndGet());
		MessageTemplate pending = new MessageTemplate(id, template.name(), template.language(), "PENDING",
				template.category(), template.subCategory(), template.parameterFormat(),
				new MessageTemplate.QualityScore("UNKNOWN", null), "NONE", template.components());
		if (!account(wabaId).add(pending)) {
			return Optional.empty();
		}
		if (this.reviewAfter != null) {
			this.reviews.schedule(() -> review(wabaId, id), this.reviewAfter.toMillis(), TimeUnit.MILLISECONDS);
		}
		return Optional.of(new MessageTemplate.Created(id, "PENDING", template.category()));
	}

	/**
	 * Deletes every language of the name, or only the template {@code hsmId} when given,
	 * and tells each with a {@code PENDING_DELETION} event.
	 * @return how many were deleted
	 */
	int delete(String wabaId, String name, String hsmId) {
		List<MessageTemplate> deleted = account(wabaId)
			.remove((template) -> template.name().equals(name) && (hsmId == null || template.id().equals(hsmId)));
		for (MessageTemplate template : deleted) {
			announce(wabaId, STATUS_FIELD, statusValue(template, "PENDING_DELETION", "NONE", null));
		}
		return deleted.size();
	}

	/**
	 * Gives the templates of that name (in that account and language, when given) a new
	 * status, as Meta's review or quality rating would, and tells each change.
	 * @param status APPROVED, PAUSED, DISABLED or REJECTED
	 * @param reason the webhook's {@code reason}: for a rejection, Meta's reason such as
	 * {@code INVALID_FORMAT} (the default); otherwise {@code NONE} unless given
	 * @return how many templates changed
	 */
	int changeStatus(String wabaId, String name, String language, String status, String reason) {
		return change(wabaId, name, language, (held) -> withStatus(held, status, reason), (before, after) -> {
			String event = after.template().status();
			return statusValue(after.template(), event, reasonFor(event, reason),
					otherInfo(before.template().status(), after));
		}, STATUS_FIELD);
	}

	/**
	 * Gives the templates of that name (in that account and language, when given) a new
	 * quality score and tells each change.
	 * @param score GREEN, YELLOW, RED or UNKNOWN
	 * @return how many templates changed
	 */
	int changeQuality(String wabaId, String name, String language, String score) {
		long now = Instant.now().getEpochSecond();
		return change(wabaId, name, language,
				(held) -> new Held(copy(held.template(), held.template().status(), held.template().rejectedReason(),
						new MessageTemplate.QualityScore(score, now)), held.pauses()),
				(before, after) -> new WebhookPayload.Value(null, null, null, null, null, null,
						Long.valueOf(after.template().id()), after.template().name(),
						webhookLanguage(after.template().language()), null, null, null, scoreOf(before.template()),
						score, null, null),
				QUALITY_FIELD);
	}

	private int change(String wabaId, String name, String language, UnaryOperator<Held> how, Announcement announcement,
			String field) {
		Predicate<MessageTemplate> which = (template) -> template.name().equals(name)
				&& (language == null || template.language().equals(language));
		if (wabaId != null) {
			open(wabaId);
		}
		int changed = 0;
		for (Map.Entry<String, Account> account : this.accounts.entrySet()) {
			if (wabaId != null && !wabaId.equals(account.getKey())) {
				continue;
			}
			for (Transition transition : account.getValue().update(which, how)) {
				announce(account.getKey(), field, announcement.value(transition.before(), transition.after()));
				changed++;
			}
		}
		return changed;
	}

	/** Meta's review: approved, unless the name asks for a rejection. */
	private void review(String wabaId, String id) {
		Account account = this.accounts.get(wabaId);
		if (account == null) {
			return;
		}
		List<Transition> reviewed = account.update(
				(template) -> template.id().equals(id) && template.status().equals("PENDING"),
				(held) -> withStatus(held, held.template().name().contains("reject") ? "REJECTED" : "APPROVED", null));
		for (Transition transition : reviewed) {
			MessageTemplate template = transition.after().template();
			announce(wabaId, STATUS_FIELD,
					statusValue(template, template.status(), reasonFor(template.status(), null), null));
		}
	}

	private void announce(String wabaId, String field, WebhookPayload.Value value) {
		this.webhooks.scheduleTemplateUpdate(wabaId, field, value, Duration.ZERO);
	}

	private static Held withStatus(Held held, String status, String reason) {
		int pauses = held.pauses();
		String next = status;
		if (status.equals("PAUSED")) {
			pauses++;
			if (pauses > PAUSES_BEFORE_DISABLED) {
				next = "DISABLED";
			}
		}
		String rejectedReason = next.equals("REJECTED") ? reasonFor(next, reason) : "NONE";
		MessageTemplate template = held.template();
		return new Held(copy(template, next, rejectedReason, template.qualityScore()), pauses);
	}

	private static String reasonFor(String status, String reason) {
		if (reason != null) {
			return reason;
		}
		return status.equals("REJECTED") ? "INVALID_FORMAT" : "NONE";
	}

	private static WebhookPayload.OtherInfo otherInfo(String previousStatus, Held after) {
		return switch (after.template().status()) {
			case "PAUSED" -> (after.pauses() == 1) ? new WebhookPayload.OtherInfo("FIRST_PAUSE", pausedFor(3))
					: new WebhookPayload.OtherInfo("SECOND_PAUSE", pausedFor(6));
			case "DISABLED" -> new WebhookPayload.OtherInfo("DISABLED",
					"Your WhatsApp message template has been disabled because of ongoing quality issues.");
			case "APPROVED" -> previousStatus.equals("PAUSED") ? new WebhookPayload.OtherInfo("UNPAUSE",
					"Your WhatsApp message template is no longer paused and is available for use.") : null;
			default -> null;
		};
	}

	private static String pausedFor(int hours) {
		return "Your WhatsApp message template has been paused for " + hours + " hours until "
				+ Instant.now().plus(Duration.ofHours(hours)) + " because it had issues.";
	}

	private static WebhookPayload.Value statusValue(MessageTemplate template, String event, String reason,
			WebhookPayload.OtherInfo otherInfo) {
		return new WebhookPayload.Value(null, null, null, null, null, event, Long.valueOf(template.id()),
				template.name(), webhookLanguage(template.language()), reason, template.category(), otherInfo, null,
				null, null, null);
	}

	/** Meta's webhooks write the language as its docs do, {@code en-US}. */
	private static String webhookLanguage(String language) {
		return language.replace('_', '-');
	}

	private static String scoreOf(MessageTemplate template) {
		return (template.qualityScore() != null) ? template.qualityScore().score() : "UNKNOWN";
	}

	private static MessageTemplate copy(MessageTemplate template, String status, String rejectedReason,
			MessageTemplate.QualityScore quality) {
		return new MessageTemplate(template.id(), template.name(), template.language(), status, template.category(),
				template.subCategory(), template.parameterFormat(), quality, rejectedReason, template.components());
	}

	private Account account(String wabaId) {
		return this.accounts.computeIfAbsent(wabaId,
				(id) -> new Account(TemplateSeeds.seeds(this.ids::incrementAndGet, Instant.now().getEpochSecond())));
	}

	@Override
	public void close() {
		this.reviews.shutdownNow();
	}

	/**
	 * One page of templates.
	 *
	 * @param more whether templates follow the last one
	 * @param earlier whether templates precede the first one
	 */
	record Slice(List<MessageTemplate> data, boolean more, boolean earlier) {

	}

	/** A template and how often it was paused, which decides its next pause. */
	private record Held(MessageTemplate template, int pauses) {

	}

	private record Transition(Held before, Held after) {

	}

	@FunctionalInterface
	private interface Announcement {

		WebhookPayload.Value value(Held before, Held after);

	}

	/** One account's templates by id, which is also the order they were created in. */
	private static final class Account {

		private final TreeMap<Long, Held> templates = new TreeMap<>();

		Account(List<MessageTemplate> seeds) {
			seeds.forEach((template) -> this.templates.put(Long.valueOf(template.id()), new Held(template, 0)));
		}

		synchronized List<MessageTemplate> all() {
			return this.templates.values().stream().map(Held::template).toList();
		}

		/** Adds the template unless one of that name and language exists. */
		synchronized boolean add(MessageTemplate template) {
			for (Held held : this.templates.values()) {
				if (held.template().name().equals(template.name())
						&& held.template().language().equals(template.language())) {
					return false;
				}
			}
			this.templates.put(Long.valueOf(template.id()), new Held(template, 0));
			return true;
		}

		synchronized List<MessageTemplate> remove(Predicate<MessageTemplate> which) {
			List<MessageTemplate> removed = new ArrayList<>();
			this.templates.values().removeIf((held) -> {
				if (which.test(held.template())) {
					removed.add(held.template());
					return true;
				}
				return false;
			});
			return removed;
		}

		synchronized List<Transition> update(Predicate<MessageTemplate> which, UnaryOperator<Held> how) {
			List<Transition> transitions = new ArrayList<>();
			for (Map.Entry<Long, Held> entry : this.templates.entrySet()) {
				Held before = entry.getValue();
				if (which.test(before.template())) {
					Held after = how.apply(before);
					entry.setValue(after);
					transitions.add(new Transition(before, after));
				}
			}
			return transitions;
		}

	}

}

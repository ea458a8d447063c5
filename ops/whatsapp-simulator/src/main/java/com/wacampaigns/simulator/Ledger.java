package com.wacampaigns.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import com.wacampaigns.common.graph.SendMessageRequest;

/**
 * Every send the simulator accepted, so a test can prove that each recipient got exactly
 * one message. A duplicate is a second accepted send of the same campaign to the same
 * phone; the campaign is known from {@code biz_opaque_callback_data}.
 * <p>
 * It also counts, per business portfolio, the unique recipients reached in the moving
 * window of Meta's messaging limit, and each new recipient beyond the portfolio's tier as
 * a tier violation: Meta takes such a send without an error, so only a sender that
 * budgets its portfolio's reach stays within it.
 */
public final class Ledger {

	private static final Duration META_TIER_WINDOW = Duration.ofHours(24);

	private final Map<String, AtomicInteger> sendsPerRecipient = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong ambiguousAnswers = new AtomicLong();

	private final Map<String, UniqueRecipients> reachPerPortfolio = new ConcurrentHashMap<>();

	private final AtomicLong tierViolations = new AtomicLong();

	private final Duration tierWindow;

	/** A ledger that counts unique recipients over Meta's 24 hours. */
	public Ledger() {
		this(META_TIER_WINDOW);
	}

	/**
	 * @param tierWindow the moving window of the messaging limit
	 */
	Ledger(Duration tierWindow) {
		this.tierWindow = tierWindow;
	}

	void record(Instant at, String campaign, String phone, String wamid, String phoneNumberId,
			SendMessageRequest.Template template) {
		this.sendsPerRecipient.computeIfAbsent(campaign + "|" + phone, (key) -> new AtomicInteger()).incrementAndGet();
		this.entries.add(new Entry(at, campaign, phone, wamid, phoneNumberId, template.name(),
				template.language().code(), template.components()));
		this.accepted.incrementAndGet();
	}

	/**
	 * Counts an accepted send's recipient against the portfolio's messaging limit, and a
	 * tier violation when the recipient is new in the window and the portfolio had
	 * already reached as many as its tier allows.
	 */
	void recordReach(String businessId, MessagingTier tier, String phone) {
		UniqueRecipients reach = this.reachPerPortfolio.computeIfAbsent(businessId,
				(key) -> new UniqueRecipients(this.tierWindow));
		if (reach.reach(phone, System.nanoTime(), tier)) {
			this.tierViolations.incrementAndGet();
		}
	}

	/**
	 * An accepted send was answered with an error or made to wait (see {@link Faults}).
	 */
	void recordAmbiguousAnswer() {
		this.ambiguousAnswers.incrementAndGet();
	}

	public Summary summary() {
		long accepted = this.accepted.get();
		long distinct = this.sendsPerRecipient.size();
		return new Summary(accepted, distinct, accepted - distinct, this.ambiguousAnswers.get(),
				this.tierViolations.get());
	}

	/**
	 * For each business portfolio, the most unique recipients it reached in one moving
	 * window so far: a sender that budgets its tier keeps this at or below the tier.
	 */
	public Map<String, Integer> peakUniqueRecipients() {
		Map<String, Integer> peaks = new TreeMap<>();
		this.reachPerPortfolio.forEach((businessId, reach) -> peaks.put(businessId, reach.peak()));
		return peaks;
	}

	/** The accepted sends in the order they were accepted. */
	public List<Entry> entries() {
		return List.copyOf(this.entries);
	}

	public void clear() {
		this.sendsPerRecipient.clear();
		this.entries.clear();
		this.accepted.set(0);
		this.ambiguousAnswers.set(0);
		this.reachPerPortfolio.clear();
		this.tierViolations.set(0);
	}

	/**
	 * @param accepted sends accepted (answered with 200, or accepted behind an ambiguous
	 * answer)
	 * @param distinctRecipients distinct (campaign, phone) pairs among them
	 * @param duplicates accepted sends beyond the first of each pair
	 * @param ambiguousAnswers accepted sends whose answer hid the acceptance: a 5xx, or a
	 * 200 held back by {@code hang_ms}
	 * @param tierViolations accepted sends to a recipient new in the window of a business
	 * portfolio that had already reached its messaging limit's unique recipients
	 */
	public record Summary(long accepted, @JsonProperty("distinct_recipients") long distinctRecipients, long duplicates,
			@JsonProperty("ambiguous_answers") long ambiguousAnswers,
			@JsonProperty("tier_violations") long tierViolations) {

		/** A summary without ambiguous answers or tier violations. */
		public Summary(long accepted, long distinctRecipients, long duplicates) {
			this(accepted, distinctRecipients, duplicates, 0, 0);
		}

		/**
		 * A summary without tier violations. Disabled as a JSON creator, so that JSON
		 * binds to the canonical constructor only.
		 */
		@JsonCreator(mode = JsonCreator.Mode.DISABLED)
		public Summary(long accepted, long distinctRecipients, long duplicates, long ambiguousAnswers) {
			this(accepted, distinctRecipients, duplicates, ambiguousAnswers, 0);
		}

	}

	/**
	 * One accepted send.
	 *
	 * @param template the template's name
	 * @param language the template's language code as sent
	 * @param components the template's values as sent: header, body and buttons
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Entry(Instant at, String campaign, String phone, String wamid,
			@JsonProperty("phone_number_id") String phoneNumberId, String template, String language,
			List<SendMessageRequest.Component> components) {

		/**
		 * A send without its template. Disabled as a JSON creator, so that JSON binds to
		 * the canonical constructor only.
		 */
		@JsonCreator(mode = JsonCreator.Mode.DISABLED)
		public Entry(Instant at, String campaign, String phone, String wamid, String phoneNumberId) {
			this(at, campaign, phone, wamid, phoneNumberId, null, null, null);
		}

	}

}

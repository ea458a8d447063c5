package com.wacampaigns.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 */
public final class Ledger {

	private final Map<String, AtomicInteger> sendsPerRecipient = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong ambiguousAnswers = new AtomicLong();

	void record(String campaign, String phone, String wamid, String phoneNumberId,
			SendMessageRequest.Template template) {
		this.sendsPerRecipient.computeIfAbsent(campaign + "|" + phone, (key) -> new AtomicInteger()).incrementAndGet();
		this.entries.add(new Entry(Instant.now(), campaign, phone, wamid, phoneNumberId, template.name(),
				template.language().code(), template.components()));
		this.accepted.incrementAndGet();
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
		return new Summary(accepted, distinct, accepted - distinct, this.ambiguousAnswers.get());
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
	}

	/**
	 * @param accepted sends accepted (answered with 200, or accepted behind an ambiguous
	 * answer)
	 * @param distinctRecipients distinct (campaign, phone) pairs among them
	 * @param duplicates accepted sends beyond the first of each pair
	 * @param ambiguousAnswers accepted sends whose answer hid the acceptance: a 5xx, or a
	 * 200 held back by {@code hang_ms}
	 */
	public record Summary(long accepted, @JsonProperty("distinct_recipients") long distinctRecipients, long duplicates,
			@JsonProperty("ambiguous_answers") long ambiguousAnswers) {

		/** A summary without ambiguous answers. */
		public Summary(long accepted, long distinctRecipients, long duplicates) {
			this(accepted, distinctRecipients, duplicates, 0);
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

package com.wacampaigns.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Every send the simulator accepted, so a test can prove that each recipient got exactly
 * one message. A duplicate is a second accepted send of the same campaign to the same
 * phone; the campaign is known from {@code biz_opaque_callback_data}.
 */
public final class Ledger {

	private final Map<String, AtomicInteger> sendsPerRecipient = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();

	private final AtomicLong accepted = new AtomicLong();

	void record(String campaign, String phone, String wamid, String phoneNumberId) {
		this.sendsPerRecipient.computeIfAbsent(campaign + "|" + phone, (key) -> new AtomicInteger()).incrementAndGet();
		this.entries.add(new Entry(Instant.now(), campaign, phone, wamid, phoneNumberId));
		this.accepted.incrementAndGet();
	}

	public Summary summary() {
		long accepted = this.accepted.get();
		long distinct = this.sendsPerRecipient.size();
		return new Summary(accepted, distinct, accepted - distinct);
	}

	/** The accepted sends in the order they were accepted. */
	public List<Entry> entries() {
		return List.copyOf(this.entries);
	}

	public void clear() {
		this.sendsPerRecipient.clear();
		this.entries.clear();
		this.accepted.set(0);
	}

	/**
	 * @param accepted sends answered with 200
	 * @param distinctRecipients distinct (campaign, phone) pairs among them
	 * @param duplicates accepted sends beyond the first of each pair
	 */
	public record Summary(long accepted, @JsonProperty("distinct_recipients") long distinctRecipients,
			long duplicates) {

	}

	public record Entry(Instant at, String campaign, String phone, String wamid,
			@JsonProperty("phone_number_id") String phoneNumberId) {

	}

}

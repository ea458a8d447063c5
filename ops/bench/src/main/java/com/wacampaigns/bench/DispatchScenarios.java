package com.wacampaigns.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

import com.wacampaigns.localstack.Infrastructure;
import com.wacampaigns.localstack.SystemStack;
import com.wacampaigns.simulator.Ledger;

/**
 * {@code dispatch}, {@code rate-accuracy}, {@code fair-share} and {@code pause-latency}:
 * the send stage against the simulator, with its status webhooks off so that only sending
 * is measured (accepted outcomes are still persisted by the status-ingestor).
 */
final class DispatchScenarios {

	private final Map<String, String> options;

	DispatchScenarios(Map<String, String> options) {
		this.options = options;
	}

	private int option(String name, int otherwise) {
		return Integer.parseInt(this.options.getOrDefault(name, Integer.toString(otherwise)));
	}

	/** Unthrottled campaigns over 20 senders, as fast as the machine sends. */
	BenchReport dispatch() throws Exception {
		return onAStackOfItsOwn("dispatch", this::dispatch);
	}

	private BenchReport dispatch(SystemStack stack, Campaigns campaigns) throws Exception {
		int recipients = option("recipients", 100_000);
		int senders = option("senders", 20);
		List<UUID> ids = new ArrayList<>();
		for (String phoneNumberId : Campaigns.phoneNumberIds(senders)) {
			ids.add(campaigns.draft(campaigns.sender(phoneNumberId, 1000), recipients / senders, 1000, 100));
		}
		int total = (recipients / senders) * senders;
		System.out.printf("Dispatch: %,d recipients in %d campaigns over %d senders...%n", total, senders, senders);
		Instant start = Instant.now();
		ids.forEach(campaigns::send);
		awaitSends(stack, total, Duration.ofMinutes(4));
		double seconds = Duration.between(start, Instant.now()).toNanos() / 1e9;
		// Read now: the timer's percentiles cover the last two minutes.
		Timer sends = stack.dispatcher()
			.getBean(MeterRegistry.class)
			.find("whatsapp.cloudapi.requests")
			.tag("outcome", "accepted")
			.timer();
		double p50 = percentile(sends, 0.5);
		double p99 = percentile(sends, 0.99);
		long accepted = awaitRows(campaigns, ids, "ACCEPTED", total);
		Ledger.Summary ledger = stack.simulator().ledger().summary();
		System.gc();
		Runtime runtime = Runtime.getRuntime();
		return new BenchReport("dispatch").figure("msgs_per_s", total / seconds)
			.figure("steady_msgs_per_s", steadyRate(stack.simulator().ledger().entries()))
			.figure("p50_send_ms", p50)
			.figure("p99_send_ms", p99)
			.figure("dispatcher_heap_mb", (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024))
			.figure("duplicates", ledger.duplicates())
			.figure("lost", total - ledger.distinctRecipients())
			.figure("outcomes_persisted", accepted)
			.figure("recipients", total)
			.figure("seed_ceiling_msgs_per_s", 1000);
	}

	/**
	 * One campaign at {@code --rate} and one at 10 per second, each for
	 * {@code --seconds}.
	 */
	BenchReport rateAccuracy() throws Exception {
		return onAStackOfItsOwn("rateaccuracy", this::rateAccuracy);
	}

	private BenchReport rateAccuracy(SystemStack stack, Campaigns campaigns) throws Exception {
		int rate = option("rate", 1000);
		int seconds = option("seconds", 60);
		List<String> numbers = Campaigns.phoneNumberIds(2);
		UUID fast = campaigns.draft(campaigns.sender(numbers.get(0), 1000), rate * seconds, rate, 100);
		UUID slow = campaigns.draft(campaigns.sender(numbers.get(1), 1000), 10 * seconds, 10, 5);
		System.out.printf("Rate accuracy: %d/s and 10/s for %d s...%n", rate, seconds);
		campaigns.send(fast);
		campaigns.send(slow);
		awaitSends(stack, rate * seconds + 10 * seconds, Duration.ofSeconds(seconds * 3L));
		double fastRate = windowRate(stack.simulator().ledger().entries(), fast);
		double slowRate = windowRate(stack.simulator().ledger().entries(), slow);
		return new BenchReport("rate-accuracy").figure("achieved_per_s_" + rate, fastRate)
			.figure("error_pct_" + rate, Math.abs(fastRate - rate) * 100 / rate)
			.figure("achieved_per_s_10", slowRate)
			.figure("error_pct_10", Math.abs(slowRate - 10) * 100 / 10)
			.figure("seconds", seconds);
	}

	/**
	 * Three campaigns on one sender of {@code --sender-rate} (300/s), asking 10/s, 200/s
	 * and 1,000/s: each sized to last {@code --seconds} at its max-min fair share of the
	 * sender, and measured while all three run, beside that share and the sender's limit.
	 */
	BenchReport fairShare() throws Exception {
		return onAStackOfItsOwn("fairshare", this::fairShare);
	}

	private BenchReport fairShare(SystemStack stack, Campaigns campaigns) throws Exception {
		int limit = option("sender-rate", 300);
		int seconds = option("seconds", 30);
		int[] rates = { 10, 200, 1000 };
		double[] shares = maxMinShares(rates, limit);
		String phoneNumberId = Campaigns.phoneNumberIds(1).get(0);
		UUID sender = campaigns.sender(phoneNumberId, limit);
		List<UUID> ids = new ArrayList<>();
		long total = 0;
		for (int i = 0; i < rates.length; i++) {
			int recipients = (int) Math.ceil(shares[i] * seconds);
			ids.add(campaigns.draft(sender, recipients, rates[i], 50));
			total += recipients;
		}
		System.out.printf("Fair share: campaigns at 10/s, 200/s and 1,000/s on one sender of %d/s for %d s...%n", limit,
				seconds);
		Instant start = Instant.now();
		ids.forEach(campaigns::send);
		awaitSends(stack, total, Duration.ofSeconds(seconds * 4L));
		List<Ledger.Entry> entries = stack.simulator().ledger().entries();
		// While all three run: from the first seconds' ramp-up to the first to finish.
		Instant from = start.plusSeconds(3);
		Instant to = ids.stream()
			.map((id) -> entries.stream()
				.filter((e) -> e.campaign().equals(id.toString()))
				.map(Ledger.Entry::at)
				.max(Instant::compareTo)
				.orElse(start))
			.min(Instant::compareTo)
			.orElseThrow()
			.minusSeconds(1);
		double window = Duration.between(from, to).toNanos() / 1e9;
		BenchReport report = new BenchReport("fair-share");
		for (int i = 0; i < rates.length; i++) {
			String campaign = ids.get(i).toString();
			long sent = entries.stream()
				.filter((e) -> e.campaign().equals(campaign) && e.at().isAfter(from) && e.at().isBefore(to))
				.count();
			report.figure("achieved_per_s_" + rates[i], sent / window).figure("share_per_s_" + rates[i], shares[i]);
		}
		long senderSent = entries.stream().filter((e) -> e.at().isAfter(from) && e.at().isBefore(to)).count();
		return report.figure("sender_per_s", senderSent / window)
			.figure("sender_limit_per_s", limit)
			.figure("busiest_second", stack.simulator().busiestRequests(phoneNumberId, Duration.ofSeconds(1)))
			.figure("measured_s", window)
			.figure("duplicates", stack.simulator().ledger().summary().duplicates());
	}

	/**
	 * Each rate if it fits in an equal share of what the smaller ones left, else that
	 * share.
	 */
	static double[] maxMinShares(int[] rates, int limit) {
		Integer[] order = new Integer[rates.length];
		for (int i = 0; i < rates.length; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> Integer.compare(rates[a], rates[b]));
		double[] shares = new double[rates.length];
		double left = limit;
		for (int k = 0; k < order.length; k++) {
			int i = order[k];
			shares[i] = Math.min(rates[i], left / (order.length - k));
			left -= shares[i];
		}
		return shares;
	}

	/**
	 * Pause a running campaign 20 times; how long until the simulator sees no more sends.
	 */
	BenchReport pauseLatency() throws Exception {
		return onAStackOfItsOwn("pauselatency", this::pauseLatency);
	}

	private BenchReport pauseLatency(SystemStack stack, Campaigns campaigns) throws Exception {
		int pauses = option("pauses", 20);
		UUID campaign = campaigns.draft(campaigns.sender(Campaigns.phoneNumberIds(1).get(0), 1000), 200_000, 500, 50);
		campaigns.send(campaign);
		List<Double> latencies = new ArrayList<>();
		long sentWhilePaused = 0;
		System.out.printf("Pause latency: %d pauses of a campaign at 500/s...%n", pauses);
		for (int i = 0; i < pauses; i++) {
			TimeUnit.MILLISECONDS.sleep(1500);
			Instant pausedAt = Instant.now();
			campaigns.pause(campaign);
			TimeUnit.MILLISECONDS.sleep(2000);
			List<Ledger.Entry> after = stack.simulator()
				.ledger()
				.entries()
				.stream()
				.filter((entry) -> entry.at().isAfter(pausedAt))
				.toList();
			Instant last = after.isEmpty() ? pausedAt : after.get(after.size() - 1).at();
			latencies.add(Duration.between(pausedAt, last).toNanos() / 1e6);
			sentWhilePaused += after.stream().filter((e) -> e.at().isAfter(pausedAt.plusSeconds(1))).count();
			campaigns.resume(campaign);
		}
		latencies.sort(Double::compare);
		return new BenchReport("pause-latency").figure("p50_ms", latencies.get(latencies.size() / 2))
			.figure("p99_ms",
					latencies.get(Math.min(latencies.size() - 1, (int) Math.ceil(latencies.size() * 0.99) - 1)))
			.figure("max_ms", latencies.get(latencies.size() - 1))
			.figure("sent_while_paused", sentWhilePaused)
			.figure("pauses", pauses);
	}

	/**
	 * Measures the machine's limits first, while it is idle, then runs the scenario on a
	 * stack and a database of its own, with the simulator's webhooks off.
	 */
	private static BenchReport onAStackOfItsOwn(String name, Scenario scenario) throws Exception {
		Infrastructure infrastructure = Infrastructure.shared();
		Map<String, Object> limits = Limits.measure(infrastructure);
		try (SystemStack stack = SystemStack
			.on(infrastructure.kafkaBootstrapServers(), infrastructure.databaseFor(DispatchScenarios.class, name))
			.withoutWebhooks()
			.quiet()
			.start()) {
			return scenario.run(stack, new Campaigns(stack)).limits(limits);
		}
	}

	private static void awaitSends(SystemStack stack, long total, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (stack.simulator().ledger().summary().accepted() < total && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(20);
		}
	}

	private static long awaitRows(Campaigns campaigns, List<UUID> ids, String status, long total)
			throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		long rows = 0;
		while (System.nanoTime() < deadline && (rows = campaigns.rowsIn(ids, status)) < total) {
			TimeUnit.MILLISECONDS.sleep(200);
		}
		return rows;
	}

	/**
	 * Sends per second in the middle 80% of the run, without the ramp-up and the tail.
	 */
	private static double steadyRate(List<Ledger.Entry> entries) {
		int from = entries.size() / 10;
		int to = entries.size() - entries.size() / 10 - 1;
		double seconds = Duration.between(entries.get(from).at(), entries.get(to).at()).toNanos() / 1e9;
		return (to - from) / seconds;
	}

	/** A campaign's sends per second between 10% and 90% of its run. */
	private static double windowRate(List<Ledger.Entry> entries, UUID campaign) {
		List<Ledger.Entry> own = entries.stream().filter((e) -> e.campaign().equals(campaign.toString())).toList();
		return steadyRate(own);
	}

	private static double percentile(Timer timer, double percentile) {
		if (timer == null) {
			return -1;
		}
		for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
			if (value.percentile() == percentile) {
				return value.value(TimeUnit.MILLISECONDS);
			}
		}
		return -1;
	}

	@FunctionalInterface
	private interface Scenario {

		BenchReport run(SystemStack stack, Campaigns campaigns) throws Exception;

	}

}

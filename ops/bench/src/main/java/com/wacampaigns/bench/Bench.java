package com.wacampaigns.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.wacampaigns.localstack.Infrastructure;

/**
 * {@code ops/bench/run SCENARIO [--option value ...]}: runs a scenario against the
 * embedded stack and prints its figures beside the limits measured in the same run (see
 * {@code shared/BENCH.md}). Scenarios: {@code limits}, {@code status-ingest},
 * {@code all}.
 */
public final class Bench {

	private static final List<String> SCENARIOS = List.of("limits", "csv-import", "dispatch", "rate-accuracy",
			"fair-share", "pause-latency", "status-ingest", "e2e");

	private Bench() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 1 && args[0].equals("list")) {
			SCENARIOS.forEach(System.out::println);
			System.exit(0);
		}
		if (args.length == 0 || !(SCENARIOS.contains(args[0]) || args[0].equals("all"))) {
			System.err.println("Usage: ops/bench/run {" + String.join("|", SCENARIOS) + "|all} [--option value ...]");
			System.exit(2);
		}
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 1; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		Path results = Path.of(System.getProperty("bench.results", "ops/bench/results"));
		List<String> scenarios = args[0].equals("all") ? SCENARIOS : List.of(args[0]);
		for (String scenario : scenarios) {
			BenchReport report = switch (scenario) {
				case "limits" -> limits();
				case "status-ingest" -> new StatusIngestScenario(options).run();
				case "csv-import" -> new CsvImportScenario(options).run();
				case "dispatch" -> new DispatchScenarios(options).dispatch();
				case "rate-accuracy" -> new DispatchScenarios(options).rateAccuracy();
				case "fair-share" -> new DispatchScenarios(options).fairShare();
				case "pause-latency" -> new DispatchScenarios(options).pauseLatency();
				case "e2e" -> new E2eScenario(options).run(results);
				default -> throw new IllegalArgumentException(scenario);
			};
			report.print(System.out, results);
		}
		System.exit(0);
	}

	private static BenchReport limits() throws Exception {
		Infrastructure infrastructure = Infrastructure.shared();
		Map<String, Object> limits = Limits.measure(infrastructure);
		BenchReport report = new BenchReport("limits");
		limits.forEach(report::figure);
		return report.limits(limits);
	}

}

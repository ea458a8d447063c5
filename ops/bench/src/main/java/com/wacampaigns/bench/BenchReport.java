package com.wacampaigns.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * A scenario's result as BENCH.md asks: a readable table, then the JSON as the very last
 * line ({@code BENCH {...}}), and the same JSON in {@code ops/bench/results/NAME.json}.
 */
final class BenchReport {

	private final String scenario;

	private final Map<String, Object> figures = new LinkedHashMap<>();

	private final Map<String, Object> limits = new LinkedHashMap<>();

	BenchReport(String scenario) {
		this.scenario = scenario;
	}

	BenchReport figure(String name, Object value) {
		this.figures.put(name, round(value));
		return this;
	}

	BenchReport limits(Map<String, Object> measured) {
		measured.forEach((name, value) -> this.limits.put(name, round(value)));
		return this;
	}

	void print(PrintStream out, Path resultsDirectory) throws IOException {
		out.println();
		out.printf("== %s ==%n", this.scenario);
		out.printf("%-28s %16s%n", "figure", "value");
		this.figures.forEach((name, value) -> out.printf("%-28s %16s%n", name, value));
		out.printf("%-28s %16s%n", "limit (same run)", "value");
		this.limits.forEach((name, value) -> out.printf("%-28s %16s%n", name, value));
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("scenario", this.scenario);
		json.put("figures", this.figures);
		json.put("limits", this.limits);
		json.put("env", environment());
		String line = JsonMapper.builder().build().writeValueAsString(json);
		Files.createDirectories(resultsDirectory);
		Files.writeString(resultsDirectory.resolve(this.scenario + ".json"), line + "\n");
		out.println("BENCH " + line);
	}

	private static Map<String, Object> environment() {
		Map<String, Object> env = new LinkedHashMap<>();
		env.put("cores", Runtime.getRuntime().availableProcessors());
		env.put("jdk", System.getProperty("java.version"));
		env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		env.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
		return env;
	}

	private static Object round(Object value) {
		if (value instanceof Double number) {
			return Math.round(number * 10) / 10.0;
		}
		return value;
	}

}

package com.wacampaigns.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' files are valid: {@code promtool check config}, {@code check rules} and
 * the rules' unit tests ({@code promtool test rules}), and {@code docker-compose config}
 * (Debian's packages check them without an engine), through
 * {@code ops/scripts/check-ops-config.sh}. CI installs both tools; without them this is
 * skipped with the command that installs them.
 */
class OpsConfigTests {

	private static final Path ROOT = Path.of("..", "..");

	@Test
	void shouldPassPromtoolAndDockerComposeChecks() throws IOException, InterruptedException {
		Assumptions.assumeTrue(onPath("promtool") && onPath("docker-compose"),
				"Ops config checks skipped: install the tools with apt-get install -y prometheus docker-compose");
		Process check = new ProcessBuilder("bash", "ops/scripts/check-ops-config.sh").directory(ROOT.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(check.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(check.exitValue()).as(output).isZero();
		assertThat(output).contains("All ops checks passed");
	}

	private static boolean onPath(String command) {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
			if (Files.isExecutable(Path.of(directory, command))) {
				return true;
			}
		}
		return false;
	}

}

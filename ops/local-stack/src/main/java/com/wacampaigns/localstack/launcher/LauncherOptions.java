package com.wacampaigns.localstack.launcher;

import java.nio.file.Path;

/**
 * The launcher's command line.
 *
 * @param demoRecipients recipients of the demo campaign, 0 for none
 * @param demoRate the demo campaign's messages per second
 * @param gatewayPort the gateway's HTTP port
 * @param kafkaPort the broker's port
 * @param postgresPort PostgreSQL's port
 * @param simulatorPort the WhatsApp simulator's port
 * @param home the repository root, where the app jars are built
 * @param workDirectory data and logs of this run
 * @param demoPassword password of the seeded user {@code demo}
 * @param adminPassword password of the seeded user {@code admin}
 */
record LauncherOptions(int demoRecipients, int demoRate, int gatewayPort, int kafkaPort, int postgresPort,
		int simulatorPort, Path home, Path workDirectory, String demoPassword, String adminPassword) {

	static final String USAGE = """
			Usage: run-local.sh [--demo-recipients N] [--demo-rate N] [--gateway-port P] [--kafka-port P]
			                    [--postgres-port P] [--simulator-port P] [--work-dir DIR]
			                    [--demo-password S] [--admin-password S]
			""";

	static LauncherOptions parse(String[] args) {
		int demoRecipients = 10_000;
		int demoRate = 1000;
		int gatewayPort = 8080;
		int kafkaPort = 9092;
		int postgresPort = 15432;
		int simulatorPort = 8090;
		Path home = Path.of(System.getProperty("localstack.home", ".")).toAbsolutePath().normalize();
		Path work = null;
		String demoPassword = "demo";
		String adminPassword = "admin";
		for (int i = 0; i < args.length; i++) {
			String option = args[i];
			if (option.equals("--help") || option.equals("-h")) {
				throw new IllegalArgumentException("");
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException("Option " + option + " needs a value");
			}
			String value = args[++i];
			switch (option) {
				case "--demo-recipients" -> demoRecipients = Integer.parseInt(value);
				case "--demo-rate" -> demoRate = Integer.parseInt(value);
				case "--gateway-port" -> gatewayPort = Integer.parseInt(value);
				case "--kafka-port" -> kafkaPort = Integer.parseInt(value);
				case "--postgres-port" -> postgresPort = Integer.parseInt(value);
				case "--simulator-port" -> simulatorPort = Integer.parseInt(value);
				case "--work-dir" -> work = Path.of(value).toAbsolutePath();
				case "--demo-password" -> demoPassword = value;
				case "--admin-password" -> adminPassword = value;
				default -> throw new IllegalArgumentException("Unknown option " + option);
			}
		}
		return new LauncherOptions(demoRecipients, demoRate, gatewayPort, kafkaPort, postgresPort, simulatorPort, home,
				(work != null) ? work : home.resolve(".local-stack"), demoPassword, adminPassword);
	}

}

package com.wacampaigns.ingestor;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Applies status events to recipient rows and campaign counters: the one writer of
 * recipient states.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class StatusIngestorApplication {

	/**
	 * Its own configuration file name, so that the three apps can share one classpath in
	 * the system tests without reading each other's settings.
	 */
	public static final String CONFIG_NAME = "status-ingestor";

	public static SpringApplication application() {
		SpringApplication application = new SpringApplication(StatusIngestorApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
		return application;
	}

	public static void main(String[] args) {
		application().run(args);
	}

}

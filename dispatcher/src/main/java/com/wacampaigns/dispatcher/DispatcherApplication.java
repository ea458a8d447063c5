package com.wacampaigns.dispatcher;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Consumes {@code campaign.dispatch} and sends through the WhatsApp Cloud API under
 * per-sender and per-campaign rate limits, claiming each recipient before its one and
 * only send.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DispatcherApplication {

	/**
	 * Its own configuration file name, so that the three apps can share one classpath in
	 * the system tests without reading each other's settings.
	 */
	public static final String CONFIG_NAME = "dispatcher";

	public static SpringApplication application() {
		SpringApplication application = new SpringApplication(DispatcherApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
		return application;
	}

	public static void main(String[] args) {
		application().run(args);
	}

}

package com.wacampaigns.gateway;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The REST API for campaigns, the WhatsApp webhook receiver and the paced dispatch
 * feeder.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class GatewayApplication {

	/**
	 * Its own configuration file name, so that the three apps can share one classpath in
	 * the system tests without reading each other's settings.
	 */
	public static final String CONFIG_NAME = "api-gateway";

	public static SpringApplication application() {
		SpringApplication application = new SpringApplication(GatewayApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
		return application;
	}

	public static void main(String[] args) {
		application().run(args);
	}

}

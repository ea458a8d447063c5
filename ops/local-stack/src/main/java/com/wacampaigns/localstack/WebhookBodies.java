package com.wacampaigns.localstack;

import java.util.List;

import com.wacampaigns.common.graph.CallbackData;

/**
 * Status webhook bodies in Meta's shape, written as text so that tests and benchmarks
 * sign and post exactly the bytes they mean.
 */
public final class WebhookBodies {

	private WebhookBodies() {
	}

	public static String envelope(String... entries) {
		return "{\"object\":\"whatsapp_business_account\",\"entry\":[" + String.join(",", entries) + "]}";
	}

	public static String entry(String... changes) {
		return "{\"id\":\"WABA\",\"changes\":[" + String.join(",", changes) + "]}";
	}

	/** A {@code messages} change of one business number carrying these statuses. */
	public static String statusChange(String phoneNumberId, List<String> statuses) {
		return "{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{"
				+ "\"display_phone_number\":\"15550100100\",\"phone_number_id\":\"" + phoneNumberId
				+ "\"},\"statuses\":[" + String.join(",", statuses) + "]}}";
	}

	public static String status(String wamid, String status, long timestamp, CallbackData callback) {
		return "{\"id\":\"" + wamid + "\",\"status\":\"" + status + "\",\"timestamp\":\"" + timestamp
				+ "\",\"recipient_id\":\"919800000000\",\"biz_opaque_callback_data\":\"" + callback.encode() + "\"}";
	}

	public static String failed(String wamid, long timestamp, CallbackData callback, int code, String title) {
		return "{\"id\":\"" + wamid + "\",\"status\":\"failed\",\"timestamp\":\"" + timestamp
				+ "\",\"recipient_id\":\"919800000000\",\"biz_opaque_callback_data\":\"" + callback.encode()
				+ "\",\"errors\":[{\"code\":" + code + ",\"title\":\"" + title + "\"}]}";
	}

}

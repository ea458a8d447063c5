package com.wacampaigns.dispatcher.sending;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.Executors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import com.wacampaigns.common.ErrorCodes;
import com.wacampaigns.common.events.DispatchRequested;
import com.wacampaigns.common.graph.CallbackData;
import com.wacampaigns.common.graph.GraphError;
import com.wacampaigns.common.graph.SendMessageRequest;
import com.wacampaigns.common.graph.SendMessageResponse;
import com.wacampaigns.dispatcher.DispatcherProperties;
import com.wacampaigns.dispatcher.metrics.DispatchMetrics;

/**
 * Sends template messages through the WhatsApp Cloud API, one HTTP request per message
 * over reused connections, and says what came of each.
 */
@Component
class CloudApiClient {

	/** The code we give a failure to connect, which Meta never answers. */
	static final int CONNECT_FAILURE = ErrorCodes.CONNECT_FAILURE;

	private final HttpClient http;

	private final JsonMapper json;

	private final DispatcherProperties.Graph graph;

	private final DispatchMetrics metrics;

	CloudApiClient(DispatcherProperties properties, JsonMapper json, DispatchMetrics metrics) {
		this.graph = properties.graph();
		this.json = json;
		this.metrics = metrics;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(this.graph.connectTimeout())
			.executor(Executors.newVirtualThreadPerTaskExecutor())
			.build();
	}

	/** Sends one message, and counts and times it by outcome and Graph error code. */
	SendOutcome send(Sender sender, DispatchRequested message) {
		long start = System.nanoTime();
		SendOutcome outcome = call(sender, message);
		this.metrics.sent(sender.phoneNumberId(), outcomeName(outcome), codeOf(outcome), System.nanoTime() - start);
		return outcome;
	}

	private static String outcomeName(SendOutcome outcome) {
		return switch (outcome) {
			case SendOutcome.Accepted accepted -> "accepted";
			case SendOutcome.RetryLater later -> "retry";
			case SendOutcome.Failed failed -> "failed";
			case SendOutcome.SenderProblem problem -> "sender_problem";
			case SendOutcome.CampaignProblem problem -> "campaign_problem";
			case SendOutcome.Unknown unknown -> "unknown";
		};
	}

	private static String codeOf(SendOutcome outcome) {
		return switch (outcome) {
			case SendOutcome.Accepted accepted -> "none";
			case SendOutcome.RetryLater later -> Integer.toString(later.code());
			case SendOutcome.Failed failed -> Integer.toString(failed.code());
			case SendOutcome.SenderProblem problem -> Integer.toString(problem.code());
			case SendOutcome.CampaignProblem problem -> Integer.toString(problem.code());
			case SendOutcome.Unknown unknown -> "unknown";
		};
	}

	private SendOutcome call(Sender sender, DispatchRequested message) {
		SendMessageRequest body = SendMessageRequest.template(message.phone(),
				new SendMessageRequest.Template(message.templateName(),
						new SendMessageRequest.Language(message.languageCode()), message.components()),
				new CallbackData(message.campaignId(), message.recipientId()).encode());
		HttpRequest request = HttpRequest.newBuilder(messagesUri(sender.phoneNumberId()))
			.timeout(this.graph.requestTimeout())
			.header("Authorization", "Bearer " + sender.accessToken())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(this.json.writeValueAsBytes(body)))
			.build();
		HttpResponse<byte[]> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (HttpConnectTimeoutException | ConnectException ex) {
			return new SendOutcome.SenderProblem(CONNECT_FAILURE, "Cannot connect to the Cloud API: " + ex.getMessage(),
					SendOutcome.SenderAction.CONNECTION_FAILURE);
		}
		catch (HttpTimeoutException ex) {
			return new SendOutcome.Unknown("No answer within " + this.graph.requestTimeout());
		}
		catch (IOException ex) {
			return new SendOutcome.Unknown("Connection broken after the request was written: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new SendOutcome.Unknown("Interrupted while waiting for the answer");
		}
		return read(response);
	}

	private SendOutcome read(HttpResponse<byte[]> response) {
		try {
			if (response.statusCode() == 200) {
				SendMessageResponse accepted = this.json.readValue(response.body(), SendMessageResponse.class);
				if (accepted.messages() == null || accepted.messages().isEmpty()) {
					return new SendOutcome.Unknown("A 200 answer without a message id");
				}
				return new SendOutcome.Accepted(accepted.messages().get(0).id());
			}
			return GraphErrors.classify(response.statusCode(), this.json.readValue(response.body(), GraphError.class));
		}
		catch (JacksonException ex) {
			if (response.statusCode() == 200) {
				return new SendOutcome.Unknown("A 200 answer that is not JSON");
			}
			return GraphErrors.classify(response.statusCode(), null);
		}
	}

	private URI messagesUri(String phoneNumberId) {
		String base = this.graph.baseUrl().toString().replaceAll("/+$", "");
		return URI.create(base + "/" + this.graph.apiVersion() + "/" + phoneNumberId + "/messages");
	}

}

package com.wacampaigns.gateway.campaign;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.wacampaigns.gateway.auth.Caller;

/**
 * The campaign endpoints of the seed's clients.
 */
@RestController
class CampaignController {

	private final Campaigns campaigns;

	private final CampaignProgress progress;

	CampaignController(Campaigns campaigns, CampaignProgress progress) {
		this.campaigns = campaigns;
		this.progress = progress;
	}

	@PostMapping({ "/campaigns/create", "/campaigns" })
	ResponseEntity<CampaignView> create(@AuthenticationPrincipal Jwt jwt,
			@Valid @RequestBody CreateCampaignRequest request) {
		CampaignView created = this.campaigns.create(Caller.from(jwt), request);
		return ResponseEntity.created(URI.create("/campaigns/" + created.id())).body(created);
	}

	@GetMapping("/campaigns/{id}")
	CampaignView get(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		return this.campaigns.get(Caller.from(jwt), id);
	}

	/** Live counters as Server-Sent Events until the campaign ends. */
	@GetMapping(path = "/campaigns/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		this.campaigns.get(Caller.from(jwt), id);
		return this.progress.stream(id);
	}

	@PostMapping("/campaigns/{id}/send")
	CampaignView send(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		return this.campaigns.send(Caller.from(jwt), id);
	}

	@PostMapping("/campaigns/{id}/status")
	CampaignView changeStatus(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id,
			@Valid @RequestBody StatusChange change) {
		return this.campaigns.changeStatus(Caller.from(jwt), id, change.status());
	}

	/**
	 * @param status {@code pause}, {@code resume} or {@code stop}
	 */
	record StatusChange(@NotBlank String status) {

	}

}

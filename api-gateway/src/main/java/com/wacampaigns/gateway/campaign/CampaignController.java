package com.wacampaigns.gateway.campaign;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.wacampaigns.gateway.auth.Caller;

/**
 * The campaign endpoints of the seed's clients.
 */
@RestController
class CampaignController {

	private final Campaigns campaigns;

	CampaignController(Campaigns campaigns) {
		this.campaigns = campaigns;
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

	@PostMapping("/campaigns/{id}/send")
	CampaignView send(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		return this.campaigns.send(Caller.from(jwt), id);
	}

}

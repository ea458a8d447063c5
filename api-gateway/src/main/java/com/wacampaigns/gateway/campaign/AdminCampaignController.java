package com.wacampaigns.gateway.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.wacampaigns.common.CampaignAction;
import com.wacampaigns.gateway.auth.Caller;
import com.wacampaigns.gateway.web.ApiException;
import com.wacampaigns.gateway.web.ApiException.FieldError;

/**
 * The admin's view of every user's campaigns ({@code /admin/**} is for the ADMIN role
 * only; see the security configuration): filtered lists, totals, details, recipients, and
 * pause, resume and cancel, one at a time or in bulk, each recorded in the campaign's
 * history with the admin and the reason. Which action a status allows is
 * {@link CampaignAction}'s, as for the owner.
 */
@RestController
class AdminCampaignController {

	private final Campaigns campaigns;

	private final JdbcAdminCampaigns admin;

	AdminCampaignController(Campaigns campaigns, JdbcAdminCampaigns admin) {
		this.campaigns = campaigns;
		this.admin = admin;
	}

	@GetMapping(path = "/admin/campaigns", produces = "application/json")
	Campaigns.Page<JdbcAdminCampaigns.AdminCampaignView> list(@RequestParam(required = false) String status,
			@RequestParam(required = false) String type, @RequestParam(name = "user_id", required = false) UUID userId,
			@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		JdbcAdminCampaigns.Filter filter = new JdbcAdminCampaigns.Filter(Campaigns.campaignStatus(status),
				templateCategory(type), userId, (q == null || q.isBlank()) ? null : q);
		return new Campaigns.Page<>(this.admin.page(filter, page, size), page, size, this.admin.count(filter));
	}

	@GetMapping("/admin/campaigns/stats")
	JdbcAdminCampaigns.Stats stats() {
		return this.admin.stats();
	}

	@GetMapping("/admin/campaigns/{id}")
	JdbcAdminCampaigns.AdminCampaignView get(@PathVariable UUID id) {
		return this.admin.find(id).orElseThrow(() -> ApiException.notFound("No campaign " + id));
	}

	@GetMapping("/admin/campaigns/{id}/targets")
	Campaigns.Page<JdbcCampaignRepository.RecipientView> targets(@AuthenticationPrincipal Jwt jwt,
			@PathVariable UUID id, @RequestParam(required = false) String status,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size) {
		return this.campaigns.recipients(Caller.from(jwt), id, status, page, size);
	}

	@PostMapping("/admin/campaigns/{id}/{action:pause|resume|cancel}")
	JdbcAdminCampaigns.AdminCampaignView act(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id,
			@PathVariable String action, @Valid @RequestBody(required = false) Reason body) {
		this.campaigns.changeStatus(Caller.from(jwt), id, Campaigns.statusChange(action),
				(body != null) ? body.reason() : null);
		return get(id);
	}

	/** The same action on many campaigns; each succeeds or fails on its own. */
	@PostMapping("/admin/campaigns/bulk")
	BulkResult bulk(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody BulkRequest request) {
		Caller caller = Caller.from(jwt);
		CampaignAction action = Campaigns.statusChange(request.action());
		List<BulkResult.Item> results = new ArrayList<>();
		for (UUID id : request.ids()) {
			try {
				CampaignView changed = this.campaigns.changeStatus(caller, id, action, request.reason());
				results.add(new BulkResult.Item(id, true, changed.status().name(), null));
			}
			catch (ApiException ex) {
				Object current = (ex.getBody().getProperties() != null)
						? ex.getBody().getProperties().get("current_status") : null;
				results.add(new BulkResult.Item(id, false, (current != null) ? current.toString() : null,
						ex.getBody().getDetail()));
			}
		}
		return new BulkResult(results);
	}

	private static String templateCategory(String type) {
		if (type == null || type.isBlank()) {
			return null;
		}
		String category = type.toUpperCase(Locale.ROOT);
		if (!Set.of("MARKETING", "UTILITY", "AUTHENTICATION").contains(category)) {
			throw ApiException.invalid("Unknown campaign type",
					List.of(new FieldError("type", type, "must be one of MARKETING, UTILITY, AUTHENTICATION")));
		}
		return category;
	}

	record Reason(@Size(max = 500) String reason) {

	}

	/**
	 * @param action {@code pause}, {@code resume} or {@code cancel}
	 */
	record BulkRequest(@NotNull @Pattern(regexp = "pause|resume|cancel") String action,
			@NotEmpty @Size(max = 500) List<@NotNull UUID> ids, @Size(max = 500) String reason) {

	}

	/**
	 * @param results one per id, in the order asked
	 */
	record BulkResult(List<Item> results) {

		/**
		 * @param status the campaign's status after the action (or as it is, when
		 * refused)
		 * @param error why it was refused
		 */
		record Item(UUID id, boolean ok, String status, String error) {

		}

	}

}

package com.wacampaigns.gateway.campaign;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.wacampaigns.common.CampaignAction;
import com.wacampaigns.common.CampaignStatus;

/**
 * The campaign life cycle as {@code GET /campaigns/lifecycle} shows it, read from
 * {@link CampaignStatus} and {@link CampaignAction} so that clients need not restate it.
 *
 * @param statuses by status name, in life-cycle order
 * @param actions by action word ({@code send}, {@code pause}, ..., {@code retry-failed})
 */
record CampaignLifecycle(Map<String, StatusRules> statuses, Map<String, ActionRules> actions) {

	static CampaignLifecycle describe() {
		Map<String, StatusRules> statuses = new LinkedHashMap<>();
		for (CampaignStatus status : CampaignStatus.values()) {
			statuses.put(status.name(), new StatusRules(List.copyOf(status.next()), CampaignAction.allowedIn(status),
					status.isTerminal(), status.isFinished()));
		}
		Map<String, ActionRules> actions = new LinkedHashMap<>();
		for (CampaignAction action : CampaignAction.values()) {
			actions.put(action.word(), new ActionRules(List.copyOf(action.allowedFrom())));
		}
		return new CampaignLifecycle(statuses, actions);
	}

	/**
	 * @param next the statuses it may become, by anyone (users, admins, the feeder, the
	 * dispatcher, the status ingestor)
	 * @param allowedActions what users may do in it
	 * @param terminal nothing changes it any more
	 * @param finished nothing is sent in it any more, unless failures of a COMPLETED
	 * campaign are retried
	 */
	record StatusRules(List<CampaignStatus> next, List<CampaignAction> allowedActions, boolean terminal,
			boolean finished) {

	}

	record ActionRules(List<CampaignStatus> allowedFrom) {

	}

}

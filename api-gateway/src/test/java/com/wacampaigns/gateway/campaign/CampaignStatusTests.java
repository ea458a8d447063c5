package com.wacampaigns.gateway.campaign;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import com.wacampaigns.common.CampaignAction;
import com.wacampaigns.common.CampaignStatus;

import static com.wacampaigns.common.CampaignAction.CANCEL;
import static com.wacampaigns.common.CampaignAction.DELETE;
import static com.wacampaigns.common.CampaignAction.PAUSE;
import static com.wacampaigns.common.CampaignAction.RESUME;
import static com.wacampaigns.common.CampaignAction.RETRY_FAILED;
import static com.wacampaigns.common.CampaignAction.SEND;
import static com.wacampaigns.common.CampaignAction.STOP;
import static com.wacampaigns.common.CampaignStatus.COMPLETED;
import static com.wacampaigns.common.CampaignStatus.DRAFT;
import static com.wacampaigns.common.CampaignStatus.FAILED;
import static com.wacampaigns.common.CampaignStatus.PAUSED;
import static com.wacampaigns.common.CampaignStatus.RUNNING;
import static com.wacampaigns.common.CampaignStatus.SCHEDULED;
import static com.wacampaigns.common.CampaignStatus.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The campaign life cycle's one table: {@link CampaignStatus} transitions and the
 * statuses each {@link CampaignAction} is allowed from.
 */
class CampaignStatusTests {

	@Test
	void shouldMoveOnlyAlongTheLegalTransitions() {
		assertThat(DRAFT.next()).containsExactly(SCHEDULED, RUNNING, COMPLETED, STOPPED);
		assertThat(SCHEDULED.next()).containsExactly(RUNNING, PAUSED, COMPLETED, STOPPED);
		assertThat(RUNNING.next()).containsExactly(PAUSED, COMPLETED, STOPPED);
		assertThat(PAUSED.next()).containsExactly(SCHEDULED, RUNNING, COMPLETED, STOPPED);
		assertThat(COMPLETED.next()).as("only retrying failures revives it").containsExactly(RUNNING);
		assertThat(STOPPED.next()).isEmpty();
		assertThat(FAILED.next()).isEmpty();
		for (CampaignStatus status : CampaignStatus.values()) {
			assertThat(status.canBecome(status)).as(status + " is not a transition to itself").isFalse();
			assertThat(status.canBecome(DRAFT)).as("nothing goes back to DRAFT").isFalse();
		}
	}

	@Test
	void shouldAllowEachActionOnlyFromItsStatuses() {
		assertThat(SEND.allowedFrom()).containsExactly(DRAFT);
		assertThat(PAUSE.allowedFrom()).containsExactly(SCHEDULED, RUNNING);
		assertThat(RESUME.allowedFrom()).containsExactly(PAUSED);
		assertThat(STOP.allowedFrom()).containsExactly(DRAFT, SCHEDULED, RUNNING, PAUSED);
		assertThat(CANCEL.allowedFrom()).containsExactly(DRAFT, SCHEDULED, RUNNING, PAUSED);
		assertThat(RETRY_FAILED.allowedFrom()).containsExactly(RUNNING, PAUSED, COMPLETED);
		assertThat(DELETE.allowedFrom()).containsExactly(DRAFT);
	}

	@Test
	void shouldListTheActionsOfEachStatus() {
		assertThat(CampaignAction.allowedIn(DRAFT)).containsExactly(SEND, STOP, CANCEL, DELETE);
		assertThat(CampaignAction.allowedIn(SCHEDULED)).containsExactly(PAUSE, STOP, CANCEL);
		assertThat(CampaignAction.allowedIn(RUNNING)).containsExactly(PAUSE, STOP, CANCEL, RETRY_FAILED);
		assertThat(CampaignAction.allowedIn(PAUSED)).containsExactly(RESUME, STOP, CANCEL, RETRY_FAILED);
		assertThat(CampaignAction.allowedIn(COMPLETED)).containsExactly(RETRY_FAILED);
	}

	@Test
	void shouldAllowNothingInTerminalStatuses() {
		for (CampaignStatus status : CampaignStatus.values()) {
			assertThat(status.isTerminal()).as(status.name()).isEqualTo(status == STOPPED || status == FAILED);
		}
		assertThat(CampaignAction.allowedIn(STOPPED)).isEmpty();
		assertThat(CampaignAction.allowedIn(FAILED)).isEmpty();
		assertThat(EnumSet.allOf(CampaignStatus.class)).filteredOn(CampaignStatus::isFinished)
			.containsExactly(COMPLETED, STOPPED, FAILED);
	}

	@Test
	void shouldLeadEveryAllowedActionToALegalTransition() {
		for (CampaignStatus from : SEND.allowedFrom()) {
			assertThat(from.next()).contains(SCHEDULED, RUNNING, COMPLETED);
		}
		for (CampaignStatus from : PAUSE.allowedFrom()) {
			assertThat(from.canBecome(PAUSED)).as("pause " + from).isTrue();
		}
		for (CampaignStatus from : RESUME.allowedFrom()) {
			assertThat(from.next()).as("resume " + from).contains(SCHEDULED, RUNNING, COMPLETED);
		}
		for (CampaignStatus from : EnumSet.of(DRAFT, SCHEDULED, RUNNING, PAUSED)) {
			assertThat(from.canBecome(STOPPED)).as("stop " + from).isTrue();
		}
		assertThat(COMPLETED.canBecome(RUNNING)).as("retry-failed revives a COMPLETED campaign").isTrue();
	}

	@Test
	void shouldNameActionsWithTheApisWords() {
		assertThat(CampaignAction.values()).extracting(CampaignAction::word)
			.containsExactly("send", "pause", "resume", "stop", "cancel", "retry-failed", "delete");
		assertThat(CampaignAction.ofWord(" Pause ")).contains(PAUSE);
		assertThat(CampaignAction.ofWord("retry-failed")).contains(RETRY_FAILED);
		assertThat(CampaignAction.ofWord("explode")).isEmpty();
		assertThat(CampaignAction.ofWord(null)).isEmpty();
		assertThat(JsonMapper.builder().build().writeValueAsString(CampaignAction.allowedIn(PAUSED)))
			.isEqualTo("[\"resume\",\"stop\",\"cancel\",\"retry-failed\"]");
	}

	@Test
	void shouldDescribeTheWholeLifecycleForClients() {
		CampaignLifecycle lifecycle = CampaignLifecycle.describe();

		assertThat(lifecycle.statuses()).containsOnlyKeys("DRAFT", "SCHEDULED", "RUNNING", "PAUSED", "COMPLETED",
				"STOPPED", "FAILED");
		assertThat(lifecycle.statuses().get("PAUSED").allowedActions()).containsExactly(RESUME, STOP, CANCEL,
				RETRY_FAILED);
		assertThat(lifecycle.statuses().get("STOPPED").terminal()).isTrue();
		assertThat(lifecycle.actions().get("retry-failed").allowedFrom()).containsExactly(RUNNING, PAUSED, COMPLETED);
	}

}

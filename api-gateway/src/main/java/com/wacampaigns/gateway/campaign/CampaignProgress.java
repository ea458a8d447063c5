package com.wacampaigns.gateway.campaign;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live progress of a campaign as Server-Sent Events: a {@code progress} event with the
 * counters whenever they changed, at most every half second, and an {@code end} event
 * when the campaign is finished (COMPLETED, STOPPED, FAILED). One virtual thread per
 * watcher reads the campaign row (the counters are kept there, so this never counts
 * recipients).
 */
@Component
class CampaignProgress {

	private static final Logger log = LoggerFactory.getLogger(CampaignProgress.class);

	static final Duration INTERVAL = Duration.ofMillis(500);

	private static final Duration STREAM_LIFETIME = Duration.ofHours(1);

	private final JdbcCampaignRepository repository;

	CampaignProgress(JdbcCampaignRepository repository) {
		this.repository = repository;
	}

	SseEmitter stream(UUID campaignId) {
		SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
		Thread.ofVirtual().name("progress-" + campaignId).start(() -> watch(campaignId, emitter));
		return emitter;
	}

	private void watch(UUID campaignId, SseEmitter emitter) {
		CampaignView last = null;
		long deadline = System.nanoTime() + STREAM_LIFETIME.toNanos();
		try {
			while (System.nanoTime() < deadline) {
				CampaignView now = this.repository.find(campaignId).orElse(null);
				if (now == null) {
					break;
				}
				if (!now.equals(last)) {
					emitter.send(SseEmitter.event().name("progress").id(Long.toString(System.nanoTime())).data(now));
					last = now;
				}
				if (now.status().isFinished()) {
					emitter.send(SseEmitter.event().name("end").data(now));
					break;
				}
				Thread.sleep(INTERVAL);
			}
			emitter.complete();
		}
		catch (IOException | IllegalStateException ex) {
			log.debug("Progress watcher of campaign {} left: {}", campaignId, ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			emitter.complete();
		}
	}

}

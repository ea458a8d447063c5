package com.wacampaigns.gateway.template;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import com.wacampaigns.gateway.template.JdbcWabaTemplates.Stored;

/**
 * What a template's new status, as Meta reports it (a webhook, or the list a sync reads),
 * does to the campaigns that send it: a PAUSED or DISABLED template pauses them (Meta
 * would refuse each send with 132015 or 132016), and its reinstatement resumes those it
 * paused. A new quality rating or category changes no campaign, but is written in the
 * history of each one on the template, so that its owner sees why results may change.
 * Called in the transaction that stores the news.
 */
@Component
class TemplateStatusEffects {

	private static final Logger log = LoggerFactory.getLogger(TemplateStatusEffects.class);

	private final JdbcTemplateCampaigns campaigns;

	TemplateStatusEffects(JdbcTemplateCampaigns campaigns) {
		this.campaigns = campaigns;
	}

	/**
	 * @param quality Meta's new rating: GREEN, YELLOW, RED or UNKNOWN
	 */
	void rated(Stored template, String quality) {
		if (quality.equals(template.qualityScore()) || template.qualityScore() == null && "UNKNOWN".equals(quality)) {
			return;
		}
		String reason = "Meta rated template '" + template.name() + "' " + quality
				+ ((template.qualityScore() != null) ? " (was " + template.qualityScore() + ")" : "")
				+ ("RED".equals(quality) ? ": Meta pauses a template that stays RED, and then disables it" : "");
		int noted = this.campaigns.note(template.id(), "template_quality", reason);
		log.info("Template {} ({} {}) rated {}; noted in {} campaigns", template.id(), template.name(),
				template.language(), quality, noted);
	}

	/**
	 * @param category Meta's new category: MARKETING, UTILITY or AUTHENTICATION
	 */
	void recategorised(Stored template, String category) {
		if (category.equals(template.category())) {
			return;
		}
		int noted = this.campaigns.note(template.id(), "template_category", "Meta moved template '" + template.name()
				+ "' from " + template.category() + " to " + category + ": it is priced as such");
		log.info("Template {} ({} {}) moved to {}; noted in {} campaigns", template.id(), template.name(),
				template.language(), category, noted);
	}

	/**
	 * @param why Meta's words on the change, or {@code null}
	 */
	void changed(Stored template, String status, String why) {
		if (status.equals(template.status())) {
			return;
		}
		String because = (why != null) ? " (" + why + ")" : "";
		log.info("Template {} ({} {}) went from {} to {}{}", template.id(), template.name(), template.language(),
				template.status(), status, because);
		if ("PAUSED".equals(status) || "DISABLED".equals(status)) {
			int paused = this.campaigns.pause(template.id(), "Meta " + ("PAUSED".equals(status) ? "paused" : "disabled")
					+ " template '" + template.name() + "'" + because);
			log.warn("Paused {} campaigns of template {}: Meta set it {}", paused, template.id(), status);
		}
		else if ("APPROVED".equals(status)
				&& ("PAUSED".equals(template.status()) || "DISABLED".equals(template.status()))) {
			int resumed = this.campaigns.resume(template.id(),
					"Meta reinstated template '" + template.name() + "'" + because);
			log.info("Resumed {} campaigns of template {}: Meta reinstated it", resumed, template.id());
		}
	}

}

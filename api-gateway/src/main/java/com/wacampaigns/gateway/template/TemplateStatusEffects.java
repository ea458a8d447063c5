package com.wacampaigns.gateway.template;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import com.wacampaigns.gateway.template.JdbcWabaTemplates.Stored;

/**
 * What a template's new status, as Meta reports it (a webhook, or the list a sync reads),
 * does to the campaigns that send it: a PAUSED or DISABLED template pauses them (Meta
 * would refuse each send with 132015 or 132016), and its reinstatement resumes those it
 * paused. Called in the transaction that stores the new status.
 */
@Component
class TemplateStatusEffects {

	private static final Logger log = LoggerFactory.getLogger(TemplateStatusEffects.class);

	private final JdbcTemplateCampaigns campaigns;

	TemplateStatusEffects(JdbcTemplateCampaigns campaigns) {
		this.campaigns = campaigns;
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

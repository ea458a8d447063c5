package com.wacampaigns.gateway.template;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import com.wacampaigns.common.events.TemplateEventReported;
import com.wacampaigns.gateway.template.JdbcWabaTemplates.Stored;

/**
 * Applies Meta's template webhooks to the stored templates: a new status (with the
 * rejection reason), quality score or category. A template is found by Meta's id, else by
 * name and language; one the gateway does not know, or an event that does not say the new
 * status, has its account synced instead. Applying an event twice changes nothing more.
 */
@Component
class TemplateUpdates {

	private static final Logger log = LoggerFactory.getLogger(TemplateUpdates.class);

	private final JdbcWabaTemplates templates;

	private final TemplateSync sync;

	private final TemplateStatusEffects effects;

	TemplateUpdates(JdbcWabaTemplates templates, TemplateSync sync, TemplateStatusEffects effects) {
		this.templates = templates;
		this.sync = sync;
		this.effects = effects;
	}

	void apply(List<TemplateEventReported> events) {
		Set<String> toSync = new LinkedHashSet<>();
		for (TemplateEventReported event : events) {
			if (!applied(event)) {
				toSync.add(event.wabaId());
			}
		}
		for (String wabaId : toSync) {
			resync(wabaId);
		}
	}

	/**
	 * @return false when Meta's list must say what became of the template
	 */
	private boolean applied(TemplateEventReported event) {
		Stored template = this.templates
			.forEvent(event.wabaId(), event.metaTemplateId(), event.name(), event.language())
			.orElse(null);
		if (template == null) {
			log.info("Meta's {} names template {} ({} {}) of WhatsApp Business Account {}, unknown here; syncing",
					event.field().webhookField(), event.metaTemplateId(), event.name(), event.language(),
					event.wabaId());
			return false;
		}
		return switch (event.field()) {
			case MESSAGE_TEMPLATE_STATUS_UPDATE -> applyStatus(template, event);
			case MESSAGE_TEMPLATE_QUALITY_UPDATE -> {
				if (event.newQuality() != null) {
					String quality = event.newQuality().toUpperCase(Locale.ROOT);
					this.templates.setQuality(template.id(), quality);
					this.effects.rated(template, quality);
				}
				yield true;
			}
			case TEMPLATE_CATEGORY_UPDATE -> {
				// Without new_category the update is only announced for later.
				String category = (event.newCategory() != null) ? event.newCategory().toUpperCase(Locale.ROOT) : null;
				if (category != null && TemplateStatuses.CATEGORIES.contains(category)) {
					this.templates.setCategory(template.id(), category);
					this.effects.recategorised(template, category);
				}
				yield true;
			}
		};
	}

	private boolean applyStatus(Stored template, TemplateEventReported event) {
		return switch (TemplateStatuses.afterEvent(event.event())) {
			case TemplateStatuses.Change.To(String status) -> {
				// A rejection says why; an approval clears the reason; a pause keeps it.
				boolean rejected = "REJECTED".equals(status);
				boolean keepReason = !rejected && !"APPROVED".equals(status);
				this.templates.setStatus(template.id(), status, keepReason, rejected ? event.reason() : null);
				this.effects.changed(template, status, event.detail());
				yield true;
			}
			case TemplateStatuses.Change.Unchanged() -> {
				log.info("Template {} ({} {}): Meta reports {}{}", template.id(), template.name(), template.language(),
						event.event(), (event.detail() != null) ? " (" + event.detail() + ")" : "");
				yield true;
			}
			case TemplateStatuses.Change.AskMeta() -> false;
		};
	}

	/**
	 * A failed sync is not the event's fault: it is logged, and the periodic sync brings
	 * the template later.
	 */
	private void resync(String wabaId) {
		try {
			if (this.sync.sync(wabaId) instanceof SyncOutcome.Failed failed) {
				log.warn("WhatsApp Business Account {} could not be synced after Meta's template webhook: {}", wabaId,
						failed.problem());
			}
		}
		catch (RuntimeException ex) {
			log.warn("WhatsApp Business Account {} could not be synced after Meta's template webhook", wabaId, ex);
		}
	}

}

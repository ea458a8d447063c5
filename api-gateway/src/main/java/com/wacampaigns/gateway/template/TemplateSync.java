package com.wacampaigns.gateway.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.wacampaigns.common.crypto.SecretCipher;
import com.wacampaigns.common.graph.MessageTemplate;
import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.template.GraphTemplates.GraphProblem;
import com.wacampaigns.gateway.template.GraphTemplates.Listed;
import com.wacampaigns.gateway.template.JdbcWabaTemplates.Stored;
import com.wacampaigns.gateway.template.JdbcWabaTemplates.SyncedTemplate;

/**
 * Makes the gateway's templates of a WhatsApp Business Account what Meta lists: new ones
 * added, changed ones updated, and the ones Meta no longer lists marked DELETED (kept,
 * since campaigns and their history name them). A listed template is matched by Meta's
 * id, else by name and language (a template deleted and created again at Meta). Meta's
 * list is read first and stored in one transaction, under a lock of the account.
 */
@Component
public class TemplateSync {

	private static final Logger log = LoggerFactory.getLogger(TemplateSync.class);

	/** {@code {{1}}} or {@code {{first_name}}}, as Meta writes variables. */
	private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");

	private final GraphTemplates graph;

	private final JdbcWabaTemplates templates;

	private final TemplateStatusEffects effects;

	private final TransactionTemplate transaction;

	private final SecretCipher cipher;

	TemplateSync(GraphTemplates graph, JdbcWabaTemplates templates, TransactionTemplate transaction,
			TemplateStatusEffects effects, GatewayProperties properties) {
		this.graph = graph;
		this.templates = templates;
		this.transaction = transaction;
		this.effects = effects;
		this.cipher = new SecretCipher(properties.tokenEncryptionKey());
	}

	/**
	 * Syncs the account with a token just checked, as the connection of a number does
	 * before anything else knows the number.
	 * @return the counts, or why Meta's list could not be had; a database failure is
	 * thrown
	 */
	public SyncOutcome sync(String wabaId, String accessToken) {
		List<Listed> listed;
		try {
			listed = this.graph.all(wabaId, accessToken);
		}
		catch (GraphProblem ex) {
			log.warn("The templates of WhatsApp Business Account {} could not be synced: {}", wabaId, ex.getMessage());
			return new SyncOutcome.Failed(wabaId, ex.getMessage());
		}
		SyncOutcome.Synced synced = this.transaction.execute((status) -> store(wabaId, listed));
		log.info("Synced the templates of WhatsApp Business Account {}: {} listed, {} added, {} updated, {} deleted",
				wabaId, synced.listed(), synced.added(), synced.updated(), synced.deleted());
		return synced;
	}

	/** Syncs the account with the stored token of one of its numbers. */
	SyncOutcome sync(String wabaId) {
		try {
			return sync(wabaId, accessTokenOf(wabaId));
		}
		catch (NoAccessToken ex) {
			return new SyncOutcome.Failed(wabaId, ex.getMessage());
		}
	}

	/**
	 * The stored token of a number of the account, a connected one's first.
	 * @throws NoAccessToken when no number has one that can be read
	 */
	String accessTokenOf(String wabaId) {
		return accessTokenOf(wabaId, null);
	}

	/**
	 * The stored token of one of this user's numbers of the account (any user's for
	 * {@code null}).
	 * @throws NoAccessToken when no such number has one that can be read
	 */
	String accessTokenOf(String wabaId, UUID userId) {
		String stored = this.templates.accessTokenOf(wabaId, userId)
			.orElseThrow(() -> new NoAccessToken(
					"No number of this account has a stored access token: connect one again (POST /whatsapp/connect)"));
		try {
			return this.cipher.decrypt(stored);
		}
		catch (RuntimeException ex) {
			log.warn("The stored access token of a number of WhatsApp Business Account {} could not be decrypted",
					wabaId, ex);
			throw new NoAccessToken("The stored access token could not be read: connect a number again");
		}
	}

	/** No token to ask Meta with; the message says what to do. */
	static final class NoAccessToken extends RuntimeException {

		NoAccessToken(String message) {
			super(message);
		}

	}

	/** Every account that a number was connected with. */
	List<String> accounts() {
		return this.templates.accounts();
	}

	/** The accounts of the user's numbers. */
	List<String> accountsOf(UUID userId) {
		return this.templates.accountsOf(userId);
	}

	private SyncOutcome.Synced store(String wabaId, List<Listed> listed) {
		this.templates.lockAccount(wabaId);
		Map<String, Stored> byMetaId = new HashMap<>();
		Map<String, Stored> byNameAndLanguage = new HashMap<>();
		for (Stored stored : this.templates.ofAccount(wabaId)) {
			if (stored.metaTemplateId() != null) {
				byMetaId.put(stored.metaTemplateId(), stored);
			}
			byNameAndLanguage.put(stored.name() + "\n" + stored.language(), stored);
		}
		Set<Long> kept = new HashSet<>();
		int added = 0;
		int updated = 0;
		int skipped = 0;
		for (Listed template : distinct(listed)) {
			MessageTemplate meta = template.template();
			Stored stored = Optional.ofNullable(byMetaId.get(meta.id()))
				.orElse(byNameAndLanguage.get(meta.name() + "\n" + meta.language()));
			Optional<SyncedTemplate> columns = columns(template);
			if (stored != null) {
				kept.add(stored.id());
			}
			if (columns.isEmpty()) {
				log.warn("Template {} ({} {}) of WhatsApp Business Account {} is {} in category {}; left as it was",
						meta.id(), meta.name(), meta.language(), wabaId, meta.status(), meta.category());
				skipped++;
			}
			else if (stored == null) {
				kept.add(this.templates.insert(wabaId, columns.get()));
				added++;
			}
			else if (this.templates.update(stored.id(), columns.get())) {
				updated++;
				// A lost webhook's news comes with the list: the campaigns follow it too.
				this.effects.changed(stored, columns.get().status(), null);
				if (columns.get().qualityScore() != null) {
					this.effects.rated(stored, columns.get().qualityScore());
				}
				this.effects.recategorised(stored, columns.get().category());
			}
		}
		this.templates.markSynced(kept);
		int deleted = this.templates.markDeletedExcept(wabaId, kept);
		return new SyncOutcome.Synced(wabaId, listed.size(), added, updated, deleted, skipped);
	}

	/** Pages that moved while they were read may list a template twice. */
	private static List<Listed> distinct(List<Listed> listed) {
		Map<String, Listed> byId = new LinkedHashMap<>();
		List<Listed> withoutId = new ArrayList<>();
		for (Listed template : listed) {
			if (template.template().id() != null) {
				byId.put(template.template().id(), template);
			}
			else {
				withoutId.add(template);
			}
		}
		List<Listed> distinct = new ArrayList<>(byId.values());
		distinct.addAll(withoutId);
		return distinct;
	}

	/**
	 * The columns of a listed template, or empty when the schema cannot take it: no id,
	 * name or language, or a status or category Meta added after this code was written.
	 */
	static Optional<SyncedTemplate> columns(Listed listed) {
		MessageTemplate template = listed.template();
		String status = upper(template.status());
		String category = upper(template.category());
		if (template.id() == null || template.name() == null || template.language() == null
				|| !TemplateStatuses.OF_META.contains(status) || !TemplateStatuses.CATEGORIES.contains(category)) {
			return Optional.empty();
		}
		String body = bodyText(template.components());
		String format = (template.parameterFormat() != null) ? upper(template.parameterFormat()) : "POSITIONAL";
		return Optional.of(new SyncedTemplate(template.id(), template.name(), template.language(), category,
				template.subCategory(), status, body, parameterCount(body), format,
				(template.qualityScore() != null) ? template.qualityScore().score() : null, template.rejectedReason(),
				listed.components()));
	}

	private static String bodyText(List<MessageTemplate.Component> components) {
		if (components == null) {
			return "";
		}
		return components.stream()
			.filter((component) -> "BODY".equalsIgnoreCase(component.type()) && component.text() != null)
			.map(MessageTemplate.Component::text)
			.findFirst()
			.orElse("");
	}

	/**
	 * The values a send of the body takes: {@code {{1}}}..{@code {{n}}} take n, as the
	 * campaign path reads them; named variables take one each.
	 */
	static int parameterCount(String body) {
		Matcher variable = VARIABLE.matcher(body);
		TreeSet<Integer> positions = new TreeSet<>();
		Set<String> names = new HashSet<>();
		while (variable.find()) {
			String name = variable.group(1);
			if (name.length() <= 4 && name.chars().allMatch(Character::isDigit)) {
				positions.add(Integer.parseInt(name));
			}
			else {
				names.add(name);
			}
		}
		return (positions.isEmpty() ? 0 : positions.last()) + names.size();
	}

	private static String upper(String value) {
		return (value != null) ? value.toUpperCase(Locale.ROOT) : "";
	}

}

package com.wacampaigns.gateway.sender;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import com.wacampaigns.common.MessagingTier;
import com.wacampaigns.common.crypto.SecretCipher;
import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.GatewayProperties.Senders.QualityRedPolicy;
import com.wacampaigns.gateway.sender.GraphNumberCheck.Checked;
import com.wacampaigns.gateway.sender.JdbcSenderRepository.SenderRow;

/**
 * Meta's limits on each number, as the gateway keeps them: read from Meta at connect,
 * again every {@code gateway.senders.limits-refresh-interval} and whenever Meta's
 * webhooks say they changed. A number whose quality rating turns RED has its running
 * MARKETING campaigns paused (or slowed to half their rate: {@code
 * gateway.senders.on-quality-red}), with the reason in their history: Meta lowers the
 * messaging limit of a portfolio whose numbers stay RED.
 */
@Component
class SenderLimits {

	private static final Logger log = LoggerFactory.getLogger(SenderLimits.class);

	private final JdbcSenderRepository senders;

	private final GraphNumberCheck graph;

	private final SecretCipher cipher;

	private final QualityRedPolicy onQualityRed;

	SenderLimits(JdbcSenderRepository senders, GraphNumberCheck graph, GatewayProperties properties) {
		this.senders = senders;
		this.graph = graph;
		this.cipher = new SecretCipher(properties.tokenEncryptionKey());
		this.onQualityRed = properties.senders().onQualityRed();
	}

	/**
	 * Keeps what Meta said of a number and acts on a change of its quality rating.
	 * @param before the number as it was stored before
	 * @param businessId its portfolio, or {@code null} when not known now
	 */
	void store(SenderRow before, String businessId, NumberLimits limits) {
		// A tier this version does not know is kept as Meta wrote it: the budget keeps to
		// the lowest for it.
		String tier = MessagingTier.parse(limits.messagingTier())
			.map(MessagingTier::name)
			.orElse(limits.messagingTier());
		NumberLimits normalised = new NumberLimits(tier, limits.qualityRating(), limits.throughputLevel());
		String qualityBefore = this.senders.setLimits(before.id(), businessId, normalised);
		// The rating as it was under the row's lock: of two gateways applying the same
		// news, one sees the change.
		if ("RED".equals(normalised.qualityRating()) && !"RED".equals(qualityBefore)) {
			qualityTurnedRed(before);
		}
		if (!Objects.equals(before.messagingTier(), normalised.messagingTier()) && normalised.messagingTier() != null) {
			log.info("Number {}: messaging limit {} (was {})", before.phoneNumberId(), normalised.messagingTier(),
					before.messagingTier());
		}
	}

	/**
	 * Reads a number's limits from Meta again.
	 * @return whether Meta answered
	 */
	boolean refresh(SenderRow sender) {
		if (sender.accessTokenEncrypted() == null) {
			return false;
		}
		String token;
		try {
			token = this.cipher.decrypt(sender.accessTokenEncrypted());
		}
		catch (RuntimeException ex) {
			log.warn("The stored access token of number {} could not be decrypted", sender.phoneNumberId(), ex);
			return false;
		}
		Checked checked = this.graph.check(sender.phoneNumberId(), token);
		if (checked.problem() != null) {
			log.warn("The limits of number {} could not be read: {}", sender.phoneNumberId(), checked.problem());
			return false;
		}
		String businessId = (sender.businessId() == null && sender.wabaId() != null)
				? this.graph.portfolioOf(sender.wabaId(), token).orElse(null) : null;
		store(sender, businessId, checked.limits());
		return true;
	}

	/**
	 * After Meta's webhook about an account: its portfolio's messaging limit, when the
	 * webhook gave it, then every number of the account read again.
	 * @param messagingTier the limit the webhook named, or {@code null}
	 */
	void refreshAccount(String wabaId, String messagingTier) {
		if (messagingTier != null) {
			int numbers = this.senders.setTierOfAccount(wabaId, messagingTier);
			log.info("WhatsApp Business Account {}: messaging limit {} for {} numbers, as Meta's webhook says", wabaId,
					messagingTier, numbers);
		}
		for (SenderRow sender : this.senders.ofAccount(wabaId)) {
			if ("CONNECTED".equals(sender.status())) {
				refresh(sender);
			}
		}
	}

	/** Every connected number's limits, read again. */
	void refreshAll() {
		for (SenderRow sender : this.senders.connected()) {
			refresh(sender);
		}
	}

	private void qualityTurnedRed(SenderRow sender) {
		String reason = "Meta rated number " + sender.displayPhoneNumber() + " RED for quality";
		switch (this.onQualityRed) {
			case PAUSE -> {
				int paused = this.senders.pauseMarketingCampaigns(sender.id(),
						reason + ": its marketing campaigns are paused; resume them when its quality recovers");
				log.warn("{}: paused {} marketing campaigns", reason, paused);
			}
			case HALVE -> {
				int slowed = this.senders.halveMarketingCampaigns(sender.id());
				log.warn("{}: halved the rate of {} marketing campaigns", reason, slowed);
			}
		}
	}

}

// The admin's details dialog of one campaign: every field, its owner and template, the
// actions its status allows and its history.

import { api } from '../api.js';
import { badge, byId, el, formatDate, formatNumber, progressBar, setText } from '../ui.js';
import { actionButtons } from './admin-actions.js';
import { Modal } from './dialog.js';
import { CampaignHistory } from './history.js';

export class AdminDetails {
  #root;
  #modal;
  #history;
  #onError;
  #campaignId = null;
  #campaign = null;

  /**
   * onAction(action, campaign, button) runs a button's action, "targets" included;
   * onError(error, box) reports a failure in the dialog's problem box.
   */
  constructor(root, { onAction, onError }) {
    this.#root = root;
    this.#onError = onError;
    this.#modal = new Modal(root, {
      closeButton: byId('details-close', root),
      problem: byId('details-problem', root),
      onClose: () => {
        this.#campaignId = null;
        this.#history.clear();
      },
    });
    this.#history = new CampaignHistory(
      { list: byId('details-history', root), empty: byId('details-history-empty', root) },
      (error) => onError(error, this.problem),
    );
    byId('details-actions', root).addEventListener('click', async (event) => {
      const button = event.target.closest('button[data-action]');
      const campaign = this.#campaign;
      if (!button || !campaign) return;
      await onAction(button.dataset.action, campaign, button);
      // The action is in the history now, with its reason; "targets" closed the dialog instead.
      if (this.#modal.isOpen) this.#history.refresh();
    });
  }

  get problem() {
    return this.#modal.problem;
  }

  shows(campaignId) {
    return this.#campaignId !== null && this.#campaignId === campaignId;
  }

  /** Opens the dialog with what the list knows, then adds what only the details have. */
  async show(campaign) {
    const id = campaign.id;
    this.#campaignId = id;
    this.update(campaign);
    this.#history.clear();
    this.#modal.open();
    try {
      const details = await api(`/admin/campaigns/${encodeURIComponent(id)}`);
      if (this.#campaignId === id) this.update({ ...campaign, ...details });
    } catch (error) {
      this.#onError(error, this.problem);
    }
    if (this.#campaignId === id) this.#history.show(id);
  }

  update(campaign) {
    const root = this.#root;
    this.#campaign = campaign;
    setText('details-title', campaign.name || '(unnamed)', root);
    const fact = (term, value) =>
      el('div', {}, el('dt', { text: term }), el('dd', {}, value instanceof Node ? value : String(value ?? '—')));
    byId('details-fields', root).replaceChildren(
      fact('ID', campaign.id),
      fact('Status', badge(campaign.status)),
      fact('Status reason', campaign.status_reason || '—'),
      fact('Type', campaign.type ? badge(campaign.type, 'type') : '—'),
      fact('User', `${campaign.username || '—'} (${campaign.user_id || '—'})`),
      fact('Template', `${campaign.template_name || '—'} (#${campaign.template_id ?? '—'})`),
      fact('Sender', campaign.sender_id || '—'),
      fact('Description', campaign.description || '—'),
      fact('Progress', progressBar(campaign.progress, 'Campaign progress')),
      fact('Recipients', formatNumber(campaign.total_recipients)),
      fact('Sent', formatNumber(campaign.sent)),
      fact('Delivered', formatNumber(campaign.delivered)),
      fact('Read', formatNumber(campaign.read)),
      fact('Failed', formatNumber(campaign.failed)),
      fact('Pending', formatNumber(campaign.pending)),
      fact('Skipped', formatNumber(campaign.skipped)),
      fact('Rate limit', `${formatNumber(campaign.rate_limit)} messages/s`),
      fact('Max workers', formatNumber(campaign.max_workers)),
      fact('Scheduled', formatDate(campaign.scheduled_at)),
      fact('Created', formatDate(campaign.created_at)),
      fact('Updated', formatDate(campaign.updated_at)),
      fact('Started', formatDate(campaign.started_at)),
      fact('Completed', formatDate(campaign.completed_at)),
    );
    byId('details-actions', root).replaceChildren(...actionButtons(campaign, ['targets']));
  }

  close() {
    this.#modal.close();
  }
}

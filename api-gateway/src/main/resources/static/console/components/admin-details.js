// The admin's details dialog of one campaign: every field, its owner and template, the
// actions its status allows and its history.

import { api } from '../api.js';
import { badge, el, formatNumber, progressBar, setText } from '../ui.js';
import { actionButtons } from './admin-actions.js';
import { CampaignDialog } from './campaign-dialog.js';
import { COUNTERS, isWaiting, settings, waitingUntilText } from './campaign-parts.js';

const SETTINGS = settings('rate', 'workers', 'quiet-hours', 'scheduled', 'created', 'updated', 'started', 'completed');

export class AdminDetails {
  #dialog;
  #fields;
  #actions;

  /**
   * onAction(action, campaign, button) runs a button's action, "targets" included;
   * onError(error, box) reports a failure in the dialog's problem box.
   */
  constructor({ onAction, onError }) {
    this.#fields = el('dl', { id: 'details-fields', class: 'fields' });
    this.#actions = el('div', { id: 'details-actions', class: 'button-row' });
    this.#dialog = new CampaignDialog({
      ids: { dialog: 'details-dialog', title: 'details-title', close: 'details-close', problem: 'details-problem' },
      history: { headingId: 'details-history-heading', listId: 'details-history', emptyId: 'details-history-empty' },
      content: [this.#fields, this.#actions],
      render: (campaign) => this.#render(campaign),
      // The list's campaign has the joined fields (owner, template) the details may leave out.
      fetchCampaign: async (id, known) => ({
        ...known,
        ...(await api(`/admin/campaigns/${encodeURIComponent(id)}`)),
      }),
      onError: (error) => onError(error, this.problem),
    });
    this.#dialog.onActionClick(this.#actions, async (action, campaign, button) => {
      await onAction(action, campaign, button);
      // The action is in the history now, with its reason; "targets" closed the dialog instead.
      if (this.#dialog.isOpen) this.#dialog.history.refresh();
    });
  }

  get problem() {
    return this.#dialog.problem;
  }

  shows(campaignId) {
    return this.#dialog.shows(campaignId);
  }

  /** Opens the dialog with what the list knows, then adds what only the details have. */
  async show(campaign) {
    if (await this.#dialog.open(campaign)) this.#dialog.history.show(campaign.id);
  }

  update(campaign) {
    this.#dialog.fill(campaign);
  }

  close() {
    this.#dialog.close();
  }

  #render(campaign) {
    setText('details-title', campaign.name || '(unnamed)', this.#dialog.element);
    const fact = (term, value) =>
      el('div', {}, el('dt', { text: term }), el('dd', {}, value instanceof Node ? value : String(value ?? '—')));
    this.#fields.replaceChildren(
      fact('ID', campaign.id),
      fact('Status', badge(campaign.status)),
      fact('Status reason', campaign.status_reason || '—'),
      // A RUNNING campaign holding back recipients: messaging limit, quiet hours.
      ...(isWaiting(campaign) ? [fact('Waiting', `${campaign.waiting_reason}. ${waitingUntilText(campaign)}`)] : []),
      fact('Type', campaign.type ? badge(campaign.type, 'type') : '—'),
      fact('User', `${campaign.username || '—'} (${campaign.user_id || '—'})`),
      fact('Template', `${campaign.template_name || '—'} (#${campaign.template_id ?? '—'})`),
      fact('Sender', campaign.sender_id || '—'),
      fact('Description', campaign.description || '—'),
      fact('Progress', progressBar(campaign.progress, 'Campaign progress')),
      ...COUNTERS.map(({ key, label }) => fact(label, formatNumber(campaign[key]))),
      ...SETTINGS.filter(({ shown }) => shown(campaign)).map(({ label, value }) => fact(label, value(campaign))),
    );
    this.#actions.replaceChildren(...actionButtons(campaign, ['targets']));
  }
}

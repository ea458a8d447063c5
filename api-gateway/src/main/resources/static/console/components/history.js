// A campaign's history in both pages' details dialogs: when, who, what, the status change
// and the reason given.

import { api } from '../api.js';
import { el, formatDate } from '../ui.js';

export class CampaignHistory {
  #list;
  #empty;
  #onError;
  #campaignId = null;

  /** ids names the section's heading, list and empty note; element is the section to place. */
  constructor({ headingId, listId, emptyId }, onError) {
    this.#list = el('ol', { id: listId, class: 'history' });
    this.#empty = el('p', { id: emptyId, class: 'muted', hidden: true, text: 'No changes recorded yet.' });
    this.#onError = onError;
    this.element = el(
      'section',
      { 'aria-labelledby': headingId },
      el('h3', { id: headingId, text: 'History' }),
      this.#list,
      this.#empty,
    );
  }

  /** Shows the history of a campaign; refresh() reloads it until clear(). */
  show(campaignId) {
    this.#campaignId = campaignId;
    return this.refresh();
  }

  async refresh() {
    const id = this.#campaignId;
    if (!id) return;
    try {
      const entries = await api(`/campaigns/${encodeURIComponent(id)}/history`);
      // The dialog may have closed or moved on to another campaign meanwhile.
      if (this.#campaignId !== id) return;
      const items = Array.isArray(entries) ? entries : [];
      this.#list.replaceChildren(...items.map(historyItem));
      this.#empty.hidden = items.length > 0;
    } catch (error) {
      this.#onError(error);
    }
  }

  clear() {
    this.#campaignId = null;
    this.#list.replaceChildren();
    this.#empty.hidden = true;
  }
}

function historyItem(entry) {
  const actor = entry.actor_name || entry.actor_id || 'System';
  const change =
    entry.from_status || entry.to_status ? ` (${entry.from_status || '—'} → ${entry.to_status || '—'})` : '';
  return el(
    'li',
    {},
    el('time', { datetime: entry.at || '', text: formatDate(entry.at) }),
    el('span', { text: `${actor}: ${entry.action || 'changed'}${change}` }),
    entry.reason ? el('span', { class: 'sub', text: `Reason: ${entry.reason}` }) : null,
  );
}

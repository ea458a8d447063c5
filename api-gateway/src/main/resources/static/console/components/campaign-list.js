// The user's campaigns, a page at a time and filtered by status: each row with its
// progress and the buttons its status allows. The summary cards add up the rows shown.

import { api } from '../api.js';
import { byId, el, formatNumber, setText, showProblem } from '../ui.js';
import { actionButtons } from './campaign-actions.js';
import { addStatusOptions, isActive, listHead, onRowAction, progressCells, rowOf } from './campaign-parts.js';
import { Pager } from './pager.js';

const PAGE_SIZE = 20;

export class CampaignList {
  #body;
  #empty;
  #pager;
  #summary;
  #userId;
  #items = [];
  #total = 0;
  #status = '';

  /** onAction(action, campaign, button) runs for a row's button, "details" included. */
  constructor(root, { summary, userId, onAction }) {
    this.#body = byId('campaign-list', root);
    this.#body.before(listHead('Name'));
    this.#empty = byId('campaign-empty', root);
    this.#pager = new Pager(byId('campaign-pager', root), PAGE_SIZE, () => this.load());
    this.#summary = summary;
    this.#userId = userId;
    const statusFilter = byId('filter-status', root);
    addStatusOptions(statusFilter);
    statusFilter.addEventListener('change', (event) => {
      this.#status = event.target.value;
      this.load({ page: 0 });
    });
    byId('refresh-list', root).addEventListener('click', () => this.load());
    onRowAction(this.#body, (id) => this.find(id), onAction);
  }

  find(id) {
    return this.#items.find((item) => item.id === id) ?? null;
  }

  /** Loads a page (the current one by default); quiet leaves failures unreported. */
  async load({ page = this.#pager.page, quiet = false } = {}) {
    this.#pager.page = page;
    this.#body.setAttribute('aria-busy', 'true');
    try {
      const params = new URLSearchParams({ user_id: this.#userId, page, size: PAGE_SIZE });
      if (this.#status) params.set('status', this.#status);
      // An array; the total is in X-Total-Count, as the seed's client expects it.
      const response = await api(`/campaigns?${params}`, { expect: 'response' });
      const items = (await response.json()) ?? [];
      const total = Number(response.headers.get('X-Total-Count') ?? items.length);
      // After deleting the last row of the last page, show the page before it instead.
      if (items.length === 0 && page > 0) {
        await this.load({ page: page - 1, quiet });
        return;
      }
      this.#items = items;
      this.#total = total;
      this.#render();
    } catch (error) {
      if (!quiet) showProblem(error);
    } finally {
      this.#body.setAttribute('aria-busy', 'false');
    }
  }

  /** Keeps running campaigns' progress current without a stream per row. */
  refreshWhileActive() {
    if (!this.#items.some(isActive)) return;
    // Re-rendering rows would take the focus away from a keyboard user inside the table.
    if (this.#body.contains(document.activeElement)) return;
    this.load({ quiet: true });
  }

  /** Replaces one campaign (after an action or a live update) without a reload. */
  update(campaign) {
    const index = this.#items.findIndex((item) => item.id === campaign.id);
    if (index === -1) return;
    this.#items[index] = campaign;
    rowOf(this.#body, campaign.id)?.replaceWith(campaignRow(campaign));
    this.#summary.show(this.#items, this.#total);
  }

  #render() {
    this.#body.replaceChildren(...this.#items.map(campaignRow));
    this.#empty.hidden = this.#items.length > 0;
    this.#empty.textContent = this.#status
      ? `No ${this.#status.toLowerCase()} campaigns. Choose “All statuses” to see the others.`
      : 'No campaigns yet — create one from a CSV below.';
    this.#pager.show(this.#total, this.#items.length);
    this.#summary.show(this.#items, this.#total);
  }
}

function campaignRow(campaign) {
  const name = campaign.name || '(unnamed)';
  return el(
    'tr',
    { dataset: { campaignId: campaign.id, status: campaign.status } },
    el(
      'td',
      {},
      el('strong', { text: name }),
      campaign.description ? el('span', { class: 'sub', text: campaign.description }) : null,
    ),
    ...progressCells(campaign, name),
    el('td', { class: 'actions' }, el('div', { class: 'button-row' }, actionButtons(campaign, ['details'], true))),
  );
}

/** The cards above the list: its campaigns in all, and the messages of those shown. */
export class CampaignSummary {
  #root;

  constructor(root) {
    this.#root = root;
  }

  show(items, total) {
    const sum = (key) => items.reduce((all, item) => all + (Number(item[key]) || 0), 0);
    setText('stat-campaigns', formatNumber(total >= 0 ? total : items.length), this.#root);
    for (const key of ['sent', 'delivered', 'read', 'failed']) {
      setText(`stat-${key}`, formatNumber(sum(key)), this.#root);
    }
  }
}

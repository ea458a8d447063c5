// Every user's campaigns for the admin, a page at a time under the filters: each row
// with its owner, template, type, progress and actions, and a checkbox to select it for
// a bulk action.

import { api } from '../api.js';
import { badge, byId, clearProblem, el, formatNumber } from '../ui.js';
import { actionButtons } from './admin-actions.js';
import { listHead, onRowAction, progressCells, rowOf } from './campaign-parts.js';
import { Pager } from './pager.js';

const PAGE_SIZE = 20;

export class AdminCampaignList {
  #body;
  #empty;
  #total;
  #selectAll;
  #pager;
  #filters;
  #onSelect;
  #onError;
  #items = [];
  #selected = new Set();

  /**
   * onAction(action, campaign, button) runs for a row's button, "details" and "targets"
   * included; onSelect(count) hears how many campaigns are selected.
   */
  constructor(root, { filters, onAction, onSelect, onError }) {
    this.#body = byId('admin-list', root);
    this.#empty = byId('admin-empty', root);
    this.#total = byId('admin-total', root);
    this.#selectAll = el('input', { id: 'select-all', type: 'checkbox' });
    const selectAll = el(
      'th',
      { scope: 'col' },
      el('label', { for: 'select-all', class: 'visually-hidden', text: 'Select all campaigns on this page' }),
      this.#selectAll,
    );
    this.#body.before(listHead(selectAll, 'Campaign', 'User', 'Template', 'Type'));
    this.#pager = new Pager(byId('admin-pager', root), PAGE_SIZE, () => {
      clearProblem();
      this.load();
    });
    this.#filters = filters;
    this.#onSelect = onSelect;
    this.#onError = onError;
    onRowAction(this.#body, (id) => this.find(id), onAction);
    this.#body.addEventListener('change', (event) => {
      const box = event.target.closest('input[data-select]');
      if (!box) return;
      this.#select(box.dataset.select, box.checked);
      this.#showSelection();
    });
    this.#selectAll.addEventListener('change', (event) => {
      for (const item of this.#items) this.#select(item.id, event.target.checked);
      for (const box of this.#body.querySelectorAll('input[data-select]')) box.checked = event.target.checked;
      this.#showSelection();
    });
  }

  find(id) {
    return this.#items.find((item) => item.id === id) ?? null;
  }

  get selectedIds() {
    return [...this.#selected];
  }

  /** Loads a page (the current one by default); a new page starts with nothing selected. */
  async load({ page = this.#pager.page } = {}) {
    this.#pager.page = page;
    this.#body.setAttribute('aria-busy', 'true');
    this.#filters.writeToUrl(page);
    try {
      const params = new URLSearchParams({ page, size: PAGE_SIZE });
      this.#filters.appendTo(params);
      const answer = await api(`/admin/campaigns?${params}`);
      const items = answer?.items ?? [];
      // A page past the end (after cancelling or filtering): step back to the last one.
      if (items.length === 0 && page > 0) {
        await this.load({ page: page - 1 });
        return;
      }
      this.#items = items;
      this.#selected.clear();
      this.#render(answer.total);
    } catch (error) {
      this.#onError(error);
    } finally {
      this.#body.setAttribute('aria-busy', 'false');
    }
  }

  /** Keeps the joined fields (username, template, type) an action's answer may leave out. */
  merge(updated) {
    const index = this.#items.findIndex((item) => item.id === updated.id);
    if (index === -1) return updated;
    const merged = { ...this.#items[index], ...updated };
    this.#items[index] = merged;
    rowOf(this.#body, updated.id)?.replaceWith(this.#row(merged));
    this.#showSelection();
    return merged;
  }

  #render(pageTotal) {
    this.#body.replaceChildren(...this.#items.map((campaign) => this.#row(campaign)));
    this.#empty.hidden = this.#items.length > 0;
    const total = pageTotal >= 0 ? pageTotal : this.#items.length;
    this.#total.textContent = `${formatNumber(total)} campaign${total === 1 ? '' : 's'}`;
    this.#total.dataset.total = String(total);
    this.#pager.show(pageTotal, this.#items.length);
    this.#showSelection();
  }

  #row(campaign) {
    const name = campaign.name || '(unnamed)';
    const selected = this.#selected.has(campaign.id);
    const checkboxId = `select-${campaign.id}`;
    const checkbox = el('input', {
      id: checkboxId,
      type: 'checkbox',
      class: 'row-select',
      checked: selected,
      dataset: { select: campaign.id },
    });
    const label = el('label', { class: 'visually-hidden', for: checkboxId, text: `Select ${name}` });
    return el(
      'tr',
      { dataset: { campaignId: campaign.id, status: campaign.status }, class: selected ? 'selected' : null },
      el('td', {}, label, checkbox),
      el('td', {}, el('strong', { text: name }), shortId(campaign.id)),
      el('td', {}, el('span', { text: campaign.username || '—' }), shortId(campaign.user_id)),
      el('td', { text: campaign.template_name || `#${campaign.template_id ?? '—'}` }),
      el('td', {}, campaign.type ? badge(campaign.type, 'type') : '—'),
      ...progressCells(campaign, name),
      el('td', { class: 'actions' }, el('div', { class: 'button-row' }, actionButtons(campaign, ['details', 'targets']))),
    );
  }

  #select(id, selected) {
    if (selected) this.#selected.add(id);
    else this.#selected.delete(id);
  }

  #showSelection() {
    const count = this.#selected.size;
    this.#onSelect(count);
    this.#selectAll.checked = count > 0 && count === this.#items.length;
    this.#selectAll.indeterminate = count > 0 && count < this.#items.length;
    for (const row of this.#body.querySelectorAll('tr[data-campaign-id]')) {
      // Highlight only: the row's checkbox is what tells assistive technology it is selected.
      row.classList.toggle('selected', this.#selected.has(row.dataset.campaignId));
    }
  }
}

/** The first block of a UUID keeps rows narrow; the whole id stays available as a tooltip. */
function shortId(id) {
  if (!id) return null;
  return el('span', { class: 'sub id', title: id, text: `${String(id).slice(0, 8)}…` });
}

// A campaign's recipients, a page at a time: the failed ones in the user's details dialog
// (GET /campaigns/{id}/recipients), those of any status in the admin's recipients dialog
// (GET /admin/campaigns/{id}/targets). Each page names the columns its table head has.

import { badge, el, formatDate, formatNumber } from '../ui.js';
import { Pager } from './pager.js';

const CELLS = {
  sequence: (recipient) => el('td', { class: 'num', text: recipient.sequence ?? '' }),
  phone: (recipient) => el('td', { class: 'nowrap', text: recipient.phone || '' }),
  name: (recipient) => el('td', { text: recipient.name || '' }),
  status: (recipient) => el('td', {}, badge(recipient.status)),
  error_code: (recipient) => el('td', { class: 'num', text: recipient.error_code ?? '—' }),
  error_message: (recipient) => el('td', { text: recipient.error_message || '—' }),
  retry_count: (recipient) => el('td', { class: 'num', text: formatNumber(recipient.retry_count) }),
  sent_at: (recipient) => el('td', { class: 'nowrap', text: formatDate(recipient.sent_at) }),
  delivered_at: (recipient) => el('td', { class: 'nowrap', text: formatDate(recipient.delivered_at) }),
  read_at: (recipient) => el('td', { class: 'nowrap', text: formatDate(recipient.read_at) }),
  failed_at: (recipient) => el('td', { class: 'nowrap', text: formatDate(recipient.failed_at) }),
};

export class RecipientsTable {
  #body;
  #empty;
  #pager;
  #columns;
  #fetchPage;
  #emptyText;
  #onError;
  #campaignId = null;
  #status = '';

  /**
   * columns: keys of CELLS in the order of the table head. fetchPage(campaignId, params)
   * answers a page of recipients for the query params (page, size and status when set).
   * emptyText(status), when given, says why a page is empty.
   */
  constructor({ body, empty, pager }, { columns, pageSize, fetchPage, emptyText, onError }) {
    this.#body = body;
    this.#empty = empty;
    this.#pager = new Pager(pager, pageSize, () => this.refresh());
    this.#columns = columns;
    this.#fetchPage = fetchPage;
    this.#emptyText = emptyText;
    this.#onError = onError;
  }

  get page() {
    return this.#pager.page;
  }

  /** Shows a campaign's first page of recipients with this status ('' for all). */
  show(campaignId, status = '') {
    this.#campaignId = campaignId;
    this.#status = status;
    this.#pager.page = 0;
    return this.refresh();
  }

  filter(status) {
    return this.show(this.#campaignId, status);
  }

  async refresh() {
    const id = this.#campaignId;
    if (!id) return;
    this.#body.setAttribute('aria-busy', 'true');
    try {
      const params = new URLSearchParams({ page: this.#pager.page, size: this.#pager.size });
      if (this.#status) params.set('status', this.#status);
      const page = await this.#fetchPage(id, params);
      // The dialog may have closed or moved on to another campaign meanwhile.
      if (this.#campaignId !== id) return;
      const items = page?.items ?? [];
      this.#body.replaceChildren(...items.map((recipient) => this.#row(recipient)));
      this.#empty.hidden = items.length > 0;
      if (this.#emptyText) this.#empty.textContent = this.#emptyText(this.#status);
      this.#pager.show(page.total, items.length);
    } catch (error) {
      this.#onError(error);
    } finally {
      this.#body.setAttribute('aria-busy', 'false');
    }
  }

  clear() {
    this.#campaignId = null;
    this.#body.replaceChildren();
    this.#empty.hidden = true;
    this.#pager.hide();
  }

  #row(recipient) {
    const dataset = { recipientId: recipient.id };
    if (this.#columns.includes('status')) dataset.status = recipient.status;
    return el('tr', { dataset }, ...this.#columns.map((column) => CELLS[column](recipient)));
  }
}

// A campaign's recipients, a page at a time: the failed ones in the user's details dialog
// (GET /campaigns/{id}/recipients), those of any status in the admin's recipients dialog
// (GET /admin/campaigns/{id}/targets). Each names the columns it shows.

import { badge, el, formatDate, formatNumber } from '../ui.js';
import { Pager } from './pager.js';

// Each column: its heading, how its cells align and what they show.
const COLUMNS = {
  sequence: { heading: '#', align: 'num', cell: (recipient) => recipient.sequence ?? '' },
  phone: { heading: 'Phone', align: 'nowrap', cell: (recipient) => recipient.phone || '' },
  name: { heading: 'Name', cell: (recipient) => recipient.name || '' },
  status: { heading: 'Status', cell: (recipient) => badge(recipient.status) },
  error_code: { heading: 'Error code', align: 'num', cell: (recipient) => recipient.error_code ?? '—' },
  error_message: { heading: 'Error message', cell: (recipient) => recipient.error_message || '—' },
  retry_count: { heading: 'Retries', align: 'num', cell: (recipient) => formatNumber(recipient.retry_count) },
  sent_at: dateColumn('Sent', 'sent_at'),
  delivered_at: dateColumn('Delivered', 'delivered_at'),
  read_at: dateColumn('Read', 'read_at'),
  failed_at: dateColumn('Failed', 'failed_at'),
};

function dateColumn(heading, key) {
  return { heading, align: 'nowrap', cell: (recipient) => formatDate(recipient[key]) };
}

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
   * Builds the table, its empty note and its pager: parts, to place in a dialog. ids
   * names the body, empty note and pager; labelledBy, the heading that names the table.
   * columns: keys of COLUMNS in order; headings may rename some. fetchPage(campaignId,
   * params) answers a page of recipients for the query params (page, size and status
   * when set). emptyText: what an empty page says, or a function of the status.
   */
  constructor({ ids, labelledBy }, { columns, headings = {}, pageSize, fetchPage, emptyText, onError }) {
    const head = columns.map((key) => {
      const { heading, align } = COLUMNS[key];
      return el('th', { scope: 'col', class: align === 'num' ? 'num' : null, text: headings[key] ?? heading });
    });
    this.#body = el('tbody', { id: ids.body });
    this.#emptyText = typeof emptyText === 'function' ? emptyText : () => emptyText;
    this.#empty = el('p', { id: ids.empty, class: 'empty', hidden: true, text: this.#emptyText('') });
    const pager = el('div', { id: ids.pager, class: 'pager', hidden: true });
    this.parts = [
      el(
        'div',
        { class: 'table-wrap', role: 'region', 'aria-labelledby': labelledBy, tabindex: '0' },
        el('table', { class: 'wide' }, el('thead', {}, el('tr', {}, head)), this.#body),
      ),
      this.#empty,
      pager,
    ];
    this.#pager = new Pager(pager, pageSize, () => this.refresh());
    this.#columns = columns;
    this.#fetchPage = fetchPage;
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
      this.#empty.textContent = this.#emptyText(this.#status);
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
    const cells = this.#columns.map((key) => el('td', { class: COLUMNS[key].align }, COLUMNS[key].cell(recipient)));
    return el('tr', { dataset }, cells);
  }
}

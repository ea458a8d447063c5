// The admin's recipients dialog of one campaign: every recipient with status, error and
// timestamps, filtered by status, a page at a time.

import { api } from '../api.js';
import { el, setText } from '../ui.js';
import { addStatusOptions } from './campaign-parts.js';
import { Modal } from './dialog.js';
import { RecipientsTable } from './recipients-table.js';

const PAGE_SIZE = 50;

const RECIPIENT_STATUSES = [
  'PENDING',
  'SENDING',
  'ACCEPTED',
  'SENT',
  'DELIVERED',
  'READ',
  'FAILED',
  'CANCELLED',
  'SKIPPED',
];

export class TargetsDialog {
  #modal;
  #table;
  #status;

  /** onError(error, box) reports a failure in the dialog's problem box. */
  constructor(onError) {
    this.#table = new RecipientsTable(
      { ids: { body: 'targets-list', empty: 'targets-empty', pager: 'targets-pager' }, labelledBy: 'targets-title' },
      {
        columns: [
          'sequence',
          'phone',
          'name',
          'status',
          'error_code',
          'error_message',
          'retry_count',
          'sent_at',
          'delivered_at',
          'read_at',
          'failed_at',
        ],
        pageSize: PAGE_SIZE,
        fetchPage: (id, params) => api(`/admin/campaigns/${encodeURIComponent(id)}/targets?${params}`),
        emptyText: (status) => (status ? 'No recipients with this status.' : 'This campaign has no recipients.'),
        onError: (error) => onError(error, this.#modal.problem),
      },
    );
    this.#status = el('select', { id: 'targets-status' }, el('option', { value: '', text: 'All statuses' }));
    addStatusOptions(this.#status, RECIPIENT_STATUSES);
    this.#status.addEventListener('change', (event) => this.#table.filter(event.target.value));
    const filter = el(
      'div',
      { class: 'filters' },
      el('div', { class: 'field' }, el('label', { for: 'targets-status', text: 'Recipient status' }), this.#status),
    );
    this.#modal = new Modal({
      ids: { dialog: 'targets-dialog', title: 'targets-title', close: 'targets-close', problem: 'targets-problem' },
      title: 'Recipients',
      content: [filter, ...this.#table.parts],
      onClose: () => this.#table.clear(),
    });
  }

  show(campaign) {
    this.#status.value = '';
    setText('targets-title', `Recipients of ${campaign.name || campaign.id}`, this.#modal.element);
    this.#table.clear();
    this.#modal.open();
    this.#table.show(campaign.id);
  }
}

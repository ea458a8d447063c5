// The admin's recipients dialog of one campaign: every recipient with status, error and
// timestamps, filtered by status, a page at a time.

import { api } from '../api.js';
import { byId, setText } from '../ui.js';
import { Modal } from './dialog.js';
import { RecipientsTable } from './recipients-table.js';

const PAGE_SIZE = 50;

export class TargetsDialog {
  #root;
  #modal;
  #table;

  /** onError(error, box) reports a failure in the dialog's problem box. */
  constructor(root, onError) {
    this.#root = root;
    this.#modal = new Modal(root, {
      closeButton: byId('targets-close', root),
      problem: byId('targets-problem', root),
      onClose: () => this.#table.clear(),
    });
    this.#table = new RecipientsTable(
      { body: byId('targets-list', root), empty: byId('targets-empty', root), pager: byId('targets-pager', root) },
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
    byId('targets-status', root).addEventListener('change', (event) => this.#table.filter(event.target.value));
  }

  show(campaign) {
    byId('targets-status', this.#root).value = '';
    setText('targets-title', `Recipients of ${campaign.name || campaign.id}`, this.#root);
    this.#table.clear();
    this.#modal.open();
    this.#table.show(campaign.id);
  }
}

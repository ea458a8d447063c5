// The "Sync" button: asks the gateway to read Meta's template lists of the user's WhatsApp
// Business Accounts now, then says what changed and which accounts could not be read.

import { api } from '../api.js';
import { byId, clearProblem, el, formatNumber, showProblem } from '../ui.js';

export class TemplateSync {
  #button;
  #summary;
  #failures;
  #onSynced;

  /** onSynced() runs after every attempt that reached Meta, to reload the list. */
  constructor(root, { onSynced }) {
    this.#button = byId('sync-templates', root);
    this.#summary = byId('sync-summary', root);
    this.#failures = byId('sync-failures', root);
    this.#onSynced = onSynced;
    this.#button.addEventListener('click', () => this.#sync());
  }

  async #sync() {
    clearProblem();
    this.#button.disabled = true;
    this.#button.textContent = 'Syncing…';
    this.#summary.textContent = '';
    this.#failures.replaceChildren();
    try {
      const report = (await api('/templates/sync', { method: 'POST' })) ?? {};
      this.#show(report);
      await this.#onSynced();
    } catch (error) {
      // 409: no WhatsApp Business Account to sync; its detail says how to connect one.
      showProblem(error);
    } finally {
      this.#button.disabled = false;
      this.#button.textContent = 'Sync with Meta';
    }
  }

  #show(report) {
    const count = (key) => formatNumber(Number(report[key]) || 0);
    const failed = Array.isArray(report.failed) ? report.failed : [];
    const accounts = Array.isArray(report.synced) ? report.synced.length : 0;
    const failures = failed.length > 0 ? `, ${formatNumber(failed.length)} failed` : '';
    this.#summary.textContent =
      `Listed ${count('listed')}, added ${count('added')}, updated ${count('updated')}, deleted ${count('deleted')}` +
      ` (${formatNumber(accounts)} account(s) synced${failures}).`;
    this.#failures.replaceChildren(
      ...failed.map((failure) =>
        el(
          'li',
          { class: 'error' },
          el('strong', { text: failure.waba_id ?? 'account' }),
          `: ${failure.reason ?? failure.problem ?? 'could not be read'}`,
        ),
      ),
    );
  }
}

// The admin's bulk bar: one action for every selected campaign, confirmed first with an
// optional reason; the server answers each campaign's result, listed under the bar.

import { api } from '../api.js';
import { byId, clearProblem, el, formatNumber, setText, toast } from '../ui.js';
import { ACTION_TEXT } from './admin-actions.js';
import { confirmAction } from './dialog.js';

export class BulkActions {
  #root;
  #apply;
  #list;
  #onDone;
  #onError;

  /** list: the campaign list whose selection the bar acts on; onDone() runs after an action. */
  constructor(root, { list, onDone, onError }) {
    this.#root = root;
    this.#apply = byId('bulk-apply', root);
    this.#list = list;
    this.#onDone = onDone;
    this.#onError = onError;
    this.#apply.addEventListener('click', () => this.#run());
  }

  showSelected(count) {
    setText('bulk-count', `${formatNumber(count)} selected`, this.#root);
    this.#apply.disabled = count === 0;
  }

  async #run() {
    const action = byId('bulk-action', this.#root).value;
    const ids = this.#list.selectedIds;
    if (ids.length === 0) return;
    clearProblem();
    const answer = await confirmAction({
      title: `${ACTION_TEXT[action].label} ${ids.length} campaign(s)?`,
      message: `The ${ids.length} selected campaign(s) will be ${ACTION_TEXT[action].past} where their status allows it; each result is listed afterwards.`,
      confirmLabel: `${ACTION_TEXT[action].label} selected`,
      danger: action === 'cancel',
      withReason: true,
    });
    if (!answer.ok) return;
    this.#apply.disabled = true;
    // Names for the result list, taken before the reload replaces the page.
    const names = new Map(ids.map((id) => [id, this.#list.find(id)?.name || id]));
    try {
      const body = { action, ids, ...(answer.reason ? { reason: answer.reason } : {}) };
      const result = await api('/admin/campaigns/bulk', { body });
      const results = Array.isArray(result?.results) ? result.results : [];
      this.#showResults(results, names);
      const succeeded = results.filter((item) => item.ok).length;
      toast(`${succeeded} of ${results.length} campaign(s) ${ACTION_TEXT[action].past}`);
      await this.#onDone();
    } catch (error) {
      this.#onError(error);
    } finally {
      this.showSelected(this.#list.selectedIds.length);
    }
  }

  #showResults(results, names) {
    const list = byId('bulk-results', this.#root);
    list.replaceChildren(
      ...results.map((item) =>
        el(
          'li',
          { class: item.ok ? 'ok' : 'error', dataset: { campaignId: item.id, ok: String(Boolean(item.ok)) } },
          el('strong', { text: names.get(item.id) || item.id }),
          item.ok ? `: done, now ${item.status || 'updated'}` : `: not changed — ${item.error || 'refused'}`,
        ),
      ),
    );
    list.hidden = results.length === 0;
  }
}

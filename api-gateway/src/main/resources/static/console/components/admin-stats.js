// The admin's overview: campaigns by status, message counters in all, today and this
// week, the failure rate and the most frequent error codes.

import { api } from '../api.js';
import { badge, byId, el, formatNumber, formatPercent, setText } from '../ui.js';

export class AdminStats {
  #root;
  #onError;

  constructor(root, onError) {
    this.#root = root;
    this.#onError = onError;
  }

  async refresh() {
    try {
      this.#show(await api('/admin/campaigns/stats'));
    } catch (error) {
      this.#onError(error);
    }
  }

  #show(stats) {
    const root = this.#root;
    const byStatus = stats?.campaigns_by_status ?? {};
    const messages = stats?.messages ?? {};
    setText('stat-total', formatNumber(stats?.total_campaigns ?? 0), root);
    setText('stat-running', formatNumber(byStatus.RUNNING ?? 0), root);
    setText('stat-paused', formatNumber(byStatus.PAUSED ?? 0), root);
    for (const key of ['sent', 'delivered', 'read', 'failed', 'pending']) {
      setText(`stat-${key}`, formatNumber(messages[key] ?? 0), root);
    }
    setText('stat-failure-rate', formatPercent(stats?.failure_rate ?? 0), root);
    for (const [period, prefix] of [['today', 'stat-today'], ['this_week', 'stat-week']]) {
      for (const key of ['sent', 'delivered', 'read', 'failed']) {
        setText(`${prefix}-${key}`, formatNumber(stats?.[period]?.[key] ?? 0), root);
      }
    }
    byId('stats-by-status', root).replaceChildren(
      ...Object.entries(byStatus).map(([status, count]) =>
        el('li', { dataset: { status } }, badge(status), formatNumber(count)),
      ),
    );
    const errors = Array.isArray(stats?.top_error_codes) ? stats.top_error_codes : [];
    byId('top-errors', root).replaceChildren(
      ...errors.map((error) =>
        el(
          'tr',
          {},
          el('td', { class: 'num', text: error.code ?? '—' }),
          el('td', { text: error.message || '—' }),
          el('td', { class: 'num', text: formatNumber(error.count) }),
        ),
      ),
    );
    byId('top-errors-empty', root).hidden = errors.length > 0;
  }
}

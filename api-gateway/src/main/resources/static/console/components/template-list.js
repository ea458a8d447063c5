// The templates the user may send (an admin: all of them), with Meta's status, category
// and quality; choosing one shows its preview and variables.

import { api } from '../api.js';
import { byId, el, formatDate, showProblem } from '../ui.js';
import { categoryBadge, originOf, qualityBadge, statusBadge } from './template-badges.js';

export class TemplateList {
  #body;
  #empty;
  #onSelect;
  #items = [];
  #selectedId = null;

  /**
   * onSelect(template, byUser) runs when the user chooses a template, and again with it
   * (byUser false) after a reload.
   */
  constructor(root, { onSelect }) {
    this.#body = byId('template-list', root);
    this.#empty = byId('template-empty', root);
    this.#onSelect = onSelect;
    this.#body.addEventListener('click', (event) => {
      const row = event.target.closest('tr[data-template-id]');
      if (row) this.select(row.dataset.templateId, true);
    });
  }

  async load() {
    this.#body.setAttribute('aria-busy', 'true');
    try {
      const answer = await api('/templates');
      this.#items = Array.isArray(answer) ? answer : [];
      this.#render();
      // A sync may have changed the template on show: show it as it is now.
      if (this.#selectedId !== null) this.select(this.#selectedId);
    } catch (error) {
      showProblem(error);
    } finally {
      this.#body.setAttribute('aria-busy', 'false');
    }
  }

  select(id, byUser = false) {
    const template = this.#items.find((item) => String(item.id) === String(id)) ?? null;
    this.#selectedId = template ? String(template.id) : null;
    for (const row of this.#body.rows) {
      const chosen = row.dataset.templateId === this.#selectedId;
      row.classList.toggle('selected', chosen);
      row.querySelector('button').setAttribute('aria-pressed', String(chosen));
    }
    this.#onSelect(template, byUser);
  }

  #render() {
    this.#body.replaceChildren(...this.#items.map(templateRow));
    this.#empty.hidden = this.#items.length > 0;
  }
}

function templateRow(template) {
  return el(
    'tr',
    { dataset: { templateId: String(template.id) } },
    el(
      'td',
      {},
      el('button', { type: 'button', class: 'link-button', 'aria-pressed': 'false', text: template.name }),
      el('span', { class: 'sub', text: template.language ?? '' }),
    ),
    el('td', {}, statusBadge(template)),
    el('td', {}, categoryBadge(template)),
    el('td', {}, qualityBadge(template)),
    el('td', { class: 'nowrap' }, originOf(template)),
    el('td', { text: template.local ? '—' : formatDate(template.synced_at) }),
  );
}

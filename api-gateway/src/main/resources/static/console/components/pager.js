// "Page X of Y" with previous and next buttons under a table. The pager keeps the page
// number; its owner loads the page and then shows the pager with what came back.

import { el, formatNumber } from '../ui.js';

export class Pager {
  page = 0;

  #root;
  #onChange;

  /** onChange(page) runs after a button moved to another page. */
  constructor(root, size, onChange) {
    this.#root = root;
    this.size = size;
    this.#onChange = onChange;
  }

  /** total may be -1 (not counted): next is then offered while pages come back full. */
  show(total, count) {
    const { page, size } = this;
    const known = typeof total === 'number' && total >= 0;
    const pages = known ? Math.max(1, Math.ceil(total / size)) : null;
    const hasNext = known ? page + 1 < pages : count === size;
    const previous = el('button', { type: 'button', class: 'secondary', text: 'Previous', disabled: page === 0 });
    const next = el('button', { type: 'button', class: 'secondary', text: 'Next', disabled: !hasNext });
    previous.addEventListener('click', () => this.#go(page - 1));
    next.addEventListener('click', () => this.#go(page + 1));
    const label = known ? `Page ${page + 1} of ${pages} · ${formatNumber(total)} in all` : `Page ${page + 1}`;
    this.#root.replaceChildren(previous, el('span', { class: 'pager-label', text: label }), next);
    this.#root.hidden = !(page > 0 || hasNext || known);
  }

  hide() {
    this.#root.hidden = true;
  }

  #go(page) {
    this.page = page;
    this.#onChange(page);
  }
}

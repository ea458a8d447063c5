// The chosen template: its preview with Meta's sample values and the table of the
// variables each recipient fills in.

import { byId, el, setText } from '../ui.js';
import { categoryBadge, statusBadge } from './template-badges.js';
import { templatePreview } from './template-preview.js';
import { variablesOf, variablesTable } from './template-variables.js';

export class TemplateDetails {
  #root;

  constructor(root) {
    this.#root = root;
  }

  /** Brings the details into view below the list. */
  reveal() {
    const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.#root.scrollIntoView({ block: 'start', behavior: still ? 'auto' : 'smooth' });
  }

  /** template: the one to show, or null for none. */
  show(template) {
    const body = byId('template-details-body', this.#root);
    byId('template-details-none', this.#root).hidden = template !== null;
    body.hidden = template === null;
    setText('template-details-heading', template ? template.name : 'Preview', this.#root);
    if (!template) return;
    const reason = template.rejected_reason;
    byId('template-details-badges', this.#root).replaceChildren(
      statusBadge(template),
      ' ',
      categoryBadge(template),
      template.language ? el('span', { class: 'muted small', text: ` ${template.language}` }) : null,
    );
    const rejected = byId('template-details-rejected', this.#root);
    rejected.hidden = template.status !== 'REJECTED' || !reason || reason === 'NONE';
    rejected.textContent = `Meta rejected it: ${reason}`;
    byId('template-details-preview', this.#root).replaceChildren(templatePreview(template));
    byId('template-details-variables', this.#root).replaceChildren(
      variablesTable(variablesOf(template), `Variables of ${template.name}`),
    );
  }
}

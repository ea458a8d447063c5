// The CSV template generator: pick a template, see the header and example row its CSV
// needs, download them as a file.

import { api, download } from '../api.js';
import { badge, byId, clearProblem, el, formatNumber, showProblem, templateLabel, toast } from '../ui.js';

export class CsvGenerator {
  #select;
  #info;
  #preview;
  #download;
  #templates = [];

  constructor(root) {
    this.#select = byId('csv-template-select', root);
    this.#info = byId('csv-template-info', root);
    this.#preview = byId('csv-template-header', root);
    this.#download = byId('csv-template-download', root);
    this.#select.addEventListener('change', () => this.#showSelected());
    this.#download.addEventListener('click', () => this.#downloadSelected());
  }

  showTemplates(templates) {
    this.#templates = templates;
    const placeholder = el('option', {
      value: '',
      text: templates.length > 0 ? 'Choose a template' : 'No templates yet',
    });
    this.#select.replaceChildren(
      placeholder,
      ...templates.map((template) => el('option', { value: String(template.id), text: templateLabel(template) })),
    );
  }

  #selected() {
    return this.#templates.find((template) => String(template.id) === this.#select.value) ?? null;
  }

  async #showSelected() {
    const template = this.#selected();
    this.#download.disabled = !template;
    this.#preview.hidden = true;
    this.#info.replaceChildren();
    if (!template) return;
    this.#info.append(
      badge(template.status),
      ` ${template.category || ''} · ${formatNumber(template.parameter_count)} parameter(s)`,
      template.status === 'APPROVED' ? '' : ' · cannot be sent until approved',
    );
    try {
      const text = await api(`/templates/${encodeURIComponent(template.id)}/csv-template`, {
        expect: 'text',
        headers: { Accept: 'text/csv, application/problem+json' },
      });
      // The user may have picked another template meanwhile.
      if (this.#selected() !== template) return;
      this.#preview.textContent = text.replace(/\r\n/g, '\n').trimEnd();
      this.#preview.hidden = false;
    } catch (error) {
      showProblem(error);
    }
  }

  async #downloadSelected() {
    const template = this.#selected();
    if (!template) return;
    const button = this.#download;
    button.disabled = true;
    clearProblem();
    try {
      await download(`/templates/${encodeURIComponent(template.id)}/csv-template`, `${template.name}-recipients.csv`);
      toast('CSV template downloaded');
    } catch (error) {
      showProblem(error);
    } finally {
      button.disabled = false;
    }
  }
}

// The CSV template generator: pick a template, see the header and example row its CSV
// needs, download them as a file. The columns are phone, name and the template's
// variables, less those the create form gives a fixed value; a server that does not list
// variables yet writes the file itself (GET /templates/{id}/csv-template).

import { api, download, saveFile } from '../api.js';
import { byId, clearProblem, el, formatNumber, showProblem, templateLabel, toast } from '../ui.js';
import { categoryBadge, statusBadge } from './template-badges.js';
import { csvText, variablesOf } from './template-variables.js';

export class CsvGenerator {
  #select;
  #info;
  #preview;
  #download;
  #templates = [];
  // The create form's template and the variables it fixes, which need no column.
  #followed = { id: null, fixedNames: new Set() };

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

  /** Shows the CSV for the create form's template and fixed values. */
  follow(template, fixedNames) {
    if (!template || !this.#templates.includes(template)) return;
    const id = String(template.id);
    const unchanged =
      this.#select.value === id &&
      this.#followed.id === id &&
      [...fixedNames].join() === [...this.#followed.fixedNames].join();
    if (unchanged) return;
    this.#followed = { id, fixedNames };
    this.#select.value = String(template.id);
    this.#showSelected();
  }

  #selected() {
    return this.#templates.find((template) => String(template.id) === this.#select.value) ?? null;
  }

  #fixedNames(template) {
    return this.#followed.id === String(template.id) ? this.#followed.fixedNames : new Set();
  }

  /** The CSV text: made here from the variables, or by a server that does not list them. */
  async #csv(template) {
    if (Array.isArray(template.variables)) return csvText(template.variables, this.#fixedNames(template));
    return api(`/templates/${encodeURIComponent(template.id)}/csv-template`, {
      expect: 'text',
      headers: { Accept: 'text/csv, application/problem+json' },
    });
  }

  async #showSelected() {
    const template = this.#selected();
    this.#download.disabled = !template;
    this.#preview.hidden = true;
    this.#info.replaceChildren();
    if (!template) return;
    const fixed = this.#fixedNames(template).size;
    this.#info.append(
      statusBadge(template),
      ' ',
      categoryBadge(template),
      ` · ${formatNumber(variablesOf(template).length)} variable(s)`,
      fixed > 0 ? ` · ${formatNumber(fixed)} with a fixed value in the form` : '',
      template.status === 'APPROVED' ? '' : ' · cannot be sent until approved',
    );
    try {
      const text = await this.#csv(template);
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
    const fileName = `${template.name}-recipients.csv`;
    button.disabled = true;
    clearProblem();
    try {
      if (Array.isArray(template.variables)) {
        saveFile(new Blob([await this.#csv(template)], { type: 'text/csv;charset=utf-8' }), fileName);
      } else {
        await download(`/templates/${encodeURIComponent(template.id)}/csv-template`, fileName);
      }
      toast('CSV template downloaded');
    } catch (error) {
      showProblem(error);
    } finally {
      button.disabled = false;
    }
  }
}

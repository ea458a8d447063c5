// The "New campaign" panel: a campaign's settings and its recipients' CSV go up in one
// request; the import report below the form lists the lines the server rejected, and how
// long sending will take. The chosen template shows as a preview, with the CSV columns it
// needs and the variables that may take one value for everyone instead. Quiet hours, when
// set, are hours of each recipient's own day in which nothing is sent.

import { api, download } from '../api.js';
import {
  byId,
  clearProblem,
  el,
  formatNumber,
  localToIsoWithOffset,
  setText,
  showProblem,
  templateLabel,
  toast,
} from '../ui.js';
import { estimateText } from './campaign-parts.js';
import { templatePreview } from './template-preview.js';
import { TemplateValues } from './template-values.js';
import { columnList, variablesOf } from './template-variables.js';

export class CreateForm {
  #root;
  #form;
  #userId;
  #onCreated;
  #onTemplateChange;
  #values;
  #templates = [];
  #estimateRequest = 0;

  /**
   * onCreated(answer) runs after a campaign was created, before the form is usable again;
   * onTemplateChange(template, fixedNames) when the template or its fixed values change.
   */
  constructor(root, { userId, onCreated, onTemplateChange = () => {} }) {
    this.#root = root;
    this.#form = byId('create-form', root);
    this.#userId = userId;
    this.#onCreated = onCreated;
    this.#onTemplateChange = onTemplateChange;
    this.#values = new TemplateValues(byId('create-template-values', root), {
      onChange: () => this.#showTemplate(false),
    });
    this.#field('create-template').addEventListener('change', () => this.#showTemplate(true));
    for (const id of ['create-quiet-from', 'create-quiet-until']) {
      this.#field(id).addEventListener('input', () => this.#showQuietHoursError(null));
    }
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#create();
    });
    byId('import-report-link', root).addEventListener('click', async (event) => {
      // A plain link cannot carry the token: fetch the report and save it instead.
      event.preventDefault();
      const link = event.currentTarget;
      clearProblem();
      try {
        await download(link.getAttribute('href'), link.dataset.fileName || 'import-errors.csv');
      } catch (error) {
        showProblem(error);
      }
    });
  }

  /** Offers every template, but only approved ones can be chosen: Meta sends no other. */
  showTemplates(templates) {
    this.#templates = templates;
    const select = this.#field('create-template');
    const approved = templates.filter((template) => template.status === 'APPROVED');
    const placeholder = el('option', {
      value: '',
      text: approved.length > 0 ? 'Choose an approved template' : 'No approved template yet — see the Templates page',
    });
    const options = templates.map((template) =>
      el('option', {
        value: String(template.id),
        text: templateLabel(template),
        disabled: template.status !== 'APPROVED',
      }),
    );
    select.replaceChildren(placeholder, ...options);
    if (approved.length === 1) select.value = String(approved[0].id);
    this.#showTemplate(true);
  }

  #selectedTemplate() {
    const id = this.#field('create-template').value;
    return this.#templates.find((template) => String(template.id) === id) ?? null;
  }

  /** chosen: a template was just chosen, so none of its variables has a fixed value yet. */
  #showTemplate(chosen) {
    const template = this.#selectedTemplate();
    this.#field('create-template-details').hidden = !template;
    if (!template) {
      this.#values.show([]);
      this.#onTemplateChange(null, new Set());
      return;
    }
    const variables = variablesOf(template);
    if (chosen) this.#values.show(variables);
    const fixed = this.#values.fixedNames();
    this.#field('create-template-preview').replaceChildren(templatePreview(template, this.#values.previewValues()));
    this.#field('create-template-columns').replaceChildren('CSV columns: ', ...columnList(variables, fixed));
    this.#onTemplateChange(template, fixed);
  }

  #field(id) {
    return byId(id, this.#root);
  }

  #numberOrNull(id) {
    const value = this.#field(id).value.trim();
    return value === '' ? null : Number(value);
  }

  /** The campaign part of the upload; the server validates it and names any bad field. */
  #payload() {
    const payload = {
      name: this.#field('create-name').value.trim(),
      description: this.#field('create-description').value.trim(),
      user_id: this.#userId,
      template_id: this.#numberOrNull('create-template'),
      rate_limit: this.#numberOrNull('create-rate'),
      max_workers: this.#numberOrNull('create-workers'),
    };
    const scheduled = localToIsoWithOffset(this.#field('create-schedule').value);
    if (scheduled) payload.scheduled_at = scheduled;
    const templateValues = this.#values.requestValues();
    if (templateValues) payload.template_values = templateValues;
    const from = this.#field('create-quiet-from').value;
    const until = this.#field('create-quiet-until').value;
    // "HH:MM" as the time inputs give it; #quietHoursComplete lets only both or neither by.
    if (from && until) payload.quiet_hours = { from, until };
    return payload;
  }

  /**
   * Quiet hours need a start and an end: one without the other, or a time typed in part
   * (the input's value is empty then), is named next to the fields and the field gets
   * the focus. The server judges the rest (a start equal to the end is a problem naming
   * quiet_hours.until).
   */
  #quietHoursComplete() {
    const from = this.#field('create-quiet-from');
    const until = this.#field('create-quiet-until');
    const part = (input) => (input === from ? 'start' : 'end');
    const partial = [from, until].find((input) => input.validity.badInput);
    const missing = Boolean(from.value) === Boolean(until.value) ? null : [from, until].find((input) => !input.value);
    const invalid = partial ?? missing;
    if (!invalid) {
      this.#showQuietHoursError(null);
      return true;
    }
    this.#showQuietHoursError(
      invalid,
      partial
        ? `Complete the ${part(partial)} of the quiet hours: hours and minutes.`
        : `Set both times of the quiet hours, or neither: the ${part(missing)} is missing.`,
    );
    invalid.focus();
    return false;
  }

  /** Shows what is wrong with the quiet hours on the invalid field, or clears it (null). */
  #showQuietHoursError(invalid, message = '') {
    const error = this.#field('create-quiet-error');
    error.textContent = message;
    error.hidden = !invalid;
    for (const id of ['create-quiet-from', 'create-quiet-until']) {
      const input = this.#field(id);
      if (input === invalid) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }

  async #create() {
    clearProblem();
    if (!this.#quietHoursComplete()) return;
    const file = this.#field('create-file').files[0];
    if (!file) {
      showProblem({
        title: 'Choose a CSV file',
        detail: 'A campaign is created together with its recipients.',
        errors: [{ field: 'file', reason: 'choose the CSV file with your recipients' }],
      });
      this.#field('create-file').focus();
      return;
    }
    const payload = this.#payload();
    const body = new FormData();
    body.append('campaign', new Blob([JSON.stringify(payload)], { type: 'application/json' }));
    body.append('file', file, file.name);
    const submit = this.#field('create-submit');
    submit.disabled = true;
    submit.textContent = 'Uploading…';
    this.#form.setAttribute('aria-busy', 'true');
    try {
      const answer = await api('/campaigns/create', { method: 'POST', body });
      this.#showImport(answer);
      // Not awaited: the list reloads meanwhile, and the estimate fills in when it comes.
      this.#showEstimate(answer);
      toast(`Campaign “${answer?.campaign?.name ?? payload.name}” created`);
      this.#reset();
      await this.#onCreated(answer);
    } catch (error) {
      showProblem(error);
    } finally {
      submit.disabled = false;
      submit.textContent = 'Create campaign';
      this.#form.setAttribute('aria-busy', 'false');
    }
  }

  /**
   * Keeps template, fixed values, rate, workers and quiet hours: the next campaign often
   * uses the same.
   */
  #reset() {
    for (const id of ['create-name', 'create-description', 'create-schedule', 'create-file']) {
      this.#field(id).value = '';
    }
  }

  #showImport(answer) {
    const report = answer?.import ?? {};
    const campaign = answer?.campaign ?? {};
    const errors = Array.isArray(report.errors) ? report.errors : [];
    const rejected = Number(report.rejected) || 0;
    setText(
      'import-summary',
      `${formatNumber(report.imported ?? 0)} imported, ${formatNumber(rejected)} rejected, ${formatNumber(report.skipped ?? 0)} skipped`,
      this.#root,
    );
    this.#field('import-report-rows').replaceChildren(
      ...errors.map((error) =>
        el(
          'tr',
          {},
          el('td', { class: 'num', text: error.line ?? '' }),
          el('td', { text: error.value ?? '' }),
          el('td', { text: error.reason ?? '' }),
        ),
      ),
    );
    // The table's scrolling wrapper hides with it when every line was imported.
    this.#field('import-report').parentElement.hidden = errors.length === 0;
    this.#field('import-none').hidden = rejected > 0;
    const truncated = this.#field('import-truncated');
    truncated.hidden = rejected <= errors.length;
    truncated.textContent = `Showing the first ${formatNumber(errors.length)} of ${formatNumber(rejected)} rejected lines; download the full report for all of them.`;
    const link = this.#field('import-report-link');
    link.hidden = rejected === 0;
    link.setAttribute('href', report.report || `/campaigns/${encodeURIComponent(campaign.id)}/import-errors`);
    link.dataset.fileName = `campaign-${campaign.id}-import-errors.csv`;
    const result = this.#field('import-result');
    result.hidden = false;
    result.scrollIntoView({ block: 'nearest' });
  }

  /**
   * How long sending the new campaign will take, under its import report: the multipart
   * answer has none, so it is asked for. Without one the report stands alone: the
   * campaign was created all the same.
   */
  async #showEstimate(answer) {
    const request = ++this.#estimateRequest;
    const line = this.#field('create-estimate');
    const warning = this.#field('create-estimate-warning');
    line.hidden = true;
    warning.hidden = true;
    const id = answer?.campaign?.id ?? answer?.id;
    let estimate = answer?.estimate ?? null;
    if (!estimate && id) {
      try {
        estimate = await api(`/campaigns/${encodeURIComponent(id)}/estimate`);
      } catch {
        estimate = null;
      }
    }
    // A campaign created since has its own estimate coming.
    if (request !== this.#estimateRequest) return;
    const text = estimateText(estimate);
    line.textContent = text ?? '';
    line.hidden = !text;
    warning.textContent = estimate?.warning ?? '';
    warning.hidden = !estimate?.warning;
  }
}

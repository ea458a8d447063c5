// The "Fixed values" of the create form: a variable may take one value for every
// recipient, or the recipient's name, instead of a CSV column of its own (a recipient
// that has a value of its own keeps it). What is left empty comes from each recipient's
// CSV column (or JSON parameters).

import { el } from '../ui.js';

const FROM_CSV = '';
const SAME_VALUE = 'value';
const RECIPIENT_NAME = 'name';

// Shown in the preview where the recipient's name will go.
const NAME_IN_PREVIEW = '‹recipient’s name›';

export class TemplateValues {
  #root;
  #onChange;
  #rows = [];

  /** onChange() runs when a choice or a value changes. */
  constructor(root, { onChange }) {
    this.#root = root;
    this.#onChange = onChange;
  }

  show(variables) {
    this.#rows = variables.map((variable, index) => fixedValueRow(variable, index));
    for (const row of this.#rows) {
      row.mode.addEventListener('change', () => {
        row.input.hidden = row.mode.value !== SAME_VALUE;
        if (!row.input.hidden) row.input.focus();
        this.#onChange();
      });
      row.input.addEventListener('input', () => this.#onChange());
    }
    this.#root.hidden = variables.length === 0;
    this.#root.replaceChildren(
      el('legend', { text: 'Fixed values (optional)' }),
      el('p', {
        class: 'hint',
        text:
          'Give a variable one value for everyone, or the recipient’s name, and the CSV needs no column for it ' +
          '(a recipient’s own value still wins). Left as it is, it comes from its CSV column.',
      }),
      ...this.#rows.map((row) => row.node),
    );
  }

  /** The request's template_values, or null when nothing is fixed. */
  requestValues() {
    const chosen = this.#chosen();
    if (chosen.length === 0) return null;
    return Object.fromEntries(
      chosen.map(({ name, mode, value }) => [name, mode === RECIPIENT_NAME ? { field: 'name' } : { value }]),
    );
  }

  /** What the preview shows for the fixed variables: name -> value. */
  previewValues() {
    return Object.fromEntries(
      this.#chosen().map(({ name, mode, value }) => [name, mode === RECIPIENT_NAME ? NAME_IN_PREVIEW : value]),
    );
  }

  /** The variables that need no CSV column. */
  fixedNames() {
    return new Set(this.#chosen().map(({ name }) => name));
  }

  #chosen() {
    return this.#rows
      .map((row) => ({ name: row.name, mode: row.mode.value, value: row.input.value.trim() }))
      .filter(({ mode, value }) => mode === RECIPIENT_NAME || (mode === SAME_VALUE && value !== ''));
  }
}

function fixedValueRow(variable, index) {
  const id = `fixed-value-${index}`;
  const mode = el(
    'select',
    { id: `${id}-mode` },
    el('option', { value: FROM_CSV, text: 'Its CSV column' }),
    el('option', { value: SAME_VALUE, text: 'Same for everyone' }),
    // Only text can sensibly be a name: not a media URL, a coordinate or a button's suffix.
    String(variable.kind ?? 'TEXT').toUpperCase() === 'TEXT'
      ? el('option', { value: RECIPIENT_NAME, text: 'Recipient’s name' })
      : null,
  );
  const input = el('input', {
    id,
    type: 'text',
    hidden: true,
    autocomplete: 'off',
    placeholder: variable.example ?? '',
    'aria-label': `Value of ${variable.name} for every recipient`,
  });
  const label = el(
    'label',
    { for: `${id}-mode` },
    el('code', { text: variable.name }),
    variable.required === false ? el('span', { class: 'muted', text: ' (optional)' }) : null,
  );
  const node = el('div', { class: 'fixed-value' }, label, mode, input);
  return { name: variable.name, mode, input, node };
}

// A template's variables: what each recipient's CSV column (or JSON parameter) fills in,
// as a table, as the list of CSV columns and as a CSV file with one example row.

import { el } from '../ui.js';

const KINDS = {
  TEXT: 'text',
  IMAGE: 'image URL',
  VIDEO: 'video URL',
  DOCUMENT: 'document URL',
  DOCUMENT_FILENAME: 'document file name',
  LATITUDE: 'latitude',
  LONGITUDE: 'longitude',
  LOCATION_NAME: 'location name',
  LOCATION_ADDRESS: 'location address',
  URL_SUFFIX: 'URL suffix',
  PAYLOAD: 'button payload',
  COUPON_CODE: 'coupon code',
};

// Every CSV starts with these, whatever the template.
const RECIPIENT = [
  { name: 'phone', example: '+14155550123' },
  { name: 'name', example: 'Ana' },
];

/**
 * The template's variables as the server lists them; a server that does not list them
 * yet has only the body's positional ones, counted in parameter_count.
 */
export function variablesOf(template) {
  if (Array.isArray(template?.variables)) return template.variables;
  const count = Number(template?.parameter_count) || 0;
  return Array.from({ length: count }, (_, index) => ({
    name: `body_${index + 1}`,
    part: 'body',
    kind: 'TEXT',
    required: true,
    example: null,
    description: `The body's {{${index + 1}}}`,
  }));
}

/** Where the variable goes in the message: "Body · text", "Header · image URL". */
export function whereLabel(variable) {
  const part = String(variable?.part ?? '').toLowerCase();
  const code = String(variable?.kind ?? '').toUpperCase();
  const kind = KINDS[code] ?? code.toLowerCase().replace(/_/g, ' ');
  return [part.charAt(0).toUpperCase() + part.slice(1), kind].filter(Boolean).join(' · ');
}

/** The variables as a scrolling table, or a sentence when there are none. */
export function variablesTable(variables, label) {
  if (variables.length === 0) return el('p', { class: 'muted', text: 'This template has no variables.' });
  const head = ['Name', 'Where', 'Required', 'Example', 'Description'].map((text) =>
    el('th', { scope: 'col', text }),
  );
  const rows = variables.map((variable) =>
    el(
      'tr',
      {},
      el('td', {}, el('code', { text: variable.name })),
      el('td', { class: 'nowrap', text: whereLabel(variable) }),
      el('td', { text: variable.required === false ? 'no' : 'yes' }),
      el('td', { class: 'wrap', text: variable.example ?? '—' }),
      el('td', { class: 'wrap', text: variable.description ?? '' }),
    ),
  );
  return el(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': label, tabindex: '0' },
    el('table', {}, el('thead', {}, el('tr', {}, head)), el('tbody', {}, rows)),
  );
}

/** The columns a recipients' CSV needs, as code elements; optional ones are marked. */
export function columnList(variables, fixedNames = new Set()) {
  const columns = [...RECIPIENT, ...variables.filter((variable) => !fixedNames.has(variable.name))];
  return columns.flatMap((column, index) => [
    index > 0 ? ', ' : '',
    el('code', { text: column.name }),
    column.required === false ? el('span', { class: 'muted', text: ' (optional)' }) : '',
  ]);
}

/** A CSV header and one example row; variables given a fixed value need no column. */
export function csvText(variables, fixedNames = new Set()) {
  const columns = [...RECIPIENT, ...variables.filter((variable) => !fixedNames.has(variable.name))];
  const header = columns.map((column) => csvField(column.name));
  const example = columns.map((column) => csvField(column.example ?? ''));
  return `${header.join(',')}\r\n${example.join(',')}\r\n`;
}

function csvField(value) {
  const text = String(value);
  return /[",;\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

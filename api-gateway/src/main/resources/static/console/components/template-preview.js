// A template as WhatsApp shows it, drawn from Meta's components (header, body, footer,
// buttons, a media card carousel's cards after the body). Variables take a value given
// by name, else Meta's sample, else they stay as a highlighted {{name}}. Old local
// templates have no components, only their body text.

import { el } from '../ui.js';

const VARIABLE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

const MEDIA = { IMAGE: 'Image', VIDEO: 'Video', DOCUMENT: 'Document' };

const BUTTON_ICONS = { QUICK_REPLY: '↩', URL: '↗', PHONE_NUMBER: '☎', COPY_CODE: '❐' };

/** Meta's components as an array, or null (the server may hand them over as JSON text). */
export function componentsOf(template) {
  let components = template?.components;
  if (typeof components === 'string') {
    try {
      components = JSON.parse(components);
    } catch {
      components = null;
    }
  }
  return Array.isArray(components) ? components : null;
}

/**
 * The preview of a template. values (optional) maps a variable's name to the value to
 * show instead of the sample: body_1 for the body's {{1}}, first_name for {{first_name}},
 * header_1 for a text header's {{1}}, header_image_url (video, document) for its media;
 * a carousel card's as the message's after card_<index>_ (card_0_body_1, from 0).
 */
export function templatePreview(template, values = null) {
  const components = componentsOf(template) ?? [{ type: 'BODY', text: template?.body ?? '' }];
  const part = (type) => partOf(components, type);
  const header = part('HEADER');
  const body = part('BODY');
  const footer = part('FOOTER');
  const buttons = part('BUTTONS');
  const carousel = part('CAROUSEL');
  const bubble = el(
    'div',
    { class: 'wa-bubble' },
    header ? headerOf(header, values) : null,
    body ? el('p', { class: 'wa-body' }, filled(body.text, bodyLookup(body, values))) : null,
    footer?.text ? el('p', { class: 'wa-footer', text: footer.text }) : null,
  );
  return el(
    'div',
    { class: 'wa-preview', role: 'group', 'aria-label': `Preview of ${template?.name ?? 'the template'}` },
    bubble,
    carousel ? carouselOf(carousel, values) : null,
    buttons ? buttonChips(buttons, values) : null,
  );
}

function partOf(components, type) {
  return components.find((component) => String(component?.type).toUpperCase() === type);
}

/** A value worth showing as text, or undefined. */
function present(value) {
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

function given(values, name) {
  return present(values?.[name]);
}

/**
 * Finds a variable's value: given by name first, else Meta's positional or named sample.
 * scope: what a carousel card's names start with (card_0_), else nothing.
 */
function lookup(prefix, positional, named, values, scope = '') {
  const samples = Array.isArray(positional) ? positional : [];
  const namedSamples = Array.isArray(named) ? named : [];
  return (token) => {
    const numbered = /^\d+$/.test(token);
    const name = `${scope}${numbered ? `${prefix}_${token}` : token}`;
    const sample = numbered
      ? samples[Number(token) - 1]
      : namedSamples.find((param) => param?.param_name === token)?.example;
    return { name, value: given(values, name) ?? present(sample) };
  };
}

function bodyLookup(body, values, scope = '') {
  const example = body.example ?? {};
  const positional = Array.isArray(example.body_text) ? example.body_text[0] : null;
  return lookup('body', positional, example.body_text_named_params, values, scope);
}

/** Text and elements: each {{variable}} as its value, or marked when it has none. */
function filled(text, find) {
  const source = String(text ?? '');
  const nodes = [];
  let last = 0;
  for (const match of source.matchAll(VARIABLE)) {
    nodes.push(source.slice(last, match.index));
    const { name, value } = find(match[1]);
    nodes.push(
      value === undefined
        ? el('mark', { class: 'wa-var-missing', title: `${name}: no value or sample`, text: `{{${match[1]}}}` })
        : el('span', { class: 'wa-var', title: name, text: value }),
    );
    last = match.index + match[0].length;
  }
  nodes.push(source.slice(last));
  return nodes;
}

function headerOf(header, values, scope = '', alt = 'Header image (sample)') {
  const format = String(header.format ?? 'TEXT').toUpperCase();
  if (format === 'TEXT') {
    const example = header.example ?? {};
    const find = lookup('header', example.header_text, example.header_text_named_params, values, scope);
    return el('p', { class: 'wa-header' }, filled(header.text, find));
  }
  if (format === 'LOCATION') return placeholder('Location', null);
  const kind = MEDIA[format] ?? format;
  const url = given(values, `${scope}header_${format.toLowerCase()}_url`) ?? header.example?.header_handle?.[0];
  const box = placeholder(kind, url);
  if (format !== 'IMAGE' || !isWebUrl(url)) return box;
  const image = el('img', { class: 'wa-media', src: url, alt, loading: 'lazy' });
  // A URL the browser cannot load (or may not, by the page's policy) shows as the box.
  image.addEventListener('error', () => image.replaceWith(box), { once: true });
  return image;
}

function placeholder(kind, url) {
  return el(
    'div',
    { class: 'wa-media wa-placeholder' },
    el('span', { class: 'wa-media-kind', text: kind }),
    url ? el('span', { class: 'wa-media-url', text: url }) : null,
  );
}

/** Where a button leads: a URL (with its {{1}} suffix when one is given) or a phone number. */
function targetOf(type, button, suffix) {
  if (type === 'PHONE_NUMBER') return button.phone_number ?? null;
  if (type !== 'URL' || !button.url) return null;
  return suffix === undefined ? button.url : String(button.url).replace(VARIABLE, () => suffix);
}

function isWebUrl(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url);
}

function buttonChips(component, values, scope = '') {
  const buttons = Array.isArray(component.buttons) ? component.buttons : [];
  return el(
    'ul',
    { class: 'wa-buttons', 'aria-label': 'Buttons' },
    buttons.map((entry, index) => {
      const button = entry ?? {};
      const type = String(button.type ?? '').toUpperCase();
      const target = targetOf(type, button, given(values, `${scope}button_${index}_url_suffix`));
      return el(
        'li',
        { class: 'wa-button', title: target || null },
        el('span', { 'aria-hidden': 'true', text: BUTTON_ICONS[type] ?? '•' }),
        ` ${button.text || type.toLowerCase().replace(/_/g, ' ')}`,
        target ? el('span', { class: 'wa-button-target', text: target }) : null,
      );
    }),
  );
}

/** A media card carousel: its cards side by side, scrolled sideways as on a phone. */
function carouselOf(carousel, values) {
  const cards = Array.isArray(carousel.cards) ? carousel.cards : [];
  return el(
    'div',
    { class: 'preview-carousel', role: 'region', 'aria-label': `Carousel of ${cards.length} cards`, tabindex: '0' },
    el('ul', { class: 'wa-cards' }, cards.map((card, index) => cardOf(card, index, values))),
  );
}

/** One card: its header media, its body and its buttons, with its card_<index>_ values. */
function cardOf(card, index, values) {
  const components = componentsOf(card) ?? [];
  const header = partOf(components, 'HEADER');
  const body = partOf(components, 'BODY');
  const buttons = partOf(components, 'BUTTONS');
  const scope = `card_${index}_`;
  return el(
    'li',
    { class: 'preview-card' },
    el(
      'div',
      { class: 'wa-bubble' },
      header ? headerOf(header, values, scope, `Card ${index + 1} image`) : null,
      body ? el('p', { class: 'wa-body' }, filled(body.text, bodyLookup(body, values, scope))) : null,
    ),
    buttons ? buttonChips(buttons, values, scope) : null,
  );
}

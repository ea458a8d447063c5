// DOM helpers shared by the console pages and their components. All user data goes into
// the page through textContent or attributes, never innerHTML, so names and CSV values
// cannot inject markup.

/**
 * Creates an element. attrs: "class", "text" (textContent), "dataset" (object), boolean
 * properties (hidden, disabled, checked) and any other attribute. Children: nodes or strings.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'hidden' || key === 'disabled' || key === 'checked') node[key] = Boolean(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** The element with this id; a component passes its root to look only at its own parts. */
export function byId(id, root = document) {
  return root === document ? document.getElementById(id) : root.querySelector(`#${CSS.escape(id)}`);
}

/** Sets an element's text, tolerating a missing element (pages share these helpers). */
export function setText(id, value, root = document) {
  const node = byId(id, root);
  if (node) node.textContent = value;
}

// ---------------------------------------------------------------- formatting

const numberFormat = new Intl.NumberFormat();

export function formatNumber(value) {
  return typeof value === 'number' && Number.isFinite(value) ? numberFormat.format(value) : '0';
}

export function formatDate(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}

export function formatPercent(ratio) {
  return `${(Number(ratio || 0) * 100).toFixed(1)}%`;
}

/** A template as its choosers list it: name, language and whether Meta approved it. */
export function templateLabel(template) {
  const language = template.language ? ` (${template.language})` : '';
  return `${template.name}${language} — ${template.status}`;
}

/** A datetime-local value ("2026-11-23T10:30") as ISO-8601 with this browser's offset. */
export function localToIsoWithOffset(value) {
  if (!value) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const pad = (n) => String(Math.abs(Math.trunc(n))).padStart(2, '0');
  // getTimezoneOffset is minutes *behind* UTC, so its sign is the opposite of ISO's.
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}

// ---------------------------------------------------------------- badges and progress

/** A status or type badge; the colour comes from the CSS class of its value. */
export function badge(value, kind = 'status') {
  const text = value || 'UNKNOWN';
  return el('span', { class: `badge ${kind}-${text.toLowerCase()}`, text });
}

/** A labelled progress bar with its percentage as visible text. */
export function progressBar(percent, label) {
  const value = Math.max(0, Math.min(100, Number(percent) || 0));
  const text = `${value.toFixed(value % 1 === 0 ? 0 : 1)}%`;
  const bar = el('progress', { max: '100', value: String(value), 'aria-label': label }, text);
  return el('div', { class: 'progress' }, bar, el('span', { class: 'progress-text', text }));
}

// ---------------------------------------------------------------- problems and toasts

/**
 * Shows an error in a role="alert" box: the problem's title and detail, and each
 * invalid field with its reason and the rejected value. Errors of an ending session
 * are not shown: the page is already on its way to the login form.
 */
export function showProblem(error, box = byId('problem')) {
  if (!box || error?.expired) return;
  if (error?.name === 'AbortError') return;
  const title = error?.title || 'Something went wrong';
  const detail = error?.detail ?? error?.message ?? '';
  const children = [el('p', { class: 'problem-title', text: title })];
  if (detail && detail !== title) children.push(el('p', { text: detail }));
  const current = error?.problem?.current_status;
  if (current) children.push(el('p', { text: `Current status: ${current}` }));
  const errors = Array.isArray(error?.errors) ? error.errors : [];
  if (errors.length > 0) {
    children.push(el('ul', { class: 'problem-fields' }, errors.map(fieldErrorItem)));
  }
  box.replaceChildren(...children);
  box.hidden = false;
  // Bring the box into view: an alert below the fold is announced but not seen.
  box.scrollIntoView({ block: 'nearest' });
}

function fieldErrorItem(fieldError) {
  const rejected = fieldError.rejected_value;
  const hasValue = rejected !== undefined && rejected !== null && rejected !== '';
  return el(
    'li',
    {},
    el('strong', { text: fieldError.field || 'request' }),
    `: ${fieldError.reason || 'invalid'}`,
    hasValue ? el('span', { class: 'rejected', text: ` (rejected value: ${formatRejected(rejected)})` }) : null,
  );
}

function formatRejected(value) {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function clearProblem(box = byId('problem')) {
  if (!box) return;
  box.replaceChildren();
  box.hidden = true;
}

let toastTimer;

/** A short success message in the polite live region #toast. */
export function toast(message) {
  const node = byId('toast');
  if (!node) return;
  node.textContent = message;
  node.classList.add('visible');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    node.classList.remove('visible');
    node.textContent = '';
  }, 4000);
}

/** Keeps periodic refreshes quiet while the tab is hidden. */
export function every(ms, task) {
  const id = setInterval(() => {
    if (!document.hidden) task();
  }, ms);
  return () => clearInterval(id);
}

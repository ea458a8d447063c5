// The deliveries of the chosen endpoint, newest first, a page at a time and filtered by
// status: each POST with its events, its attempts and the endpoint's last answer, a Retry
// button while it is pending or failed, and its payload when its row is chosen.

import { api } from '../api.js';
import { badge, byId, clearProblem, el, formatDate, formatNumber, setText, showProblem, toast } from '../ui.js';
import { Pager } from './pager.js';

const PAGE_SIZE = 20;

// How long after a test or a retry the list follows the deliveries, whatever their status.
const FOLLOW_MS = 60_000;

export class WebhookDeliveries {
  #root;
  #body;
  #empty;
  #pager;
  #endpoint = null;
  #items = [];
  #status = '';
  #payloadId = null;
  #followUntil = 0;
  // Only the last request's answer is shown: an earlier one may come back after it.
  #request = 0;

  constructor(root) {
    this.#root = root;
    this.#body = byId('delivery-list', root);
    this.#empty = byId('delivery-empty', root);
    this.#pager = new Pager(byId('delivery-pager', root), PAGE_SIZE, () => this.load());
    byId('delivery-status', root).addEventListener('change', (event) => {
      this.#status = event.target.value;
      this.load({ page: 0 });
    });
    byId('refresh-deliveries', root).addEventListener('click', () => this.load());
    this.#body.addEventListener('click', (event) => {
      const row = event.target.closest('tr[data-delivery-id]');
      if (!row) return;
      const retry = event.target.closest('button[data-action="retry"]');
      if (retry) this.#retry(row.dataset.deliveryId, retry);
      else this.#showPayload(row.dataset.deliveryId);
    });
  }

  /** endpoint: the one whose deliveries to show, or null for none. */
  show(endpoint) {
    const changed = String(endpoint?.id) !== String(this.#endpoint?.id);
    this.#endpoint = endpoint;
    byId('deliveries-none', this.#root).hidden = endpoint !== null;
    byId('deliveries-body', this.#root).hidden = endpoint === null;
    byId('delivery-filters', this.#root).hidden = endpoint === null;
    setText('deliveries-endpoint', endpoint ? `Requests to ${endpoint.url}, newest first.` : '', this.#root);
    if (!changed) return;
    // An answer still on its way is the other endpoint's.
    this.#request += 1;
    this.#items = [];
    this.#hidePayload();
    this.#body.replaceChildren();
    this.#empty.hidden = true;
    this.#pager.hide();
    if (endpoint) this.load({ page: 0 });
  }

  /** Brings the deliveries into view below the endpoints. */
  reveal() {
    const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.#root.scrollIntoView({ block: 'start', behavior: still ? 'auto' : 'smooth' });
  }

  /** After a test event: its delivery is the newest, on the first page. */
  follow() {
    this.#followUntil = Date.now() + FOLLOW_MS;
    this.load({ page: 0 });
  }

  /** Pending deliveries change by themselves, and any does for a while after a retry. */
  refreshWhileMoving() {
    if (!this.#endpoint) return;
    const moving = Date.now() < this.#followUntil || this.#items.some((item) => item.status === 'PENDING');
    if (moving) this.load({ quiet: true });
  }

  /** Loads a page (the current one by default); quiet leaves failures unreported. */
  async load({ page = this.#pager.page, quiet = false } = {}) {
    if (!this.#endpoint) return;
    const request = ++this.#request;
    this.#pager.page = page;
    this.#body.setAttribute('aria-busy', 'true');
    try {
      const params = new URLSearchParams({ page, size: PAGE_SIZE });
      if (this.#status) params.set('status', this.#status);
      // An array; the total is in X-Total-Count, as for the campaign list.
      const response = await api(`${this.#path()}?${params}`, { expect: 'response' });
      const items = (await response.json()) ?? [];
      if (request !== this.#request) return;
      // A page emptied meanwhile (its pending deliveries were delivered): show the one before.
      if (items.length === 0 && page > 0) {
        await this.load({ page: page - 1, quiet });
        return;
      }
      this.#items = items;
      this.#render();
      this.#pager.show(Number(response.headers.get('X-Total-Count') ?? items.length), items.length);
    } catch (error) {
      if (!quiet && request === this.#request) showProblem(error);
    } finally {
      if (request === this.#request) this.#body.setAttribute('aria-busy', 'false');
    }
  }

  #path() {
    return `/webhooks/endpoints/${encodeURIComponent(this.#endpoint.id)}/deliveries`;
  }

  async #retry(id, button) {
    clearProblem();
    button.disabled = true;
    const endpoint = this.#endpoint;
    try {
      const delivery = await api(`${this.#path()}/${encodeURIComponent(id)}/retry`, { method: 'POST' });
      toast('Delivery retried');
      // Another endpoint may have been chosen meanwhile.
      if (endpoint !== this.#endpoint) return;
      this.#followUntil = Date.now() + FOLLOW_MS;
      const index = this.#items.findIndex((item) => String(item.id) === String(delivery.id));
      if (index !== -1) this.#items[index] = delivery;
      this.#render();
    } catch (error) {
      showProblem(error);
      // 404 or 409: gone or delivered meanwhile; show it as it is.
      await this.load({ quiet: true });
    } finally {
      if (button.isConnected) button.disabled = false;
    }
  }

  async #showPayload(id) {
    clearProblem();
    const endpoint = this.#endpoint;
    try {
      const delivery = await api(`${this.#path()}/${encodeURIComponent(id)}`);
      // Another endpoint may have been chosen meanwhile.
      if (endpoint !== this.#endpoint) return;
      this.#payloadId = String(delivery.id);
      this.#markChosen();
      const box = byId('delivery-payload-box', this.#root);
      setText('delivery-payload-heading', `Payload of the delivery created ${formatDate(delivery.created_at)}`, box);
      setText('delivery-payload', readable(delivery.payload), box);
      box.hidden = false;
      box.scrollIntoView({ block: 'nearest' });
    } catch (error) {
      showProblem(error);
    }
  }

  #hidePayload() {
    this.#payloadId = null;
    byId('delivery-payload-box', this.#root).hidden = true;
    setText('delivery-payload', '', this.#root);
  }

  /**
   * Rows are replaced on each refresh: a keyboard user's focus on one of their buttons
   * moves to the same button of the new row.
   */
  #render() {
    const focused = document.activeElement?.closest?.('tr[data-delivery-id] button[data-action]');
    const from =
      focused && this.#body.contains(focused)
        ? { id: focused.closest('tr').dataset.deliveryId, action: focused.dataset.action }
        : null;
    this.#body.replaceChildren(...this.#items.map(deliveryRow));
    this.#markChosen();
    this.#empty.hidden = this.#items.length > 0;
    this.#empty.textContent = this.#status
      ? `No ${this.#status.toLowerCase()} deliveries. Choose “All statuses” to see the others.`
      : 'Nothing sent to this endpoint yet. Events go out as they happen; “Send test event” sends one now.';
    if (from) {
      const row = this.#body.querySelector(`tr[data-delivery-id="${CSS.escape(from.id)}"]`);
      // The new row is where the old one was: nothing to scroll to.
      row?.querySelector(`button[data-action="${from.action}"]`)?.focus({ preventScroll: true });
    }
  }

  #markChosen() {
    for (const row of this.#body.rows) {
      const chosen = row.dataset.deliveryId === this.#payloadId;
      row.classList.toggle('selected', chosen);
      row.querySelector('button[data-action="payload"]').setAttribute('aria-pressed', String(chosen));
    }
  }
}

function deliveryRow(delivery) {
  const created = formatDate(delivery.created_at);
  const retryable = delivery.status === 'PENDING' || delivery.status === 'FAILED';
  const types = delivery.event_types ?? [];
  return el(
    'tr',
    {
      dataset: { deliveryId: String(delivery.id), status: delivery.status, attempts: String(delivery.attempts ?? 0) },
    },
    el(
      'td',
      { class: 'nowrap' },
      el('button', {
        type: 'button',
        class: 'link-button',
        dataset: { action: 'payload' },
        'aria-pressed': 'false',
        'aria-label': `Payload of the delivery created ${created}`,
        text: created,
      }),
    ),
    el('td', {}, badge(delivery.status), statusNote(delivery)),
    el(
      'td',
      { class: 'wrap' },
      types.join(', '),
      delivery.event_count > 1
        ? el('span', { class: 'sub', text: `${formatNumber(delivery.event_count)} events` })
        : null,
    ),
    el('td', { class: 'num', text: formatNumber(delivery.attempts) }),
    lastAnswerCell(delivery),
    el('td', { class: 'nowrap', text: formatDate(delivery.next_attempt_at) }),
    el(
      'td',
      { class: 'actions' },
      retryable
        ? el('button', {
            type: 'button',
            class: 'secondary small',
            dataset: { action: 'retry' },
            'aria-label': `Retry the delivery created ${created}`,
            text: 'Retry',
          })
        : null,
    ),
  );
}

/** When it was delivered, or until when it is retried. */
function statusNote(delivery) {
  if (delivery.status === 'DELIVERED' && delivery.delivered_at) {
    return el('span', { class: 'sub', text: formatDate(delivery.delivered_at) });
  }
  if (delivery.status === 'PENDING' && delivery.give_up_at) {
    return el('span', { class: 'sub', text: `Retried until ${formatDate(delivery.give_up_at)}` });
  }
  return null;
}

/** The endpoint's last HTTP status, or why there was none (a refused connection, a timeout). */
function lastAnswerCell(delivery) {
  const code = delivery.last_status_code;
  const error = delivery.last_error;
  return el(
    'td',
    { class: 'wrap', dataset: { column: 'last-answer' } },
    code !== null && code !== undefined ? el('code', { text: `HTTP ${code}` }) : null,
    error ? el('span', { class: 'sub', text: error }) : null,
    (code === null || code === undefined) && !error ? '—' : null,
  );
}

/** The payload indented when it is JSON (the server answers it as a string). */
function readable(payload) {
  if (payload === null || payload === undefined) return '';
  if (typeof payload !== 'string') return JSON.stringify(payload, null, 2);
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

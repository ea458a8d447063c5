// The user's webhook endpoints: what each subscribes to, whether it is enabled (or why the
// system disabled it, and since when it fails), and its buttons: send a test event,
// disable or enable, rotate the secret, delete. Choosing an endpoint's URL shows its
// deliveries.

import { api } from '../api.js';
import { badge, byId, clearProblem, el, formatDate, showProblem, toast } from '../ui.js';
import { confirmAction } from './dialog.js';

export class WebhookList {
  #body;
  #empty;
  #handlers;
  #items = [];
  #selectedId = null;

  /**
   * onSelect(endpoint, byUser) runs when the user chooses an endpoint, and again (byUser
   * false) when the list changes: with the endpoint as it is now, or null when it is
   * gone. onRotated(endpoint) gets the endpoint with its new secret, onTested(delivery)
   * the test event's delivery, onDeleted(id) the id of a deleted endpoint.
   */
  constructor(root, { onSelect, onRotated, onTested, onDeleted }) {
    this.#body = byId('endpoint-list', root);
    this.#empty = byId('endpoint-empty', root);
    this.#handlers = { onSelect, onRotated, onTested, onDeleted };
    byId('refresh-endpoints', root).addEventListener('click', () => this.load());
    this.#body.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-action]');
      if (!button) return;
      const id = button.closest('tr').dataset.endpointId;
      if (button.dataset.action === 'select') this.select(id, true);
      else this.#run(button.dataset.action, id, button);
    });
  }

  async load() {
    this.#body.setAttribute('aria-busy', 'true');
    try {
      const answer = await api('/webhooks/endpoints');
      this.#items = Array.isArray(answer) ? answer : [];
      this.#render();
    } catch (error) {
      showProblem(error);
    } finally {
      this.#body.setAttribute('aria-busy', 'false');
    }
  }

  /** id: the endpoint to choose, or null for none. */
  select(id, byUser = false) {
    const endpoint = this.#find(id);
    this.#selectedId = endpoint ? String(endpoint.id) : null;
    for (const row of this.#body.rows) {
      const chosen = row.dataset.endpointId === this.#selectedId;
      row.classList.toggle('selected', chosen);
      row.querySelector('button[data-action="select"]').setAttribute('aria-pressed', String(chosen));
    }
    this.#handlers.onSelect(endpoint, byUser);
  }

  #find(id) {
    return this.#items.find((item) => String(item.id) === String(id)) ?? null;
  }

  async #run(action, id, button) {
    const endpoint = this.#find(id);
    if (!endpoint) return;
    clearProblem();
    if (!(await confirmed(action, endpoint))) return;
    button.disabled = true;
    try {
      await this.#perform(action, endpoint);
    } catch (error) {
      showProblem(error);
      // 404: deleted meanwhile (in another tab); show what is left.
      if (error.status === 404) await this.load();
    } finally {
      // A reload replaced the row; a button still here is that of an unchanged row.
      if (button.isConnected) button.disabled = false;
    }
  }

  async #perform(action, endpoint) {
    const path = `/webhooks/endpoints/${encodeURIComponent(endpoint.id)}`;
    switch (action) {
      case 'test': {
        const delivery = await api(`${path}/test`, { method: 'POST' });
        toast(`Test event on its way to ${endpoint.url}`);
        this.select(endpoint.id, true);
        this.#handlers.onTested(delivery);
        return;
      }
      case 'disable':
      case 'enable': {
        const enabled = action === 'enable';
        this.#replace(await api(path, { method: 'PATCH', body: { enabled } }));
        toast(`${endpoint.url} ${enabled ? 'enabled' : 'disabled'}`);
        return;
      }
      case 'rotate': {
        const rotated = await api(`${path}/secret`, { method: 'POST' });
        this.#replace(rotated);
        toast('Secret rotated: copy the new one now');
        this.#handlers.onRotated(rotated);
        return;
      }
      case 'delete': {
        await api(path, { method: 'DELETE' });
        toast(`${endpoint.url} deleted`);
        this.#handlers.onDeleted(String(endpoint.id));
        await this.load();
        return;
      }
      default:
        throw new Error(`Unknown action ${action}`);
    }
  }

  /** Shows an endpoint as an action answered it; its secret, if any, is not kept. */
  #replace(endpoint) {
    const { secret, ...shown } = endpoint;
    const index = this.#items.findIndex((item) => String(item.id) === String(shown.id));
    if (index === -1) return;
    this.#items[index] = shown;
    this.#render();
  }

  #render() {
    this.#body.replaceChildren(...this.#items.map(endpointRow));
    this.#empty.hidden = this.#items.length > 0;
    // The chosen endpoint as it is now, or none when it is gone.
    this.select(this.#selectedId);
  }
}

/** Deleting and rotating cannot be undone: ask first. The rest is asked nothing. */
async function confirmed(action, endpoint) {
  if (action === 'delete') {
    const answer = await confirmAction({
      title: 'Delete webhook endpoint?',
      message: `${endpoint.url} is sent nothing more. To receive events there again, register it anew: it gets a new secret.`,
      confirmLabel: 'Delete',
      danger: true,
    });
    return answer.ok;
  }
  if (action === 'rotate') {
    const answer = await confirmAction({
      title: 'Rotate the signing secret?',
      message: `Requests to ${endpoint.url} are signed with a new secret, shown once. The old one stops at once: until your endpoint checks them with the new one, it refuses them.`,
      confirmLabel: 'Rotate secret',
      danger: true,
    });
    return answer.ok;
  }
  return true;
}

/** A line under a cell's main value. */
function note(text) {
  return el('span', { class: 'sub', text });
}

function endpointRow(endpoint) {
  const url = endpoint.url ?? '';
  const enabled = endpoint.status === 'ENABLED';
  const button = (action, text, label, className = 'secondary small') =>
    el('button', { type: 'button', class: className, dataset: { action }, 'aria-label': label, text });
  return el(
    'tr',
    { dataset: { endpointId: String(endpoint.id), status: endpoint.status } },
    el(
      'th',
      { scope: 'row' },
      el('button', {
        type: 'button',
        class: 'link-button',
        dataset: { action: 'select' },
        'aria-pressed': 'false',
        text: url,
      }),
      endpoint.description ? el('span', { class: 'sub', text: endpoint.description }) : null,
    ),
    el('td', { class: 'wrap', text: (endpoint.events ?? []).join(', ') }),
    el(
      'td',
      {},
      badge(endpoint.status),
      endpoint.disabled_reason ? note(endpoint.disabled_reason) : null,
      !enabled && endpoint.disabled_at ? note(`Disabled ${formatDate(endpoint.disabled_at)}`) : null,
      endpoint.failing_since ? note(`Failing since ${formatDate(endpoint.failing_since)}`) : null,
    ),
    el('td', { class: 'nowrap', text: formatDate(endpoint.created_at) }),
    el(
      'td',
      { class: 'actions' },
      el(
        'div',
        { class: 'button-row' },
        button('test', 'Send test event', `Send test event to ${url}`),
        enabled ? button('disable', 'Disable', `Disable ${url}`) : button('enable', 'Enable', `Enable ${url}`),
        button('rotate', 'Rotate secret', `Rotate secret of ${url}`),
        button('delete', 'Delete', `Delete ${url}`, 'danger small'),
      ),
    ),
  );
}

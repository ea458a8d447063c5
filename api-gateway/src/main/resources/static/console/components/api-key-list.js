// The user's API keys, newest first: what each may do, from where and until when, when it
// was last used, and a Revoke button that asks first, since the programs using the key
// are refused from their next request and there is no way back.

import { api } from '../api.js';
import { byId, clearProblem, el, formatDate, showProblem, toast } from '../ui.js';
import { confirmAction } from './dialog.js';

export class ApiKeyList {
  #body;
  #empty;
  #items = [];

  constructor(root) {
    this.#body = byId('key-list', root);
    this.#empty = byId('key-empty', root);
    byId('refresh-keys', root).addEventListener('click', () => this.load());
    this.#body.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-action="revoke"]');
      if (button) this.#revoke(button.closest('tr').dataset.keyId, button);
    });
  }

  async load() {
    this.#body.setAttribute('aria-busy', 'true');
    try {
      const answer = await api('/api-keys');
      this.#items = Array.isArray(answer) ? answer : [];
      this.#render();
    } catch (error) {
      showProblem(error);
    } finally {
      this.#body.setAttribute('aria-busy', 'false');
    }
  }

  async #revoke(id, button) {
    const key = this.#items.find((item) => item.id === id);
    if (!key) return;
    clearProblem();
    const answer = await confirmAction({
      title: 'Revoke API key?',
      message: `“${key.name}” (${key.prefix}) stops working at once: programs that use it are refused from their next request.`,
      confirmLabel: 'Revoke',
      danger: true,
    });
    if (!answer.ok) return;
    button.disabled = true;
    try {
      await api(`/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' });
      toast(`“${key.name}” revoked`);
      await this.load();
    } catch (error) {
      showProblem(error);
      // 404: revoked meanwhile (in another tab, or by an admin); show what is left.
      if (error.status === 404) await this.load();
    } finally {
      // The reload replaced the row; a button still here is that of a key not revoked.
      if (button.isConnected) button.disabled = false;
    }
  }

  #render() {
    this.#body.replaceChildren(...this.#items.map(keyRow));
    this.#empty.hidden = this.#items.length > 0;
  }
}

function keyRow(key) {
  const name = key.name || '(unnamed)';
  const revoke = el('button', {
    type: 'button',
    class: 'danger small',
    dataset: { action: 'revoke' },
    'aria-label': `Revoke ${name}`,
    text: 'Revoke',
  });
  return el(
    'tr',
    { dataset: { keyId: key.id } },
    el('th', { scope: 'row', text: name }),
    el('td', { class: 'nowrap' }, el('code', { text: key.prefix ?? '' })),
    el('td', { class: 'wrap', text: (key.scopes ?? []).join(', ') }),
    el('td', { class: 'nowrap', text: formatDate(key.created_at) }),
    el('td', { class: 'nowrap', text: key.last_used_at ? formatDate(key.last_used_at) : 'Never' }),
    el('td', { class: 'nowrap', text: expiry(key.expires_at) }),
    el('td', { class: 'wrap', text: key.allowed_networks?.length ? key.allowed_networks.join(', ') : 'Anywhere' }),
    el('td', { class: 'actions' }, revoke),
  );
}

/** An expired key is still listed (until revoked), so say that its date has passed. */
function expiry(expiresAt) {
  if (!expiresAt) return 'Never';
  const date = formatDate(expiresAt);
  return new Date(expiresAt).getTime() <= Date.now() ? `Expired ${date}` : date;
}

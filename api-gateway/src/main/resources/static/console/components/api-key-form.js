// The "New API key" panel: a name, the scopes, an optional expiry and the networks the key
// may be used from. The server keeps only a hash of the key, so the secret in its answer
// shows here once, with a Copy button, until the user says it is saved.

import { api } from '../api.js';
import { byId, clearProblem, localToIsoWithOffset, setText, showProblem, toast } from '../ui.js';

export class ApiKeyForm {
  #root;
  #form;
  #onCreated;

  /** onCreated(key) runs after a key was made, before the form is usable again. */
  constructor(root, { onCreated }) {
    this.#root = root;
    this.#form = byId('key-form', root);
    this.#onCreated = onCreated;
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#create();
    });
    this.#field('key-secret-copy').addEventListener('click', () => this.#copy());
    this.#field('key-secret-done').addEventListener('click', () => this.#hideSecret());
  }

  #field(id) {
    return byId(id, this.#root);
  }

  /** The request as the user filled it in; the server checks it and names any bad field. */
  #payload() {
    const payload = {
      name: this.#field('key-name').value.trim(),
      scopes: [...this.#form.querySelectorAll('input[name="scopes"]:checked')].map((box) => box.value),
    };
    const expires = localToIsoWithOffset(this.#field('key-expires').value);
    if (expires) payload.expires_at = expires;
    // No address or network holds a comma or a space, so either may separate them.
    const networks = this.#field('key-networks').value.split(/[\s,]+/).filter((network) => network !== '');
    if (networks.length > 0) payload.allowed_networks = networks;
    return payload;
  }

  async #create() {
    clearProblem();
    const submit = this.#field('key-submit');
    submit.disabled = true;
    submit.textContent = 'Creating…';
    this.#form.setAttribute('aria-busy', 'true');
    try {
      const key = await api('/api-keys', { body: this.#payload() });
      this.#showSecret(key);
      toast(`API key “${key.name}” created`);
      this.#form.reset();
      await this.#onCreated(key);
    } catch (error) {
      showProblem(error);
    } finally {
      submit.disabled = false;
      submit.textContent = 'Create key';
      this.#form.setAttribute('aria-busy', 'false');
    }
  }

  /** Replaces any secret shown before: its title names the key it belongs to. */
  #showSecret(key) {
    const box = this.#field('key-secret');
    setText('key-secret-title', `Copy the key “${key.name}” now`, this.#root);
    setText('key-secret-value', key.key, this.#root);
    setText('key-secret-status', '', this.#root);
    // Which row of the list the secret belongs to.
    box.dataset.keyId = key.id;
    box.hidden = false;
    // Focus brings it into view and has screen readers read it.
    box.focus();
  }

  /** Also takes the secret out of the page, so that it is not left there. */
  #hideSecret() {
    const box = this.#field('key-secret');
    box.hidden = true;
    delete box.dataset.keyId;
    setText('key-secret-value', '', this.#root);
    setText('key-secret-status', '', this.#root);
  }

  async #copy() {
    const value = this.#field('key-secret-value');
    try {
      // Only in a secure context (HTTPS or localhost); elsewhere navigator.clipboard is
      // missing and this throws.
      await navigator.clipboard.writeText(value.textContent);
      setText('key-secret-status', 'Copied to the clipboard.', this.#root);
    } catch {
      // Select it instead, so that one key press copies it.
      getSelection().selectAllChildren(value);
      setText('key-secret-status', 'The browser does not let the page copy: press Ctrl+C (⌘C on a Mac).', this.#root);
    }
  }
}

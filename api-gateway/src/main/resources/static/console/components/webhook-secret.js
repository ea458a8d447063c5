// The signing secret of an endpoint, shown once: after the endpoint is made and after its
// secret is rotated. The server answers it only then, so it stays here, with a Copy
// button, until the user says it is saved.

import { byId, setText } from '../ui.js';

const CREATED =
  'Your endpoint checks the webhook-signature of each request with it. It will not be shown again: if you lose it, rotate it.';
const ROTATED =
  'The old secret stopped working at once: requests are signed with this one from now on. It will not be shown again.';

export class WebhookSecret {
  #box;

  constructor(box) {
    this.#box = box;
    this.#part('endpoint-secret-copy').addEventListener('click', () => this.#copy());
    this.#part('endpoint-secret-done').addEventListener('click', () => this.#hide());
  }

  #part(id) {
    return byId(id, this.#box);
  }

  /** Replaces any secret shown before: its title names the endpoint it belongs to. */
  show(endpoint, { rotated }) {
    const title = `Copy the ${rotated ? 'new ' : ''}signing secret of ${endpoint.url} now`;
    setText('endpoint-secret-title', title, this.#box);
    setText('endpoint-secret-note', rotated ? ROTATED : CREATED, this.#box);
    setText('endpoint-secret-value', endpoint.secret ?? '', this.#box);
    setText('endpoint-secret-status', '', this.#box);
    // Which row of the list the secret belongs to.
    this.#box.dataset.endpointId = String(endpoint.id);
    this.#box.hidden = false;
    // Focus brings it into view and has screen readers read it.
    this.#box.focus();
  }

  /** A deleted endpoint's secret is no use any more. */
  forget(endpointId) {
    if (this.#box.dataset.endpointId === String(endpointId)) this.#hide();
  }

  /** Also takes the secret out of the page, so that it is not left there. */
  #hide() {
    this.#box.hidden = true;
    delete this.#box.dataset.endpointId;
    setText('endpoint-secret-value', '', this.#box);
    setText('endpoint-secret-status', '', this.#box);
  }

  async #copy() {
    const value = this.#part('endpoint-secret-value');
    try {
      // Only in a secure context (HTTPS or localhost); elsewhere navigator.clipboard is
      // missing and this throws.
      await navigator.clipboard.writeText(value.textContent);
      setText('endpoint-secret-status', 'Copied to the clipboard.', this.#box);
    } catch {
      // Select it instead, so that one key press copies it.
      getSelection().selectAllChildren(value);
      setText('endpoint-secret-status', 'The browser does not let the page copy: press Ctrl+C (⌘C on a Mac).', this.#box);
    }
  }
}

// The "New endpoint" panel: the URL, the events it subscribes to (a checkbox for each type
// the server names) and an optional description. The server checks the URL (https, not a
// private address) and names any bad field; the new endpoint's secret is for the page to
// show, once.

import { api } from '../api.js';
import { byId, clearProblem, el, showProblem, toast } from '../ui.js';

export class WebhookForm {
  #root;
  #form;
  #onCreated;

  /** onCreated(endpoint) runs with the new endpoint and its secret, before the form is usable again. */
  constructor(root, { onCreated }) {
    this.#root = root;
    this.#form = byId('endpoint-form', root);
    this.#onCreated = onCreated;
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#create();
    });
    this.#loadEventTypes();
  }

  #field(id) {
    return byId(id, this.#root);
  }

  async #loadEventTypes() {
    try {
      const types = await api('/webhooks/event-types');
      this.#field('endpoint-events').append(...(Array.isArray(types) ? types : []).map(eventChoice));
    } catch (error) {
      showProblem(error);
    }
  }

  /** The request as the user filled it in. */
  #payload() {
    const payload = {
      url: this.#field('endpoint-url').value.trim(),
      events: [...this.#form.querySelectorAll('input[name="events"]:checked')].map((box) => box.value),
    };
    const description = this.#field('endpoint-description').value.trim();
    if (description) payload.description = description;
    return payload;
  }

  async #create() {
    clearProblem();
    const submit = this.#field('endpoint-submit');
    submit.disabled = true;
    submit.textContent = 'Creating…';
    this.#form.setAttribute('aria-busy', 'true');
    try {
      const endpoint = await api('/webhooks/endpoints', { body: this.#payload() });
      toast(`Endpoint ${endpoint.url} created`);
      this.#form.reset();
      await this.#onCreated(endpoint);
    } catch (error) {
      showProblem(error);
    } finally {
      submit.disabled = false;
      submit.textContent = 'Create endpoint';
      this.#form.setAttribute('aria-busy', 'false');
    }
  }
}

/** "message.status" gets the id endpoint-event-message-status. */
function eventChoice({ type, description }) {
  return el(
    'label',
    {},
    el('input', {
      id: `endpoint-event-${type.replace(/[^a-z0-9]+/gi, '-')}`,
      type: 'checkbox',
      name: 'events',
      value: type,
    }),
    ' ',
    el('code', { text: type }),
    ' ',
    el('span', { class: 'muted', text: description ?? '' }),
  );
}

// The admin list's filters. They live in the address too, with the page number, so a
// filtered view can be reloaded or shared.

import { byId } from '../ui.js';
import { addStatusOptions } from './campaign-parts.js';

// Query parameter → its input.
const INPUTS = { status: 'filter-status', type: 'filter-type', user_id: 'filter-user', q: 'filter-q' };

export class CampaignFilters {
  #form;
  #values = {};

  /** onChange() runs when the admin applies, picks or clears filters. */
  constructor(form, onChange) {
    this.#form = form;
    addStatusOptions(this.#input('status'));
    const apply = () => {
      for (const key of Object.keys(INPUTS)) this.#values[key] = this.#input(key).value.trim();
      onChange();
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      apply();
    });
    // Choosing from a list is a decision already; typed filters wait for Apply or Enter.
    this.#input('status').addEventListener('change', apply);
    this.#input('type').addEventListener('change', apply);
    byId('filter-clear', form).addEventListener('click', () => {
      for (const key of Object.keys(INPUTS)) this.#input(key).value = '';
      apply();
    });
  }

  /** Fills the filters from the address and answers its page number. */
  readFromUrl() {
    const params = new URLSearchParams(location.search);
    for (const key of Object.keys(INPUTS)) {
      const value = params.get(key) ?? '';
      this.#values[key] = value;
      this.#input(key).value = value;
    }
    return Math.max(0, Number.parseInt(params.get('page') ?? '0', 10) || 0);
  }

  writeToUrl(page) {
    const params = new URLSearchParams();
    this.appendTo(params);
    if (page > 0) params.set('page', String(page));
    const query = params.toString();
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
  }

  /** Adds the filters in use to a list request's query. */
  appendTo(params) {
    for (const [key, value] of Object.entries(this.#values)) if (value) params.set(key, value);
  }

  #input(key) {
    return byId(INPUTS[key], this.#form);
  }
}

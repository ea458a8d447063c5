// The WhatsApp connection panel: the four states of the seed's panel, rendered from
// GET /whatsapp/status, polled every few seconds, with the connect form, the disconnect
// and reset buttons, and Meta's limits on the number (its business portfolio's messaging
// limit, its quality rating and its throughput level) once Meta said them.

import { api } from '../api.js';
import { clearProblem, el, every, formatDate, formatNumber, setText, showProblem, toast } from '../ui.js';
import { confirmAction } from './dialog.js';

// The sender is disconnected and its token wiped at the third failure in a row.
const MAX_FAILURES = 3;

// Meta's throughput levels, in messages a second.
const THROUGHPUT = { STANDARD: 80, HIGH: 1000 };

const RED_QUALITY =
  'Meta pauses marketing campaigns of a RED number; Meta lowers the limit of a portfolio whose numbers stay RED';

/**
 * connected: the number can send. disconnected: no failures, connect with the form.
 * retry: 1-2 failures with the session kept, connect again without a token.
 * expired: 3 failures, or a failure with the token gone: a new token is needed.
 */
function connectionState(status) {
  if (status?.status === 'CONNECTED') return 'connected';
  const failures = Number(status?.connectionFailureCount) || 0;
  if (failures >= MAX_FAILURES || (failures > 0 && !status?.session_preserved)) return 'expired';
  if (failures > 0) return 'retry';
  return 'disconnected';
}

export class ConnectionPanel {
  #root;
  #onDisconnected;
  // What the panel last showed, so a poll that changes nothing leaves typed input alone.
  #signature = null;
  #handlers = {
    connect: (body, button) => this.#connect(body, button),
    disconnect: (force, button) => this.#disconnect(force, button),
  };

  /** onDisconnected() runs after a disconnect, which pauses the number's running campaigns. */
  constructor(root, { onDisconnected }) {
    this.#root = root;
    this.#onDisconnected = onDisconnected;
  }

  start() {
    this.#refresh();
    every(5000, () => this.#refresh());
  }

  async #refresh() {
    try {
      this.#render(await api('/whatsapp/status'));
      setText('connection-refresh', `Checked at ${new Date().toLocaleTimeString()}`, this.#root);
    } catch (error) {
      if (!error.expired) setText('connection-refresh', 'Could not check the connection; retrying every 5 s', this.#root);
    }
  }

  async #connect(body, button) {
    await this.#call(button, async () => {
      const status = await api('/whatsapp/connect', { body });
      this.#render(status);
      toast(connectionState(status) === 'connected' ? 'WhatsApp connected' : 'Connection attempted');
    });
  }

  async #disconnect(force, button) {
    const answer = await confirmAction(
      force
        ? {
            title: 'Reset the connection?',
            message: 'This disconnects the number, pauses its running campaigns and deletes the stored access token: you will need a new token to connect again.',
            confirmLabel: 'Reset',
            danger: true,
          }
        : {
            title: 'Disconnect WhatsApp?',
            message: 'Running campaigns on this number are paused. Your session is kept, so you can reconnect without a new token.',
            confirmLabel: 'Disconnect',
            danger: true,
          },
    );
    if (!answer.ok) return;
    await this.#call(button, async () => {
      const status = await api('/whatsapp/disconnect', { method: 'DELETE', body: { force } });
      this.#render(status);
      toast(force ? 'Connection reset' : 'WhatsApp disconnected');
      this.#onDisconnected();
    });
  }

  async #call(button, task) {
    clearProblem();
    if (button) button.disabled = true;
    try {
      await task();
    } catch (error) {
      showProblem(error);
      this.#refresh();
    } finally {
      if (button?.isConnected) button.disabled = false;
    }
  }

  /** Renders the panel for a status; does nothing when the status did not change. */
  #render(status) {
    const state = connectionState(status);
    const signature = JSON.stringify([
      state,
      status.status,
      status.connectionFailureCount,
      status.lastConnectionFailure,
      status.phone_number_id,
      status.display_phone_number,
      status.messages_per_second,
      status.session_preserved,
      status.business_id,
      status.messaging_tier,
      status.messaging_limit,
      status.quality_rating,
      status.throughput_level,
    ]);
    if (this.#signature === signature) return;
    this.#signature = signature;

    const panel = this.#root;
    const body = panel.querySelector('#connection-body');
    const kept = keepInput(body);
    // Parts a state does not have are null; replaceChildren would print them as text.
    body.replaceChildren(...content(state, status, this.#handlers).filter(Boolean));
    restoreInput(body, kept);

    const previous = panel.dataset.state;
    panel.dataset.state = state;
    // Announce changes, not the first render of the page.
    if (previous !== 'loading' && previous !== state) {
      const announce = panel.querySelector('#connection-announce');
      if (announce) announce.textContent = headline(state, status);
    }
  }
}

function headline(state, status) {
  const failures = Number(status.connectionFailureCount) || 0;
  switch (state) {
    case 'connected':
      return 'Connected';
    case 'retry':
      return `Connection failed ${failures} time(s). Your session is preserved.`;
    case 'expired':
      return 'Session expired after 3 failed attempts. Connect again.';
    default:
      return status.status === 'NOT_CONNECTED' ? 'Not connected' : 'Disconnected';
  }
}

function content(state, status, handlers) {
  const line = el(
    'p',
    { class: `connection-state ${state}`, id: 'connection-message' },
    el('span', { class: 'dot', 'aria-hidden': 'true' }),
    el('span', { text: headline(state, status) }),
  );
  switch (state) {
    case 'connected':
      return [
        line,
        numberFacts(status),
        limitNote(status),
        failureNote(status),
        buttons(disconnectButton(handlers), resetButton(handlers)),
      ];
    case 'retry':
      return [
        line,
        numberFacts(status),
        limitNote(status),
        lastFailure(status),
        buttons(retryButton(status, handlers), resetButton(handlers)),
      ];
    case 'expired':
      return [line, lastFailure(status), connectForm(status, handlers, true), buttons(resetButton(handlers))];
    default:
      return [
        line,
        el('p', { class: 'muted', text: 'Connect your WhatsApp Business number to send campaigns.' }),
        connectForm(status, handlers, !status.session_preserved),
        // Only a number that exists can be reset.
        status.status && status.status !== 'NOT_CONNECTED' ? buttons(resetButton(handlers)) : null,
      ];
  }
}

/** The number, then each of Meta's limits on it that Meta said (null until then). */
function numberFacts(status) {
  // value: a string, or a node such as a badge; null leaves the fact out.
  const fact = (term, value) => (value === null ? null : el('div', {}, el('dt', { text: term }), el('dd', {}, value)));
  return el(
    'dl',
    { class: 'fields' },
    fact('Number', status.display_phone_number || '—'),
    fact('Phone number ID', status.phone_number_id || '—'),
    fact('Messages per second', status.messages_per_second ? formatNumber(status.messages_per_second) : '—'),
    fact('Business portfolio', status.business_id ? el('code', { text: status.business_id }) : null),
    fact('Messaging limit', messagingLimit(status)),
    fact('Quality rating', status.quality_rating ? qualityBadge(status.quality_rating) : null),
    fact('Throughput level', throughput(status.throughput_level)),
  );
}

/** "2,000 unique users / 24 h (TIER_2K)", "unlimited (TIER_UNLIMITED)", or null before Meta said. */
function messagingLimit(status) {
  const tier = status.messaging_tier ? ` (${status.messaging_tier})` : '';
  const limit = status.messaging_limit;
  if (limit === -1 || status.messaging_tier === 'TIER_UNLIMITED') return `unlimited${tier}`;
  if (typeof limit === 'number' && limit >= 0) return `${formatNumber(limit)} unique users / 24 h${tier}`;
  return status.messaging_tier || null;
}

/** GREEN, YELLOW, RED or UNKNOWN, coloured as a template's quality. */
function qualityBadge(rating) {
  const text = String(rating);
  return el('span', {
    class: `badge quality-${text.toLowerCase()}`,
    text,
    title: text === 'RED' ? RED_QUALITY : null,
  });
}

/** "HIGH (1,000 messages/s)"; a level this page does not know as Meta named it. */
function throughput(level) {
  if (!level) return null;
  const rate = Object.hasOwn(THROUGHPUT, level) ? THROUGHPUT[level] : null;
  return rate ? `${level} (${formatNumber(rate)} messages/s)` : String(level);
}

/** What a RED rating means for the campaigns, or that Meta's limits were not read yet. */
function limitNote(status) {
  if (status.quality_rating === 'RED') {
    return el('p', { class: 'hint limits-note quality-warning', text: `${RED_QUALITY}.` });
  }
  const known = [status.messaging_tier, status.messaging_limit, status.quality_rating, status.throughput_level];
  if (known.some((value) => value !== null && value !== undefined)) return null;
  return el('p', {
    class: 'hint limits-note',
    text: 'Messaging limit, quality rating and throughput level: not read from Meta yet.',
  });
}

function failureNote(status) {
  const failures = Number(status.connectionFailureCount) || 0;
  if (failures === 0) return null;
  return el('p', {
    class: 'hint',
    text: `${failures} recent connection failure(s); the third in a row disconnects the number.`,
  });
}

function lastFailure(status) {
  if (!status.lastConnectionFailure) return null;
  return el('p', { class: 'hint', text: `Last failure: ${formatDate(status.lastConnectionFailure)}` });
}

function buttons(...children) {
  return el('div', { class: 'button-row' }, ...children);
}

function disconnectButton(handlers) {
  const button = el('button', { type: 'button', id: 'conn-disconnect', class: 'secondary', text: 'Disconnect' });
  button.addEventListener('click', () => handlers.disconnect(false, button));
  return button;
}

function resetButton(handlers) {
  const button = el('button', { type: 'button', id: 'conn-reset', class: 'danger', text: 'Reset (force disconnect)' });
  button.addEventListener('click', () => handlers.disconnect(true, button));
  return button;
}

function retryButton(status, handlers) {
  const button = el('button', { type: 'button', id: 'conn-retry', text: 'Retry connection' });
  // No token: the server reuses the stored session.
  button.addEventListener('click', () => handlers.connect({ phone_number_id: status.phone_number_id }, button));
  return button;
}

/** The connect form; the token is optional only while a stored session exists. */
function connectForm(status, handlers, tokenRequired) {
  const field = (id, label, input, hint) =>
    el(
      'div',
      { class: 'field' },
      el('label', { for: id, text: label }),
      input,
      hint ? el('p', { class: 'hint', id: `${id}-hint`, text: hint }) : null,
    );
  const phone = el('input', {
    id: 'conn-phone-id',
    name: 'phone_number_id',
    type: 'text',
    required: true,
    maxlength: '64',
    autocomplete: 'off',
    value: status.phone_number_id || '',
  });
  const token = el('input', {
    id: 'conn-token',
    name: 'access_token',
    type: 'password',
    autocomplete: 'off',
    maxlength: '1024',
    required: tokenRequired,
    'aria-describedby': 'conn-token-hint',
  });
  const display = el('input', { id: 'conn-display', name: 'display_phone_number', type: 'tel', maxlength: '32' });
  const rate = el('input', {
    id: 'conn-mps',
    name: 'messages_per_second',
    type: 'number',
    inputmode: 'numeric',
    min: '1',
    max: '1000',
  });
  const submit = el('button', { type: 'submit', id: 'conn-connect', text: 'Connect' });
  const form = el(
    'form',
    { id: 'conn-form', class: 'stack', novalidate: true },
    field('conn-phone-id', 'Phone number ID', phone),
    field(
      'conn-token',
      tokenRequired ? 'Access token' : 'Access token (optional)',
      token,
      tokenRequired
        ? 'A system-user access token from Meta Business settings.'
        : 'Leave empty to reuse your saved session.',
    ),
    el(
      'div',
      { class: 'field-row' },
      field('conn-display', 'Display number (optional)', display),
      field('conn-mps', 'Messages per second (optional)', rate),
    ),
    buttons(submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    handlers.connect(connectBody(form), submit);
  });
  return form;
}

function connectBody(form) {
  const value = (name) => form.elements[name].value.trim();
  const body = { phone_number_id: value('phone_number_id') };
  if (value('access_token')) body.access_token = value('access_token');
  if (value('display_phone_number')) body.display_phone_number = value('display_phone_number');
  if (value('messages_per_second')) body.messages_per_second = Number(value('messages_per_second'));
  return body;
}

/** What the user typed and where the focus was, to survive a re-render. */
function keepInput(container) {
  const values = new Map();
  for (const input of container.querySelectorAll('input[id]')) {
    // A server-filled value is not "typed": let the new status replace it.
    if (input.value !== input.defaultValue) values.set(input.id, input.value);
  }
  const focused = container.contains(document.activeElement) ? document.activeElement.id : null;
  return { values, focused };
}

function restoreInput(container, { values, focused }) {
  for (const [id, value] of values) {
    const input = container.querySelector(`#${CSS.escape(id)}`);
    if (input) input.value = value;
  }
  if (focused) container.querySelector(`#${CSS.escape(focused)}`)?.focus();
}

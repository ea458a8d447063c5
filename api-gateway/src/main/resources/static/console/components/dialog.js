// The console's modal dialogs: the frame every campaign dialog shares (a head with its
// title and Close button, a problem box, something to let go of on close) and the
// question asked before an action. HTML pages cannot include each other, so the dialogs
// of both pages are built here rather than written into each page.

import { byId, clearProblem, el, setText, showProblem } from '../ui.js';

export class Modal {
  #dialog;

  /**
   * Builds the dialog at the end of the page. ids names its parts (dialog, title, close,
   * problem); subtitle, if any, goes under the title, content after the problem box.
   * onClose runs however the dialog closes: its button, Escape or the page.
   */
  constructor({ ids, title, subtitle = null, content = [], onClose }) {
    const heading = el('h2', { id: ids.title, text: title });
    const closeButton = el('button', { id: ids.close, type: 'button', class: 'secondary small', text: 'Close' });
    this.problem = el('div', { id: ids.problem, class: 'problem', role: 'alert', hidden: true });
    this.#dialog = el(
      'dialog',
      { id: ids.dialog, 'aria-labelledby': ids.title },
      el('div', { class: 'dialog-head' }, subtitle ? el('div', {}, heading, subtitle) : heading, closeButton),
      el('div', { class: 'dialog-body' }, this.problem, content),
    );
    closeButton.addEventListener('click', () => this.#dialog.close());
    this.#dialog.addEventListener('close', onClose);
    document.body.append(this.#dialog);
  }

  /** The dialog element, to find its parts by id. */
  get element() {
    return this.#dialog;
  }

  get isOpen() {
    return this.#dialog.open;
  }

  open() {
    clearProblem(this.problem);
    if (!this.#dialog.open) this.#dialog.showModal();
  }

  close() {
    this.#dialog.close();
  }

  showProblem(error) {
    showProblem(error, this.problem);
  }

  clearProblem() {
    clearProblem(this.problem);
  }
}

/**
 * Asks for confirmation in #confirm-dialog and resolves {ok, reason}. note, if any, is a
 * line under the message (#confirm-note), warning one in the warning style
 * (#confirm-warning). withReason shows the optional reason field (#confirm-reason). The
 * dialog is a form with method="dialog", so Escape and the Cancel button both close it
 * without confirming.
 */
export function confirmAction({
  title,
  message,
  note = null,
  warning = null,
  confirmLabel = 'Confirm',
  danger = false,
  withReason = false,
}) {
  const dialog = confirmDialog();
  const reason = byId('confirm-reason');
  const ok = byId('confirm-ok');
  setText('confirm-title', title);
  setText('confirm-message', message);
  // The dialog is reused: the last question's note and warning must not stay.
  showLine('confirm-note', note);
  showLine('confirm-warning', warning);
  ok.textContent = confirmLabel;
  ok.classList.toggle('danger', danger);
  byId('confirm-reason-field').hidden = !withReason;
  reason.value = '';
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => resolve({ ok: dialog.returnValue === 'ok', reason: reason.value.trim() }),
      { once: true },
    );
    dialog.showModal();
    (withReason ? reason : byId('confirm-cancel')).focus();
  });
}

/** Shows a line of the question with this text, or hides it without one. */
function showLine(id, text) {
  const line = byId(id);
  line.textContent = text ?? '';
  line.hidden = !text;
}

/** Whether the page is waiting for an answer: periodic refreshes hold off meanwhile. */
export function isConfirming() {
  return byId('confirm-dialog')?.open ?? false;
}

/** The question's dialog, built the first time one is asked. */
function confirmDialog() {
  const built = byId('confirm-dialog');
  if (built) return built;
  const answer = (id, value, text, className) => el('button', { id, type: 'submit', value, class: className, text });
  const dialog = el(
    'dialog',
    {
      id: 'confirm-dialog',
      class: 'narrow',
      'aria-labelledby': 'confirm-title',
      'aria-describedby': 'confirm-message confirm-note confirm-warning',
    },
    el(
      'form',
      { method: 'dialog', class: 'dialog-body' },
      el('h2', { id: 'confirm-title', text: 'Are you sure?' }),
      el('p', { id: 'confirm-message' }),
      el('p', { id: 'confirm-note', hidden: true }),
      el('p', { id: 'confirm-warning', class: 'notice warning compact', hidden: true }),
      el(
        'div',
        { id: 'confirm-reason-field', class: 'field', hidden: true },
        el(
          'label',
          { for: 'confirm-reason' },
          'Reason ',
          el('span', { class: 'muted', text: '(optional, recorded in the history)' }),
        ),
        el('textarea', { id: 'confirm-reason', name: 'reason', rows: '2', maxlength: '500' }),
      ),
      el(
        'div',
        { class: 'dialog-actions' },
        answer('confirm-cancel', 'cancel', 'Cancel', 'secondary'),
        answer('confirm-ok', 'ok', 'Confirm'),
      ),
    ),
  );
  document.body.append(dialog);
  return dialog;
}

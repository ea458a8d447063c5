// The console's modal dialogs: the frame every campaign dialog shares (a close button, a
// problem box, something to let go of on close) and the question asked before an action.

import { byId, clearProblem, setText, showProblem } from '../ui.js';

export class Modal {
  #dialog;

  /** onClose runs however the dialog closes: its button, Escape or the page. */
  constructor(dialog, { closeButton, problem, onClose }) {
    this.#dialog = dialog;
    this.problem = problem;
    closeButton.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', onClose);
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

  contains(node) {
    return this.#dialog.contains(node);
  }

  showProblem(error) {
    showProblem(error, this.problem);
  }

  clearProblem() {
    clearProblem(this.problem);
  }
}

/**
 * Asks for confirmation in #confirm-dialog and resolves {ok, reason}. withReason shows
 * the optional reason field (#confirm-reason). The dialog is a form with method="dialog",
 * so Escape and the Cancel button both close it without confirming.
 */
export function confirmAction({ title, message, confirmLabel = 'Confirm', danger = false, withReason = false }) {
  const dialog = byId('confirm-dialog');
  const reason = byId('confirm-reason');
  const ok = byId('confirm-ok');
  setText('confirm-title', title);
  setText('confirm-message', message);
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

/** Whether the page is waiting for an answer: periodic refreshes hold off meanwhile. */
export function isConfirming() {
  return byId('confirm-dialog').open;
}

// The user's details dialog of one campaign: live counters and progress, why a running
// campaign waits (its portfolio's messaging limit, its quiet hours) and until when, its
// settings (its quiet hours among them) and dates, the actions its status allows, the CSV
// downloads, retrying the failed recipients, the failed recipients themselves and the
// history.

import { api, download } from '../api.js';
import { byId, el, formatNumber, setText, toast } from '../ui.js';
import { actionButtons } from './campaign-actions.js';
import { CampaignDialog } from './campaign-dialog.js';
import { COUNTERS, allowedActions, isActive, isWaiting, settings, waitingUntilText } from './campaign-parts.js';
import { LiveUpdates } from './live-updates.js';
import { RecipientsTable } from './recipients-table.js';

const FAILED_PAGE_SIZE = 50;

const SETTINGS = settings('rate', 'workers', 'quiet-hours', 'scheduled', 'created', 'started', 'completed');

export class CampaignDetails {
  #dialog;
  #live;
  #failed;
  #onUpdate;
  #renderedActions = null;
  #lastFailedCount = null;
  #failedRefreshTimer = null;

  /**
   * onAction(action, campaign, button) runs the actions of the status (send, pause, …);
   * onUpdate(campaign) hears of every change the dialog learns of, for the list behind it.
   */
  constructor({ onAction, onUpdate }) {
    this.#onUpdate = onUpdate;
    const showProblem = (error) => this.#dialog.showProblem(error);
    this.#failed = new RecipientsTable(
      {
        ids: { body: 'detail-failed-list', empty: 'detail-failed-empty', pager: 'detail-failed-pager' },
        labelledBy: 'failed-heading',
      },
      {
        columns: ['sequence', 'phone', 'name', 'error_code', 'error_message', 'retry_count', 'failed_at'],
        headings: { failed_at: 'Failed at' },
        pageSize: FAILED_PAGE_SIZE,
        fetchPage: (id, params) => api(`/campaigns/${encodeURIComponent(id)}/recipients?${params}`),
        emptyText: 'No failed recipients.',
        onError: showProblem,
      },
    );
    const actions = detailActions();
    this.#dialog = new CampaignDialog({
      ids: { dialog: 'campaign-dialog', title: 'detail-name', close: 'detail-close', problem: 'detail-problem' },
      history: { headingId: 'history-heading', listId: 'detail-history', emptyId: 'detail-history-empty' },
      subtitle: el('p', { id: 'detail-description', class: 'muted small' }),
      content: [
        ...detailFigures(),
        actions,
        el(
          'section',
          { 'aria-labelledby': 'failed-heading' },
          el('h3', { id: 'failed-heading', text: 'Failed recipients' }),
          this.#failed.parts,
        ),
      ],
      render: (campaign) => this.#fill(campaign),
      fetchCampaign: (id) => api(`/campaigns/${encodeURIComponent(id)}`),
      onClose: () => this.#forget(),
    });
    this.#live = new LiveUpdates(byId('detail-live', this.#dialog.element), {
      onCampaign: (campaign) => this.#changed(campaign),
      onEnd: () => {
        this.#failed.refresh();
        this.#dialog.history.refresh();
      },
      onProblem: showProblem,
      stillMoving: () => isActive(this.#dialog.campaign),
    });
    this.#dialog.onActionClick(actions, (action, campaign, button) => {
      if (action === 'export') this.#exportRecipients(button);
      else if (action === 'import-errors') this.#downloadImportErrors(button);
      else if (action === 'retry-failed') this.#retryFailed(button);
      else onAction(action, campaign, button);
    });
  }

  get isOpen() {
    return this.#dialog.isOpen;
  }

  get problem() {
    return this.#dialog.problem;
  }

  shows(campaignId) {
    return this.#dialog.shows(campaignId);
  }

  /** Opens the dialog with what the list knows, then the campaign as it is now. */
  async show(campaign) {
    this.#forget();
    if (!(await this.#dialog.open(campaign))) return;
    this.#live.open(campaign.id);
    this.#failed.show(campaign.id, 'FAILED');
    this.#dialog.history.show(campaign.id);
  }

  reload() {
    return this.#dialog.reload();
  }

  /** Shows the campaign an action answered with; a campaign that starts again streams again. */
  afterAction(campaign) {
    this.#dialog.fill(campaign);
    this.#dialog.history.refresh();
    if (!this.#live.streaming) this.#live.open(campaign.id);
  }

  close() {
    this.#dialog.close();
  }

  /** Lets go of what the dialog holds beyond its frame and history. */
  #forget() {
    this.#live.stop();
    clearTimeout(this.#failedRefreshTimer);
    this.#failedRefreshTimer = null;
    this.#failed.clear();
    this.#renderedActions = null;
    this.#lastFailedCount = null;
  }

  #changed(campaign) {
    this.#dialog.fill(campaign);
    this.#onUpdate(campaign);
  }

  /** Called for every live update, so it only rebuilds what changed. */
  #fill(campaign) {
    const root = this.#dialog.element;
    setText('detail-name', campaign.name || '(unnamed)', root);
    setText('detail-description', campaign.description || '', root);
    const status = byId('detail-status', root);
    status.className = `badge status-${String(campaign.status).toLowerCase()}`;
    status.textContent = campaign.status;
    setText('detail-reason', campaign.status_reason || '', root);
    showWaiting(campaign, root);
    const percent = Math.max(0, Math.min(100, Number(campaign.progress) || 0));
    const progress = byId('detail-progress', root);
    progress.value = percent;
    progress.textContent = `${percent.toFixed(1)}%`;
    setText('detail-progress-text', `${percent.toFixed(1)}%`, root);
    for (const { key, id } of COUNTERS) setText(`detail-${id}`, formatNumber(campaign[key]), root);
    for (const { id, value, shown } of SETTINGS) {
      const field = byId(`detail-${id}`, root);
      field.textContent = value(campaign);
      // The term and its value go together: hide the pair.
      field.parentElement.hidden = !shown(campaign);
    }
    // Rebuilding the buttons on every update would steal a keyboard user's focus.
    const actions = allowedActions(campaign).join(' ');
    if (this.#renderedActions !== actions) {
      this.#renderedActions = actions;
      byId('detail-state-actions', root).replaceChildren(...actionButtons(campaign));
    }
    const retry = byId('detail-actions', root).querySelector('[data-action="retry-failed"]');
    retry.disabled = !(campaign.failed > 0) || !allowedActions(campaign).includes('retry-failed');
    this.#refreshFailedWhenCountChanges(campaign);
  }

  /** New failures show up in the table without a reload, at most every few seconds. */
  #refreshFailedWhenCountChanges(campaign) {
    const previous = this.#lastFailedCount;
    this.#lastFailedCount = campaign.failed;
    if (previous === null || previous === campaign.failed || this.#failedRefreshTimer) return;
    this.#failedRefreshTimer = setTimeout(() => {
      this.#failedRefreshTimer = null;
      // Another page is the user's choice: leave it until they page back.
      if (this.#failed.page === 0) this.#failed.refresh();
    }, 3000);
  }

  async #withBusy(button, task) {
    this.#dialog.clearProblem();
    button.disabled = true;
    try {
      await task();
    } catch (error) {
      this.#dialog.showProblem(error);
    } finally {
      button.disabled = false;
    }
  }

  #exportRecipients(button) {
    const id = this.#dialog.campaign.id;
    return this.#withBusy(button, async () => {
      await download(`/campaigns/${encodeURIComponent(id)}/recipients.csv`, `campaign-${id}-recipients.csv`);
      toast('Recipients CSV downloaded');
    });
  }

  #downloadImportErrors(button) {
    const id = this.#dialog.campaign.id;
    return this.#withBusy(button, async () => {
      await download(`/campaigns/${encodeURIComponent(id)}/import-errors`, `campaign-${id}-import-errors.csv`);
      toast('Import errors downloaded');
    });
  }

  #retryFailed(button) {
    const id = this.#dialog.campaign.id;
    return this.#withBusy(button, async () => {
      const result = await api(`/campaigns/${encodeURIComponent(id)}/retry-failed`, { method: 'POST' });
      const retried = Number(result?.retried) || 0;
      toast(retried > 0 ? `${formatNumber(retried)} failed recipient(s) will be sent again` : 'No failure could be retried');
      if (result?.campaign && this.shows(id)) {
        this.#changed(result.campaign);
        if (!this.#live.streaming) this.#live.open(id);
      }
      this.#failed.refresh();
      this.#dialog.history.refresh();
    });
  }
}

/**
 * The notice of a RUNNING campaign that holds back recipients: for its portfolio's
 * messaging limit, Meta's per-user marketing limit or its quiet hours, as the reason
 * says. Its text changes only when the reason does, so that the live region around it
 * speaks once.
 */
function showWaiting(campaign, root) {
  const notice = byId('detail-waiting', root);
  const waiting = isWaiting(campaign);
  if (waiting) {
    changeText(byId('detail-waiting-reason', root), campaign.waiting_reason);
    changeText(byId('detail-waiting-until', root), waitingUntilText(campaign));
  }
  notice.hidden = !waiting;
}

function changeText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** The status line, waiting notice, progress bar, counter cards and settings, filled in by #fill. */
function detailFigures() {
  const card = ({ key, id, label }) =>
    el(
      'div',
      { class: key === 'failed' ? 'card failed' : 'card' },
      el('dt', { text: label }),
      el('dd', { id: `detail-${id}`, text: '0' }),
    );
  return [
    // One block, so that the dialog's grid gap does not open around the hidden notice.
    el(
      'div',
      {},
      el(
        'div',
        { class: 'button-row' },
        el('span', { id: 'detail-status', class: 'badge', 'aria-live': 'polite' }),
        el('span', { id: 'detail-reason', class: 'muted small' }),
        el('span', { id: 'detail-live', class: 'live', 'aria-live': 'polite' }),
      ),
      // The live region stays in the page; the notice inside it shows and hides.
      el(
        'div',
        { 'aria-live': 'polite' },
        el(
          'div',
          { id: 'detail-waiting', class: 'notice waiting', hidden: true },
          // The reason names what it waits for: one title fits them all.
          el('p', { class: 'notice-title', text: 'Waiting to send' }),
          el('p', { id: 'detail-waiting-reason' }),
          el('p', { id: 'detail-waiting-until' }),
        ),
      ),
    ),
    el(
      'div',
      { class: 'progress' },
      el('progress', { id: 'detail-progress', max: '100', value: '0', 'aria-label': 'Campaign progress' }, '0%'),
      el('span', { id: 'detail-progress-text', class: 'progress-text', text: '0%' }),
    ),
    el('dl', { class: 'cards', 'aria-live': 'polite', 'aria-label': 'Live counters' }, COUNTERS.map(card)),
    el(
      'dl',
      { class: 'fields' },
      SETTINGS.map(({ id, label }) => el('div', {}, el('dt', { text: label }), el('dd', { id: `detail-${id}` }))),
    ),
  ];
}

/** The buttons of the status's actions (filled in by #fill), then those of every campaign. */
function detailActions() {
  const button = (action, text) => el('button', { type: 'button', class: 'secondary', dataset: { action }, text });
  return el(
    'div',
    { id: 'detail-actions', class: 'button-row' },
    el('span', { id: 'detail-state-actions', class: 'button-row' }),
    button('export', 'Export recipients (CSV)'),
    button('import-errors', 'Import errors (CSV)'),
    button('retry-failed', 'Retry failed'),
  );
}

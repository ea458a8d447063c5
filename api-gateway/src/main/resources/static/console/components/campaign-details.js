// The user's details dialog of one campaign: live counters and progress, its settings and
// dates, the actions its status allows, the CSV downloads, retrying the failed recipients,
// the failed recipients themselves and the history.

import { api, download } from '../api.js';
import { byId, formatDate, formatNumber, setText, toast } from '../ui.js';
import { actionButtons } from './campaign-actions.js';
import { allowedActions, isActive } from './campaign-parts.js';
import { Modal } from './dialog.js';
import { CampaignHistory } from './history.js';
import { LiveUpdates } from './live-updates.js';
import { RecipientsTable } from './recipients-table.js';

const FAILED_PAGE_SIZE = 50;

export class CampaignDetails {
  #root;
  #modal;
  #live;
  #failed;
  #history;
  #onUpdate;
  #campaignId = null;
  #campaign = null;
  #renderedActions = null;
  #lastFailedCount = null;
  #failedRefreshTimer = null;

  /**
   * onAction(action, campaign, button) runs the actions of the status (send, pause, …);
   * onUpdate(campaign) hears of every change the dialog learns of, for the list behind it.
   */
  constructor(root, { onAction, onUpdate }) {
    this.#root = root;
    this.#onUpdate = onUpdate;
    this.#modal = new Modal(root, {
      closeButton: byId('detail-close', root),
      problem: byId('detail-problem', root),
      onClose: () => this.#forget(),
    });
    const showProblem = (error) => this.#modal.showProblem(error);
    this.#live = new LiveUpdates(byId('detail-live', root), {
      onCampaign: (campaign) => this.#changed(campaign),
      onEnd: () => {
        this.#failed.refresh();
        this.#history.refresh();
      },
      onProblem: showProblem,
      stillMoving: () => isActive(this.#campaign),
    });
    this.#failed = new RecipientsTable(
      {
        body: byId('detail-failed-list', root),
        empty: byId('detail-failed-empty', root),
        pager: byId('detail-failed-pager', root),
      },
      {
        columns: ['sequence', 'phone', 'name', 'error_code', 'error_message', 'retry_count', 'failed_at'],
        pageSize: FAILED_PAGE_SIZE,
        fetchPage: (id, params) => api(`/campaigns/${encodeURIComponent(id)}/recipients?${params}`),
        onError: showProblem,
      },
    );
    this.#history = new CampaignHistory(
      { list: byId('detail-history', root), empty: byId('detail-history-empty', root) },
      showProblem,
    );
    byId('detail-actions', root).addEventListener('click', (event) => {
      const button = event.target.closest('button[data-action]');
      if (!button || !this.#campaign) return;
      const action = button.dataset.action;
      if (action === 'export') this.#exportRecipients(button);
      else if (action === 'import-errors') this.#downloadImportErrors(button);
      else if (action === 'retry-failed') this.#retryFailed(button);
      else onAction(action, this.#campaign, button);
    });
  }

  get isOpen() {
    return this.#modal.isOpen;
  }

  get problem() {
    return this.#modal.problem;
  }

  shows(campaignId) {
    return this.#campaignId !== null && this.#campaignId === campaignId;
  }

  /** Opens the dialog with what the list knows, then the campaign as it is now. */
  async show(campaign) {
    const id = campaign.id;
    this.#forget();
    this.#campaignId = id;
    this.#fill(campaign);
    this.#modal.open();
    await this.reload();
    if (this.#campaignId !== id) return;
    this.#live.open(id);
    this.#failed.show(id, 'FAILED');
    this.#history.show(id);
  }

  async reload() {
    const id = this.#campaignId;
    try {
      const campaign = await api(`/campaigns/${encodeURIComponent(id)}`);
      if (this.#campaignId === id) this.#fill(campaign);
    } catch (error) {
      this.#modal.showProblem(error);
    }
  }

  /** Shows the campaign an action answered with; a campaign that starts again streams again. */
  afterAction(campaign) {
    this.#fill(campaign);
    this.#history.refresh();
    if (!this.#live.streaming) this.#live.open(campaign.id);
  }

  close() {
    this.#modal.close();
  }

  #forget() {
    this.#live.stop();
    clearTimeout(this.#failedRefreshTimer);
    this.#failedRefreshTimer = null;
    this.#failed.clear();
    this.#history.clear();
    this.#campaignId = null;
    this.#campaign = null;
    this.#renderedActions = null;
    this.#lastFailedCount = null;
  }

  #changed(campaign) {
    this.#fill(campaign);
    this.#onUpdate(campaign);
  }

  /** Called for every live update, so it only rebuilds what changed. */
  #fill(campaign) {
    const root = this.#root;
    this.#campaign = campaign;
    setText('detail-name', campaign.name || '(unnamed)', root);
    setText('detail-description', campaign.description || '', root);
    const status = byId('detail-status', root);
    status.className = `badge status-${String(campaign.status).toLowerCase()}`;
    status.textContent = campaign.status;
    setText('detail-reason', campaign.status_reason || '', root);
    const percent = Math.max(0, Math.min(100, Number(campaign.progress) || 0));
    const progress = byId('detail-progress', root);
    progress.value = percent;
    progress.textContent = `${percent.toFixed(1)}%`;
    setText('detail-progress-text', `${percent.toFixed(1)}%`, root);
    for (const key of ['sent', 'delivered', 'read', 'failed', 'pending', 'skipped']) {
      setText(`detail-${key}`, formatNumber(campaign[key]), root);
    }
    setText('detail-total', formatNumber(campaign.total_recipients), root);
    setText('detail-rate', `${formatNumber(campaign.rate_limit)} messages/s`, root);
    setText('detail-workers', formatNumber(campaign.max_workers), root);
    setText('detail-scheduled', formatDate(campaign.scheduled_at), root);
    setText('detail-created', formatDate(campaign.created_at), root);
    setText('detail-started', formatDate(campaign.started_at), root);
    setText('detail-completed', formatDate(campaign.completed_at), root);
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
    this.#modal.clearProblem();
    button.disabled = true;
    try {
      await task();
    } catch (error) {
      this.#modal.showProblem(error);
    } finally {
      button.disabled = false;
    }
  }

  #exportRecipients(button) {
    const id = this.#campaign.id;
    return this.#withBusy(button, async () => {
      await download(`/campaigns/${encodeURIComponent(id)}/recipients.csv`, `campaign-${id}-recipients.csv`);
      toast('Recipients CSV downloaded');
    });
  }

  #downloadImportErrors(button) {
    const id = this.#campaign.id;
    return this.#withBusy(button, async () => {
      await download(`/campaigns/${encodeURIComponent(id)}/import-errors`, `campaign-${id}-import-errors.csv`);
      toast('Import errors downloaded');
    });
  }

  #retryFailed(button) {
    const id = this.#campaign.id;
    return this.#withBusy(button, async () => {
      const result = await api(`/campaigns/${encodeURIComponent(id)}/retry-failed`, { method: 'POST' });
      const retried = Number(result?.retried) || 0;
      toast(retried > 0 ? `${formatNumber(retried)} failed recipient(s) will be sent again` : 'No failure could be retried');
      if (result?.campaign && this.shows(id)) {
        this.#changed(result.campaign);
        if (!this.#live.streaming) this.#live.open(id);
      }
      this.#failed.refresh();
      this.#history.refresh();
    });
  }
}

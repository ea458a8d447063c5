// What the details dialogs of both pages share: the frame, which campaign it shows, first
// as the list knew it and then as the server has it, the history at the bottom and the
// clicks on its action buttons.

import { onActionClick } from './campaign-parts.js';
import { Modal } from './dialog.js';
import { CampaignHistory } from './history.js';

export class CampaignDialog {
  #modal;
  #history;
  #render;
  #fetchCampaign;
  #onError;
  #campaignId = null;
  #campaign = null;

  /**
   * ids: the frame's (see Modal) and the history's (see CampaignHistory); subtitle and
   * content as in Modal, the history after the content. render(campaign) fills the
   * dialog; fetchCampaign(id, known) answers the campaign as the server has it;
   * onError(error) reports a failure, in the dialog's problem box unless given. onClose
   * runs once the dialog has let go of its campaign.
   */
  constructor({ ids, history, subtitle, content, render, fetchCampaign, onError, onClose = () => {} }) {
    this.#render = render;
    this.#fetchCampaign = fetchCampaign;
    this.#onError = onError ?? ((error) => this.#modal.showProblem(error));
    this.#history = new CampaignHistory(history, (error) => this.#onError(error));
    this.#modal = new Modal({
      ids,
      title: 'Campaign',
      subtitle,
      content: [...content, this.#history.element],
      onClose: () => {
        this.#campaignId = null;
        this.#campaign = null;
        this.#history.clear();
        onClose();
      },
    });
  }

  get element() {
    return this.#modal.element;
  }

  get isOpen() {
    return this.#modal.isOpen;
  }

  get problem() {
    return this.#modal.problem;
  }

  get history() {
    return this.#history;
  }

  get campaign() {
    return this.#campaign;
  }

  shows(campaignId) {
    return this.#campaignId !== null && this.#campaignId === campaignId;
  }

  /** Shows a campaign as it is now; resolves whether the dialog still shows it then. */
  async open(campaign) {
    const id = campaign.id;
    this.#campaignId = id;
    this.fill(campaign);
    this.#history.clear();
    this.#modal.open();
    await this.reload();
    return this.#campaignId === id;
  }

  async reload() {
    const id = this.#campaignId;
    try {
      const campaign = await this.#fetchCampaign(id, this.#campaign);
      if (this.#campaignId === id) this.fill(campaign);
    } catch (error) {
      this.#onError(error);
    }
  }

  fill(campaign) {
    this.#campaign = campaign;
    this.#render(campaign);
  }

  /** Calls onAction(action, campaign, button) for a click on a button in container. */
  onActionClick(container, onAction) {
    onActionClick(container, () => this.#campaign, onAction);
  }

  close() {
    this.#modal.close();
  }

  showProblem(error) {
    this.#modal.showProblem(error);
  }

  clearProblem() {
    this.#modal.clearProblem();
  }
}

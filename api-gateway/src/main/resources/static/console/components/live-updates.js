// A campaign's live counters for its details dialog: the campaign's event stream while it
// sends, reconnecting when the server closes a long stream or the network drops it, then
// a poll every few seconds, since delivery and read receipts keep coming after the end.

import { api, streamEvents } from '../api.js';

export class LiveUpdates {
  #status;
  #onCampaign;
  #onEnd;
  #onProblem;
  #stillMoving;
  #campaignId = null;
  #stream = null;
  #ended = false;
  #reconnectTimer = null;
  #receiptTimer = null;

  /**
   * status: the element that says how live the counters are. onCampaign(campaign) gets
   * every update; onEnd() runs once sending is over; onProblem(error) gets a refusal of
   * the stream; stillMoving() says whether a closed stream is worth reopening.
   */
  constructor(status, { onCampaign, onEnd, onProblem, stillMoving }) {
    this.#status = status;
    this.#onCampaign = onCampaign;
    this.#onEnd = onEnd;
    this.#onProblem = onProblem;
    this.#stillMoving = stillMoving;
  }

  get streaming() {
    return this.#stream !== null;
  }

  open(campaignId) {
    this.#close();
    this.#campaignId = campaignId;
    this.#ended = false;
    this.#say('Connecting to live updates…');
    const stream = streamEvents(`/campaigns/${encodeURIComponent(campaignId)}/events`, (event) =>
      this.#onEvent(stream, event),
    );
    this.#stream = stream;
    stream.done.then(
      () => this.#onClosed(stream),
      (error) => this.#onFailed(stream, error),
    );
  }

  /** Stops and says nothing any more, as for a dialog that closes. */
  stop() {
    this.#close();
    this.#say('');
  }

  #close() {
    clearInterval(this.#receiptTimer);
    clearTimeout(this.#reconnectTimer);
    this.#receiptTimer = null;
    this.#reconnectTimer = null;
    this.#campaignId = null;
    const stream = this.#stream;
    this.#stream = null;
    stream?.close();
  }

  #onEvent(stream, { event, data }) {
    if (this.#stream !== stream) return;
    const campaign = data && typeof data === 'object' ? data : null;
    if (event === 'progress' && campaign) {
      this.#onCampaign(campaign);
      this.#say('Live', true);
    } else if (event === 'end') {
      this.#ended = true;
      if (campaign) this.#onCampaign(campaign);
      this.#say('Sending finished; delivery and read receipts still arrive');
      this.#onEnd();
      this.#followReceipts(this.#campaignId);
    }
  }

  #followReceipts(id) {
    clearInterval(this.#receiptTimer);
    this.#receiptTimer = setInterval(async () => {
      try {
        const campaign = await api(`/campaigns/${encodeURIComponent(id)}`);
        if (this.#campaignId === id) this.#onCampaign(campaign);
      } catch {
        // A missed refresh is retried at the next tick; a lost session redirects to login.
      }
    }, 3000);
  }

  #onClosed(stream) {
    if (this.#stream !== stream) return;
    this.#stream = null;
    if (this.#ended) return;
    if (this.#stillMoving()) {
      this.#reconnect(1000, 'Reconnecting…');
    } else {
      this.#say('');
    }
  }

  #onFailed(stream, error) {
    if (this.#stream !== stream) return;
    this.#stream = null;
    if (error?.expired) return;
    if (error?.status >= 400 && error.status < 500) {
      this.#say('Live updates are not available');
      this.#onProblem(error);
      return;
    }
    this.#reconnect(5000, 'Live updates interrupted, reconnecting…');
  }

  #reconnect(delay, message) {
    const id = this.#campaignId;
    this.#say(message);
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = setTimeout(() => {
      if (this.#campaignId === id) this.open(id);
    }, delay);
  }

  #say(text, on = false) {
    this.#status.textContent = text;
    this.#status.classList.toggle('on', on);
  }
}

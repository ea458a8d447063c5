// What a user can do to a campaign, from its row or its details dialog: the buttons, the
// question asked first where there is no way back (before a send, with how long it will
// take), the API call and the message after it.

import { api } from '../api.js';
import { formatDate, formatNumber } from '../ui.js';
import { confirmAction } from './dialog.js';
import { actionButton, allowedActions, estimateText } from './campaign-parts.js';

// How long the send question waits for the estimate before it is asked without one.
const ESTIMATE_TIMEOUT_MS = 3000;

// The actions that ask first: there is no way back from them.
const ASKED = ['send', 'stop', 'delete'];

// Whether a question is on its way: a send's waits for its estimate, and a second click
// meanwhile would ask over it (and one answer would confirm both).
let asking = false;

// The actions with a button of their own when the status allows them. Retry-failed has a
// fixed button in the details dialog instead.
const STATE_ACTIONS = ['send', 'pause', 'resume', 'stop', 'delete'];

const LABELS = {
  details: 'Details',
  send: 'Send',
  pause: 'Pause',
  resume: 'Resume',
  stop: 'Stop',
  delete: 'Delete',
};

const STYLES = { details: 'secondary', send: 'success', stop: 'danger', delete: 'danger' };

/** The extra buttons first, then those of the actions the campaign's status allows. */
export function actionButtons(campaign, extra = [], small = false) {
  const actions = [...extra, ...allowedActions(campaign).filter((action) => STATE_ACTIONS.includes(action))];
  return actions.map((action) =>
    actionButton(campaign, action, LABELS[action], [STYLES[action] ?? '', small ? 'small' : ''].join(' ').trim()),
  );
}

/**
 * How long the campaign will take to send (GET /campaigns/{id}/estimate), or null: the
 * question is asked all the same when the estimate fails or is slow.
 */
async function estimateOf(campaign) {
  try {
    return await api(`/campaigns/${encodeURIComponent(campaign.id)}/estimate`, {
      signal: AbortSignal.timeout(ESTIMATE_TIMEOUT_MS),
    });
  } catch {
    return null;
  }
}

/** Sending, stopping and deleting cannot be undone, so they ask first; resolves whether to go on. */
export async function confirmed(action, campaign) {
  if (!ASKED.includes(action)) return true;
  if (asking) return false;
  asking = true;
  try {
    return (await confirmAction(await question(action, campaign))).ok;
  } finally {
    asking = false;
  }
}

/** The question asked before one of the ASKED actions. */
async function question(action, campaign) {
  const name = campaign.name || 'this campaign';
  const estimate = action === 'send' ? await estimateOf(campaign) : null;
  const questions = {
    send: {
      title: 'Send campaign?',
      message: campaign.scheduled_at
        ? `“${name}” will be sent to ${formatNumber(campaign.total_recipients)} recipients at ${formatDate(campaign.scheduled_at)}.`
        : `“${name}” will be sent to ${formatNumber(campaign.total_recipients)} recipients now.`,
      note: estimateText(estimate),
      warning: estimate?.warning ?? null,
      confirmLabel: 'Send',
    },
    stop: {
      title: 'Stop campaign?',
      message: `“${name}” stops for good: recipients not yet sent will never be sent.`,
      confirmLabel: 'Stop campaign',
      danger: true,
    },
    delete: {
      title: 'Delete draft?',
      message: `“${name}” and its imported recipients will be deleted.`,
      confirmLabel: 'Delete',
      danger: true,
    },
  };
  return questions[action];
}

/** Answers the campaign as the action left it (nothing for a deletion). */
export function perform(action, campaign) {
  const path = `/campaigns/${encodeURIComponent(campaign.id)}`;
  switch (action) {
    case 'send':
      return api(`${path}/send`, { method: 'POST' });
    case 'pause':
    case 'resume':
    case 'stop':
      return api(`${path}/status`, { body: { status: action } });
    case 'delete':
      return api(path, { method: 'DELETE' });
    default:
      throw new Error(`Unknown action ${action}`);
  }
}

export function successMessage(action, campaign, result) {
  const name = campaign.name || 'Campaign';
  switch (action) {
    case 'send':
      return result?.status === 'SCHEDULED'
        ? `“${name}” is scheduled for ${formatDate(result.scheduled_at)}`
        : `“${name}” is sending`;
    case 'pause':
      return `“${name}” paused`;
    case 'resume':
      return result?.status === 'SCHEDULED'
        ? `“${name}” resumed; it is scheduled for ${formatDate(result.scheduled_at)}`
        : `“${name}” resumed`;
    case 'stop':
      return `“${name}” stopped`;
    case 'delete':
      return `“${name}” deleted`;
    default:
      return 'Done';
  }
}

// What a user can do to a campaign, from its row or its details dialog: the buttons, the
// question asked first where there is no way back, the API call and the message after it.

import { api } from '../api.js';
import { formatDate, formatNumber } from '../ui.js';
import { confirmAction } from './dialog.js';
import { actionButton, allowedActions } from './campaign-parts.js';

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

/** Sending, stopping and deleting cannot be undone, so they ask first; resolves whether to go on. */
export async function confirmed(action, campaign) {
  const name = campaign.name || 'this campaign';
  const questions = {
    send: {
      title: 'Send campaign?',
      message: campaign.scheduled_at
        ? `“${name}” will be sent to ${formatNumber(campaign.total_recipients)} recipients at ${formatDate(campaign.scheduled_at)}.`
        : `“${name}” will be sent to ${formatNumber(campaign.total_recipients)} recipients now.`,
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
  const question = questions[action];
  if (!question) return true;
  return (await confirmAction(question)).ok;
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

// What an admin can do to anyone's campaign, from its row, its details or in bulk: pause,
// resume or cancel it, each confirmed first with an optional reason the history records.

import { api } from '../api.js';
import { confirmAction } from './dialog.js';
import { actionButton, allowedActions } from './campaign-parts.js';

// The actions with a button when the campaign's status allows them.
const ADMIN_ACTIONS = ['pause', 'resume', 'cancel'];

export const ACTION_TEXT = {
  details: { label: 'Details', style: 'secondary' },
  targets: { label: 'Targets', style: 'secondary' },
  pause: { label: 'Pause', style: '', past: 'paused' },
  resume: { label: 'Resume', style: 'success', past: 'resumed' },
  cancel: { label: 'Cancel', style: 'danger', past: 'cancelled' },
};

/** The extra buttons first, then those of the actions the campaign's status allows. */
export function actionButtons(campaign, extra = []) {
  const actions = [...extra, ...allowedActions(campaign).filter((action) => ADMIN_ACTIONS.includes(action))];
  return actions.map((action) =>
    actionButton(campaign, action, ACTION_TEXT[action].label, `small ${ACTION_TEXT[action].style}`.trim()),
  );
}

/** Resolves {ok, reason}. */
export function confirmed(action, campaign) {
  return confirmAction({
    title: `${ACTION_TEXT[action].label} campaign?`,
    message: `“${campaign.name || campaign.id}” of ${campaign.username || 'its owner'} will be ${ACTION_TEXT[action].past}.`,
    confirmLabel: `${ACTION_TEXT[action].label} campaign`,
    danger: action === 'cancel',
    withReason: true,
  });
}

/** Answers the campaign as the action left it, without the joined fields of the list. */
export function perform(action, campaign, reason) {
  const body = reason ? { reason } : {};
  return api(`/admin/campaigns/${encodeURIComponent(campaign.id)}/${action}`, { body });
}

export function successMessage(action, campaign) {
  return `“${campaign.name || campaign.id}” ${ACTION_TEXT[action].past}`;
}

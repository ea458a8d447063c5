// What every view of a campaign is built from, on both pages: the progress cells of a
// list row, the buttons of the actions its status allows and the clicks on them.

import { badge, el, formatDate, formatNumber, progressBar } from '../ui.js';

// Campaigns whose counters still move.
const ACTIVE = new Set(['SCHEDULED', 'RUNNING', 'PAUSED']);

export function isActive(campaign) {
  return ACTIVE.has(campaign?.status);
}

/**
 * What the campaign's status allows; the server says so in each campaign's
 * allowed_actions (see GET /campaigns/lifecycle).
 */
export function allowedActions(campaign) {
  return Array.isArray(campaign?.allowed_actions) ? campaign.allowed_actions : [];
}

/** A button for one action, named with the campaign for screen readers. */
export function actionButton(campaign, action, label, className) {
  return el('button', {
    type: 'button',
    class: className,
    dataset: { action },
    'aria-label': `${label} ${campaign.name || ''}`.trim(),
    text: label,
  });
}

/** The cells both campaign lists share: status with its reason, progress, counters, created. */
export function progressCells(campaign, name) {
  return [
    el(
      'td',
      {},
      badge(campaign.status),
      campaign.status_reason ? el('span', { class: 'sub', text: campaign.status_reason }) : null,
    ),
    el('td', {}, progressBar(campaign.progress, `Progress of ${name}`)),
    el('td', { class: 'num', text: formatNumber(campaign.sent) }),
    el('td', { class: 'num', text: formatNumber(campaign.delivered) }),
    el('td', { class: 'num', text: formatNumber(campaign.read) }),
    el('td', { class: 'num', text: formatNumber(campaign.failed) }),
    el('td', { class: 'nowrap', text: formatDate(campaign.created_at) }),
  ];
}

/** Calls onAction(action, campaign, button) for a click on a row's action button. */
export function onRowAction(body, findCampaign, onAction) {
  body.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const campaign = findCampaign(button.closest('tr[data-campaign-id]')?.dataset.campaignId);
    if (campaign) onAction(button.dataset.action, campaign, button);
  });
}

/** The table row of a campaign, to replace it when the campaign changes. */
export function rowOf(body, campaignId) {
  return body.querySelector(`tr[data-campaign-id="${CSS.escape(campaignId)}"]`);
}

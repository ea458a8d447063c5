// What every view of a campaign is built from, on both pages: the status filters, the
// progress columns of a list, the counters and settings of a details dialog, the buttons
// of the actions its status allows and the clicks on them.

import { badge, el, formatDate, formatNumber, progressBar } from '../ui.js';

// Campaigns whose counters still move.
const ACTIVE = new Set(['SCHEDULED', 'RUNNING', 'PAUSED']);

export function isActive(campaign) {
  return ACTIVE.has(campaign?.status);
}

/**
 * Whether a RUNNING campaign holds back recipients for now (waiting_reason): its
 * portfolio's messaging limit is used up, Meta's per-user marketing limit deferred them,
 * or it is within the quiet hours of their own day; it goes on by itself at
 * waiting_until. Only RUNNING counts: a note left on a campaign that stopped running says
 * nothing any more.
 */
export function isWaiting(campaign) {
  return campaign?.status === 'RUNNING' && Boolean(campaign?.waiting_reason);
}

/**
 * The "Waiting" badge next to the status of a waiting campaign, else null. The reason is
 * its title for the mouse and hidden text for screen readers, which may not read titles.
 */
export function waitingBadge(campaign) {
  if (!isWaiting(campaign)) return null;
  return el(
    'span',
    { class: 'badge waiting', title: campaign.waiting_reason },
    'Waiting',
    el('span', { class: 'visually-hidden', text: `: ${campaign.waiting_reason}` }),
  );
}

/** When a waiting campaign goes on by itself, as a sentence in the browser's time. */
export function waitingUntilText(campaign) {
  return campaign?.waiting_until
    ? `Goes on by itself at ${formatDate(campaign.waiting_until)} (your local time).`
    : 'Goes on by itself as soon as the wait is over.';
}

/** "21:00:00" or "21:00" as "21:00": the console sets quiet hours to the minute. */
function timeOfDay(value) {
  return String(value ?? '').slice(0, 5);
}

/** The campaign's quiet hours as "21:00–09:00, recipient's time", or null without any. */
export function quietHoursText(campaign) {
  const quiet = campaign?.quiet_hours;
  if (!quiet?.from || !quiet?.until) return null;
  return `${timeOfDay(quiet.from)}–${timeOfDay(quiet.until)}, recipient's time`;
}

/** A duration as people say it: "less than a minute", "about 25 min", "about 3 h 10 min", "about 2 days". */
export function durationText(seconds) {
  const total = Math.max(0, Number(seconds) || 0);
  if (total < 60) return 'less than a minute';
  const minutes = Math.ceil(total / 60);
  if (minutes < 60) return `about ${minutes} min`;
  // Up to two days, hours say more than "1 day" or "2 days" would.
  if (total < 48 * 3600) {
    const rest = minutes % 60;
    return `about ${Math.floor(minutes / 60)} h${rest > 0 ? ` ${rest} min` : ''}`;
  }
  return `about ${formatNumber(Math.round(total / 86400))} days`;
}

/**
 * One line on how long a campaign needs for what it has left to send, from its estimate
 * (GET /campaigns/{id}/estimate): the pace (its rate within its number's), the
 * portfolio's messaging tier when Meta has said it, and the longer of the time the two
 * need. The estimate's warning, when it has one, is for the caller to show beside it.
 * Null for no estimate.
 */
export function estimateText(estimate) {
  if (!estimate || typeof estimate !== 'object') return null;
  const pending = Number(estimate.pending) || 0;
  if (pending === 0) return 'Nothing is left to send.';
  const rate = `${formatNumber(Number(estimate.messages_per_second))} messages/s`;
  const limit = estimate.messaging_limit;
  const tier = String(estimate.messaging_tier ?? '').replace(/^TIER_/, '');
  let pace = `At ${rate}`;
  if (typeof limit === 'number' && limit < 0) pace += ' and no messaging limit';
  else if (typeof limit === 'number' && tier) pace += ` and the portfolio's ${tier} messaging tier`;
  const recipients = pending === 1 ? '1 recipient' : `${formatNumber(pending)} recipients`;
  return `${pace}, sending ${recipients} takes ${durationText(estimate.estimated_seconds)}.`;
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

const STATUSES = ['DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED', 'COMPLETED', 'STOPPED', 'FAILED'];

/** The counters of a campaign; id names its card in the user's details dialog. */
export const COUNTERS = [
  { key: 'total_recipients', id: 'total', label: 'Recipients' },
  { key: 'sent', id: 'sent', label: 'Sent' },
  { key: 'delivered', id: 'delivered', label: 'Delivered' },
  { key: 'read', id: 'read', label: 'Read' },
  { key: 'failed', id: 'failed', label: 'Failed' },
  { key: 'pending', id: 'pending', label: 'Pending' },
  { key: 'skipped', id: 'skipped', label: 'Skipped' },
];

const date = (label, key) => ({ label, value: (campaign) => formatDate(campaign[key]) });

/**
 * How a campaign sends and when things happened to it; each dialog picks by id. A setting
 * with shown(campaign) is left out of a campaign for which it answers false.
 */
const SETTINGS = {
  rate: { label: 'Rate limit', value: (campaign) => `${formatNumber(campaign.rate_limit)} messages/s` },
  workers: { label: 'Max workers', value: (campaign) => formatNumber(campaign.max_workers) },
  'quiet-hours': {
    label: 'Quiet hours',
    value: (campaign) => quietHoursText(campaign) ?? 'None',
    shown: (campaign) => quietHoursText(campaign) !== null,
  },
  scheduled: date('Scheduled', 'scheduled_at'),
  created: date('Created', 'created_at'),
  updated: date('Updated', 'updated_at'),
  started: date('Started', 'started_at'),
  completed: date('Completed', 'completed_at'),
};

/** The settings with these ids, in this order, each with its id and shown(campaign). */
export function settings(...ids) {
  return ids.map((id) => ({ id, shown: () => true, ...SETTINGS[id] }));
}

/**
 * Adds each status, as a word, to a status filter after its "All statuses" choice. The
 * pages write that choice into the filter themselves, so that it is as wide before the
 * script runs as after.
 */
export function addStatusOptions(select, statuses = STATUSES) {
  const word = (status) => status.charAt(0) + status.slice(1).toLowerCase();
  select.append(...statuses.map((status) => el('option', { value: status, text: word(status) })));
}

// Next to progressCells, so that a list's head and its rows change together.
const SHARED_HEADINGS = ['Status', 'Progress', 'Sent', 'Delivered', 'Read', 'Failed', 'Created', 'Actions'];
const NUMBER_HEADINGS = new Set(['Sent', 'Delivered', 'Read', 'Failed']);

/** The head of a campaign list: the list's own columns first (headings or cells), then the shared ones. */
export function listHead(...leading) {
  const shared = SHARED_HEADINGS.map((text) =>
    el('th', { scope: 'col', class: NUMBER_HEADINGS.has(text) ? 'num' : null, text }),
  );
  const own = leading.map((cell) => (cell instanceof Node ? cell : el('th', { scope: 'col', text: cell })));
  return el('thead', {}, el('tr', {}, own, shared));
}

/** The cells both campaign lists share: status with its reason, progress, counters, created. */
export function progressCells(campaign, name) {
  return [
    el(
      'td',
      {},
      badge(campaign.status),
      isWaiting(campaign) ? [' ', waitingBadge(campaign)] : null,
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

/**
 * Calls onAction(action, campaign, button) for a click on an action button inside
 * container; campaignOf(button) answers the campaign it acts on, if any.
 */
export function onActionClick(container, campaignOf, onAction) {
  container.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const campaign = campaignOf(button);
    if (campaign) onAction(button.dataset.action, campaign, button);
  });
}

/** Calls onAction(action, campaign, button) for a click on a row's action button. */
export function onRowAction(body, findCampaign, onAction) {
  onActionClick(body, (button) => findCampaign(button.closest('tr[data-campaign-id]')?.dataset.campaignId), onAction);
}

/** The table row of a campaign, to replace it when the campaign changes. */
export function rowOf(body, campaignId) {
  return body.querySelector(`tr[data-campaign-id="${CSS.escape(campaignId)}"]`);
}

// The user's console at /whatsapp/campaigns: campaign list and actions, the WhatsApp
// connection panel, campaign creation from a CSV, the CSV template generator and a
// details dialog with live counters from the campaign's event stream.

import { api, download, requireSession, streamEvents } from './api.js';
import { connectionState, renderConnectionPanel } from './connection.js';
import {
  badge,
  byId,
  clearProblem,
  confirmAction,
  el,
  every,
  formatDate,
  formatNumber,
  historyItem,
  initHeader,
  localToIsoWithOffset,
  progressBar,
  renderPager,
  setText,
  showProblem,
  toast,
  campaignProgressCells,
} from './ui.js';

const PAGE_SIZE = 20;
const FAILED_PAGE_SIZE = 50;

// The actions this page offers as a campaign's own buttons. Which of them a campaign's
// status allows is the server's to say: each campaign carries its `allowed_actions`
// (see GET /campaigns/lifecycle). Retry-failed has a button of its own in the details.
const STATE_ACTIONS = ['send', 'pause', 'resume', 'stop', 'delete'];

const ACTION_LABELS = {
  details: 'Details',
  send: 'Send',
  pause: 'Pause',
  resume: 'Resume',
  stop: 'Stop',
  delete: 'Delete',
};

const ACTION_STYLES = { send: 'success', stop: 'danger', delete: 'danger' };

// Campaigns whose counters still move: the list refreshes itself while one is shown.
const ACTIVE = new Set(['SCHEDULED', 'RUNNING', 'PAUSED']);

const list = { page: 0, status: '', items: [], total: 0 };
let templates = [];

const claims = requireSession();

function start() {
  initHeader(claims);
  wireList();
  wireCreateForm();
  wireGenerator();
  wireDetails();
  loadCampaigns();
  loadTemplates();
  startConnectionPanel();
  // Keep running campaigns' progress current without a stream per row.
  every(10_000, refreshActiveList);
}

// ===================================================================== campaign list

function wireList() {
  byId('filter-status').addEventListener('change', (event) => {
    list.status = event.target.value;
    list.page = 0;
    loadCampaigns();
  });
  byId('refresh-list').addEventListener('click', () => loadCampaigns());
  byId('campaign-list').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const row = button.closest('tr[data-campaign-id]');
    const campaign = list.items.find((item) => item.id === row?.dataset.campaignId);
    if (campaign) runAction(button.dataset.action, campaign, button);
  });
}

async function loadCampaigns({ quiet = false } = {}) {
  const tbody = byId('campaign-list');
  tbody.setAttribute('aria-busy', 'true');
  try {
    const params = new URLSearchParams({ user_id: claims.sub, page: list.page, size: PAGE_SIZE });
    if (list.status) params.set('status', list.status);
    const page = await api(`/campaigns?${params}`);
    const items = page?.items ?? [];
    // After deleting the last row of the last page, show the page before it instead.
    if (items.length === 0 && list.page > 0) {
      list.page -= 1;
      await loadCampaigns({ quiet });
      return;
    }
    list.items = items;
    list.total = page.total;
    renderCampaigns(page);
  } catch (error) {
    if (!quiet) showProblem(error);
  } finally {
    tbody.setAttribute('aria-busy', 'false');
  }
}

function refreshActiveList() {
  if (byId('campaign-dialog').open || byId('confirm-dialog').open) return;
  if (!list.items.some((item) => ACTIVE.has(item.status))) return;
  // Re-rendering rows would take the focus away from a keyboard user inside the table.
  if (byId('campaign-list').contains(document.activeElement)) return;
  loadCampaigns({ quiet: true });
}

function renderCampaigns(page) {
  const tbody = byId('campaign-list');
  tbody.replaceChildren(...list.items.map(campaignRow));
  const empty = byId('campaign-empty');
  empty.hidden = list.items.length > 0;
  empty.textContent = list.status
    ? `No ${list.status.toLowerCase()} campaigns. Choose “All statuses” to see the others.`
    : 'No campaigns yet — create one from a CSV below.';
  renderPager(
    byId('campaign-pager'),
    { page: list.page, size: PAGE_SIZE, total: page.total, count: list.items.length },
    (next) => {
      list.page = next;
      loadCampaigns();
    },
  );
  renderStats();
}

function renderStats() {
  const sum = (key) => list.items.reduce((total, item) => total + (Number(item[key]) || 0), 0);
  setText('stat-campaigns', formatNumber(list.total >= 0 ? list.total : list.items.length));
  setText('stat-sent', formatNumber(sum('sent')));
  setText('stat-delivered', formatNumber(sum('delivered')));
  setText('stat-read', formatNumber(sum('read')));
  setText('stat-failed', formatNumber(sum('failed')));
}

function campaignRow(campaign) {
  const name = campaign.name || '(unnamed)';
  return el(
    'tr',
    { dataset: { campaignId: campaign.id, status: campaign.status } },
    el(
      'td',
      {},
      el('strong', { text: name }),
      campaign.description ? el('span', { class: 'sub', text: campaign.description }) : null,
    ),
    ...campaignProgressCells(campaign, name),
    el('td', { class: 'actions' }, el('div', { class: 'button-row' }, actionButtons(campaign, ['details'], true))),
  );
}

/** What the server says the campaign's status allows. */
function allowedActions(campaign) {
  return Array.isArray(campaign?.allowed_actions) ? campaign.allowed_actions : [];
}

/** The buttons a campaign's status allows, each named with the campaign for screen readers. */
function actionButtons(campaign, extra = [], small = false) {
  const actions = [...extra, ...allowedActions(campaign).filter((action) => STATE_ACTIONS.includes(action))];
  return actions.map((action) =>
    el('button', {
      type: 'button',
      class: [ACTION_STYLES[action] ?? (action === 'details' ? 'secondary' : ''), small ? 'small' : '']
        .join(' ')
        .trim(),
      dataset: { action },
      'aria-label': `${ACTION_LABELS[action]} ${campaign.name || ''}`.trim(),
      text: ACTION_LABELS[action],
    }),
  );
}

/** Replaces one campaign in the list (after an action or a live update) without a reload. */
function updateRow(campaign) {
  const index = list.items.findIndex((item) => item.id === campaign.id);
  if (index === -1) return;
  list.items[index] = campaign;
  const row = byId('campaign-list').querySelector(`tr[data-campaign-id="${CSS.escape(campaign.id)}"]`);
  row?.replaceWith(campaignRow(campaign));
  renderStats();
}

// ===================================================================== campaign actions

async function runAction(action, campaign, button) {
  if (action === 'details') {
    openDetails(campaign.id);
    return;
  }
  const inDialog = byId('campaign-dialog').contains(button);
  const box = inDialog ? byId('detail-problem') : byId('problem');
  clearProblem(box);
  if (!(await confirmed(action, campaign))) return;
  button.disabled = true;
  try {
    const result = await perform(action, campaign);
    toast(successMessage(action, campaign, result));
    if (action === 'delete') {
      if (detail.id === campaign.id) byId('campaign-dialog').close();
      await loadCampaigns();
      return;
    }
    updateRow(result);
    if (detail.id === campaign.id) {
      fillDetail(result);
      loadHistory();
      // A campaign that starts (or resumes) streams again.
      if (!detail.stream) openStream(campaign.id);
    }
  } catch (error) {
    showProblem(error, box);
    // A 409 means our view of the status was stale: show the real one.
    if (error.status === 409) {
      await loadCampaigns({ quiet: true });
      if (detail.id === campaign.id) reloadDetail();
    }
  } finally {
    button.disabled = false;
  }
}

function perform(action, campaign) {
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

/** Sending, stopping and deleting cannot be undone, so they ask first. */
function confirmed(action, campaign) {
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
  if (!question) return Promise.resolve(true);
  return confirmAction(question).then((answer) => answer.ok);
}

function successMessage(action, campaign, result) {
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

// ===================================================================== details dialog

// The campaign shown in the dialog and its live stream.
const detail = {
  id: null,
  campaign: null,
  stream: null,
  ended: false,
  reconnectTimer: null,
  receiptTimer: null,
  failedPage: 0,
  renderedActions: null,
  lastFailedCount: null,
  failedRefreshTimer: null,
};

function wireDetails() {
  const dialog = byId('campaign-dialog');
  byId('detail-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', closeDetails);
  byId('detail-actions').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button || !detail.campaign) return;
    const action = button.dataset.action;
    if (action === 'export') exportRecipients(button);
    else if (action === 'import-errors') downloadImportErrors(button);
    else if (action === 'retry-failed') retryFailed(button);
    else runAction(action, detail.campaign, button);
  });
}

async function openDetails(id) {
  closeStream();
  resetDetail();
  detail.id = id;
  const known = list.items.find((item) => item.id === id);
  if (known) fillDetail(known);
  const dialog = byId('campaign-dialog');
  if (!dialog.open) dialog.showModal();
  await reloadDetail();
  if (detail.id !== id) return;
  openStream(id);
  loadFailed();
  loadHistory();
}

async function reloadDetail() {
  const id = detail.id;
  try {
    const campaign = await api(`/campaigns/${encodeURIComponent(id)}`);
    if (detail.id === id) fillDetail(campaign);
  } catch (error) {
    showProblem(error, byId('detail-problem'));
  }
}

function closeDetails() {
  closeStream();
  detail.id = null;
  detail.campaign = null;
}

function resetDetail() {
  clearProblem(byId('detail-problem'));
  detail.campaign = null;
  detail.renderedActions = null;
  detail.failedPage = 0;
  detail.lastFailedCount = null;
  setText('detail-name', 'Campaign');
  setText('detail-description', '');
  setText('detail-live', '');
  byId('detail-failed-list').replaceChildren();
  byId('detail-history').replaceChildren();
  byId('detail-failed-empty').hidden = true;
  byId('detail-history-empty').hidden = true;
  byId('detail-failed-pager').hidden = true;
}

/** Shows a campaign's fields; called for every live update, so it only rebuilds what changed. */
function fillDetail(campaign) {
  detail.campaign = campaign;
  setText('detail-name', campaign.name || '(unnamed)');
  setText('detail-description', campaign.description || '');
  const status = byId('detail-status');
  status.className = `badge status-${String(campaign.status).toLowerCase()}`;
  status.textContent = campaign.status;
  setText('detail-reason', campaign.status_reason || '');
  const percent = Math.max(0, Math.min(100, Number(campaign.progress) || 0));
  const progress = byId('detail-progress');
  progress.value = percent;
  progress.textContent = `${percent.toFixed(1)}%`;
  setText('detail-progress-text', `${percent.toFixed(1)}%`);
  for (const key of ['sent', 'delivered', 'read', 'failed', 'pending', 'skipped']) {
    setText(`detail-${key}`, formatNumber(campaign[key]));
  }
  setText('detail-total', formatNumber(campaign.total_recipients));
  setText('detail-rate', `${formatNumber(campaign.rate_limit)} messages/s`);
  setText('detail-workers', formatNumber(campaign.max_workers));
  setText('detail-scheduled', formatDate(campaign.scheduled_at));
  setText('detail-created', formatDate(campaign.created_at));
  setText('detail-started', formatDate(campaign.started_at));
  setText('detail-completed', formatDate(campaign.completed_at));
  // Rebuilding the buttons on every update would steal a keyboard user's focus.
  const actions = allowedActions(campaign).join(' ');
  if (detail.renderedActions !== actions) {
    detail.renderedActions = actions;
    byId('detail-state-actions').replaceChildren(...actionButtons(campaign));
  }
  const retry = byId('detail-actions').querySelector('[data-action="retry-failed"]');
  retry.disabled = !(campaign.failed > 0) || !allowedActions(campaign).includes('retry-failed');
  refreshFailedWhenCountChanges(campaign);
}

/** New failures show up in the table without a reload, at most every few seconds. */
function refreshFailedWhenCountChanges(campaign) {
  const previous = detail.lastFailedCount;
  detail.lastFailedCount = campaign.failed;
  if (previous === null || previous === campaign.failed || detail.failedRefreshTimer) return;
  detail.failedRefreshTimer = setTimeout(() => {
    detail.failedRefreshTimer = null;
    if (detail.id && detail.failedPage === 0) loadFailed();
  }, 3000);
}

function setLive(text, on = false) {
  const live = byId('detail-live');
  live.textContent = text;
  live.classList.toggle('on', on);
}

// ------------------------------------------------------------------ live stream

function openStream(id) {
  closeStream();
  detail.ended = false;
  setLive('Connecting to live updates…');
  const stream = streamEvents(`/campaigns/${encodeURIComponent(id)}/events`, (event) => onStreamEvent(id, event));
  detail.stream = stream;
  stream.done.then(
    () => onStreamClosed(id, stream),
    (error) => onStreamFailed(id, stream, error),
  );
}

function closeStream() {
  clearInterval(detail.receiptTimer);
  detail.receiptTimer = null;
  clearTimeout(detail.reconnectTimer);
  clearTimeout(detail.failedRefreshTimer);
  detail.reconnectTimer = null;
  detail.failedRefreshTimer = null;
  const stream = detail.stream;
  detail.stream = null;
  stream?.close();
}

function onStreamEvent(id, { event, data }) {
  if (detail.id !== id) return;
  const campaign = data && typeof data === 'object' ? data : null;
  if (event === 'progress' && campaign) {
    fillDetail(campaign);
    updateRow(campaign);
    setLive('Live', true);
  } else if (event === 'end') {
    detail.ended = true;
    if (campaign) {
      fillDetail(campaign);
      updateRow(campaign);
    }
    // Sending is over, but Meta's delivery and read receipts keep coming for a while.
    setLive('Sending finished; delivery and read receipts still arrive');
    loadFailed();
    loadHistory();
    followReceipts(id);
  }
}

/** Reads the counters every few seconds while the finished campaign stays open. */
function followReceipts(id) {
  clearInterval(detail.receiptTimer);
  detail.receiptTimer = setInterval(async () => {
    if (detail.id !== id) {
      clearInterval(detail.receiptTimer);
      return;
    }
    try {
      const campaign = await api(`/campaigns/${encodeURIComponent(id)}`);
      if (detail.id === id) {
        fillDetail(campaign);
        updateRow(campaign);
      }
    } catch {
      // A missed refresh is retried at the next tick; a lost session redirects to login.
    }
  }, 3000);
}

function onStreamClosed(id, stream) {
  if (detail.stream !== stream || detail.id !== id) return;
  detail.stream = null;
  if (detail.ended) return;
  // The server may close a long stream without "end": reconnect while counters can move.
  if (ACTIVE.has(detail.campaign?.status)) {
    scheduleReconnect(id, 1000, 'Reconnecting…');
  } else {
    setLive('');
  }
}

function onStreamFailed(id, stream, error) {
  if (detail.stream !== stream || detail.id !== id) return;
  detail.stream = null;
  if (error?.expired) return;
  if (error?.status >= 400 && error.status < 500) {
    setLive('Live updates are not available');
    showProblem(error, byId('detail-problem'));
    return;
  }
  scheduleReconnect(id, 5000, 'Live updates interrupted, reconnecting…');
}

function scheduleReconnect(id, delay, message) {
  setLive(message);
  clearTimeout(detail.reconnectTimer);
  detail.reconnectTimer = setTimeout(() => {
    if (detail.id === id) openStream(id);
  }, delay);
}

// ------------------------------------------------------------------ failed recipients

async function loadFailed() {
  const id = detail.id;
  if (!id) return;
  const params = new URLSearchParams({ status: 'FAILED', page: detail.failedPage, size: FAILED_PAGE_SIZE });
  try {
    const page = await api(`/campaigns/${encodeURIComponent(id)}/recipients?${params}`);
    if (detail.id !== id) return;
    const items = page?.items ?? [];
    byId('detail-failed-list').replaceChildren(...items.map(failedRow));
    byId('detail-failed-empty').hidden = items.length > 0;
    renderPager(
      byId('detail-failed-pager'),
      { page: detail.failedPage, size: FAILED_PAGE_SIZE, total: page.total, count: items.length },
      (next) => {
        detail.failedPage = next;
        loadFailed();
      },
    );
  } catch (error) {
    showProblem(error, byId('detail-problem'));
  }
}

function failedRow(recipient) {
  return el(
    'tr',
    { dataset: { recipientId: recipient.id } },
    el('td', { class: 'num', text: recipient.sequence ?? '' }),
    el('td', { class: 'nowrap', text: recipient.phone || '' }),
    el('td', { text: recipient.name || '' }),
    el('td', { class: 'num', text: recipient.error_code ?? '—' }),
    el('td', { text: recipient.error_message || '—' }),
    el('td', { class: 'num', text: formatNumber(recipient.retry_count) }),
    el('td', { class: 'nowrap', text: formatDate(recipient.failed_at) }),
  );
}

// ------------------------------------------------------------------ history

async function loadHistory() {
  const id = detail.id;
  if (!id) return;
  try {
    const entries = await api(`/campaigns/${encodeURIComponent(id)}/history`);
    if (detail.id !== id) return;
    const items = Array.isArray(entries) ? entries : [];
    byId('detail-history').replaceChildren(...items.map(historyItem));
    byId('detail-history-empty').hidden = items.length > 0;
  } catch (error) {
    showProblem(error, byId('detail-problem'));
  }
}

// ------------------------------------------------------------------ downloads and retry

async function withBusy(button, task) {
  const box = byId('detail-problem');
  clearProblem(box);
  button.disabled = true;
  try {
    await task();
  } catch (error) {
    showProblem(error, box);
  } finally {
    button.disabled = false;
  }
}

function exportRecipients(button) {
  const id = detail.campaign.id;
  return withBusy(button, async () => {
    await download(`/campaigns/${encodeURIComponent(id)}/recipients.csv`, `campaign-${id}-recipients.csv`);
    toast('Recipients CSV downloaded');
  });
}

function downloadImportErrors(button) {
  const id = detail.campaign.id;
  return withBusy(button, async () => {
    await download(`/campaigns/${encodeURIComponent(id)}/import-errors`, `campaign-${id}-import-errors.csv`);
    toast('Import errors downloaded');
  });
}

function retryFailed(button) {
  const id = detail.campaign.id;
  return withBusy(button, async () => {
    const result = await api(`/campaigns/${encodeURIComponent(id)}/retry-failed`, { method: 'POST' });
    const retried = Number(result?.retried) || 0;
    toast(retried > 0 ? `${formatNumber(retried)} failed recipient(s) will be sent again` : 'No failure could be retried');
    if (result?.campaign && detail.id === id) {
      fillDetail(result.campaign);
      updateRow(result.campaign);
      if (!detail.stream) openStream(id);
    }
    loadFailed();
    loadHistory();
  });
}

// ===================================================================== templates

async function loadTemplates() {
  try {
    const answer = await api('/templates');
    templates = Array.isArray(answer) ? answer : [];
  } catch (error) {
    templates = [];
    showProblem(error);
  }
  fillTemplateSelect();
  fillGeneratorSelect();
}

function templateLabel(template) {
  const language = template.language ? ` (${template.language})` : '';
  return `${template.name}${language} — ${template.status}`;
}

/** Creation offers every template but only approved ones can be chosen: Meta sends no other. */
function fillTemplateSelect() {
  const select = byId('create-template');
  const approved = templates.filter((template) => template.status === 'APPROVED');
  const placeholder = el('option', {
    value: '',
    text: approved.length > 0 ? 'Choose an approved template' : 'No approved template yet — ask an admin',
  });
  const options = templates.map((template) =>
    el('option', {
      value: String(template.id),
      text: templateLabel(template),
      disabled: template.status !== 'APPROVED',
    }),
  );
  select.replaceChildren(placeholder, ...options);
  if (approved.length === 1) select.value = String(approved[0].id);
}

function fillGeneratorSelect() {
  const select = byId('csv-template-select');
  const placeholder = el('option', {
    value: '',
    text: templates.length > 0 ? 'Choose a template' : 'No templates yet',
  });
  select.replaceChildren(
    placeholder,
    ...templates.map((template) => el('option', { value: String(template.id), text: templateLabel(template) })),
  );
}

// ===================================================================== CSV template generator

function wireGenerator() {
  byId('csv-template-select').addEventListener('change', showCsvTemplate);
  byId('csv-template-download').addEventListener('click', async (event) => {
    const template = selectedGeneratorTemplate();
    if (!template) return;
    const button = event.currentTarget;
    button.disabled = true;
    clearProblem();
    try {
      await download(`/templates/${encodeURIComponent(template.id)}/csv-template`, `${template.name}-recipients.csv`);
      toast('CSV template downloaded');
    } catch (error) {
      showProblem(error);
    } finally {
      button.disabled = false;
    }
  });
}

function selectedGeneratorTemplate() {
  const id = byId('csv-template-select').value;
  return templates.find((template) => String(template.id) === id) ?? null;
}

async function showCsvTemplate() {
  const template = selectedGeneratorTemplate();
  const pre = byId('csv-template-header');
  const button = byId('csv-template-download');
  const info = byId('csv-template-info');
  button.disabled = !template;
  pre.hidden = true;
  info.replaceChildren();
  if (!template) return;
  info.append(
    badge(template.status),
    ` ${template.category || ''} · ${formatNumber(template.parameter_count)} parameter(s)`,
    template.status === 'APPROVED' ? '' : ' · cannot be sent until approved',
  );
  try {
    const text = await api(`/templates/${encodeURIComponent(template.id)}/csv-template`, {
      expect: 'text',
      headers: { Accept: 'text/csv, application/problem+json' },
    });
    // The user may have picked another template meanwhile.
    if (selectedGeneratorTemplate() !== template) return;
    pre.textContent = text.replace(/\r\n/g, '\n').trimEnd();
    pre.hidden = false;
  } catch (error) {
    showProblem(error);
  }
}

// ===================================================================== create from CSV

function wireCreateForm() {
  byId('create-form').addEventListener('submit', (event) => {
    event.preventDefault();
    createCampaign();
  });
  byId('import-report-link').addEventListener('click', async (event) => {
    // A plain link cannot carry the token: fetch the report and save it instead.
    event.preventDefault();
    const link = event.currentTarget;
    clearProblem();
    try {
      await download(link.getAttribute('href'), link.dataset.fileName || 'import-errors.csv');
    } catch (error) {
      showProblem(error);
    }
  });
}

function numberOrNull(id) {
  const value = byId(id).value.trim();
  return value === '' ? null : Number(value);
}

/** The campaign part of the upload; the server validates it and names any bad field. */
function campaignPayload() {
  const payload = {
    name: byId('create-name').value.trim(),
    description: byId('create-description').value.trim(),
    user_id: claims.sub,
    template_id: numberOrNull('create-template'),
    rate_limit: numberOrNull('create-rate'),
    max_workers: numberOrNull('create-workers'),
  };
  const scheduled = localToIsoWithOffset(byId('create-schedule').value);
  if (scheduled) payload.scheduled_at = scheduled;
  return payload;
}

async function createCampaign() {
  clearProblem();
  const file = byId('create-file').files[0];
  if (!file) {
    showProblem({
      title: 'Choose a CSV file',
      detail: 'A campaign is created together with its recipients.',
      errors: [{ field: 'file', reason: 'choose the CSV file with your recipients' }],
    });
    byId('create-file').focus();
    return;
  }
  const payload = campaignPayload();
  const body = new FormData();
  body.append('campaign', new Blob([JSON.stringify(payload)], { type: 'application/json' }));
  body.append('file', file, file.name);
  const submit = byId('create-submit');
  submit.disabled = true;
  submit.textContent = 'Uploading…';
  byId('create-form').setAttribute('aria-busy', 'true');
  try {
    const answer = await api('/campaigns/create', { method: 'POST', body });
    renderImport(answer);
    toast(`Campaign “${answer?.campaign?.name ?? payload.name}” created`);
    resetCreateForm();
    list.page = 0;
    await loadCampaigns();
  } catch (error) {
    showProblem(error);
  } finally {
    submit.disabled = false;
    submit.textContent = 'Create campaign';
    byId('create-form').setAttribute('aria-busy', 'false');
  }
}

/** Keeps template, rate and workers: the next campaign often uses the same ones. */
function resetCreateForm() {
  for (const id of ['create-name', 'create-description', 'create-schedule', 'create-file']) {
    byId(id).value = '';
  }
}

function renderImport(answer) {
  const report = answer?.import ?? {};
  const campaign = answer?.campaign ?? {};
  const errors = Array.isArray(report.errors) ? report.errors : [];
  const rejected = Number(report.rejected) || 0;
  setText(
    'import-summary',
    `${formatNumber(report.imported ?? 0)} imported, ${formatNumber(rejected)} rejected, ${formatNumber(report.skipped ?? 0)} skipped`,
  );
  byId('import-report-rows').replaceChildren(
    ...errors.map((error) =>
      el(
        'tr',
        {},
        el('td', { class: 'num', text: error.line ?? '' }),
        el('td', { text: error.value ?? '' }),
        el('td', { text: error.reason ?? '' }),
      ),
    ),
  );
  // The table's scrolling wrapper hides with it when every line was imported.
  byId('import-report').parentElement.hidden = errors.length === 0;
  byId('import-none').hidden = rejected > 0;
  const truncated = byId('import-truncated');
  truncated.hidden = rejected <= errors.length;
  truncated.textContent = `Showing the first ${formatNumber(errors.length)} of ${formatNumber(rejected)} rejected lines; download the full report for all of them.`;
  const link = byId('import-report-link');
  link.hidden = rejected === 0;
  link.setAttribute('href', report.report || `/campaigns/${encodeURIComponent(campaign.id)}/import-errors`);
  link.dataset.fileName = `campaign-${campaign.id}-import-errors.csv`;
  const result = byId('import-result');
  result.hidden = false;
  result.scrollIntoView({ block: 'nearest' });
}

// ===================================================================== WhatsApp connection

function startConnectionPanel() {
  const panel = byId('connection-panel');
  const refresh = async () => {
    try {
      const status = await api('/whatsapp/status');
      renderConnectionPanel(panel, status, connectionHandlers);
      setText('connection-refresh', `Checked at ${new Date().toLocaleTimeString()}`);
    } catch (error) {
      if (!error.expired) setText('connection-refresh', 'Could not check the connection; retrying every 5 s');
    }
  };
  connectionHandlers.refresh = refresh;
  refresh();
  every(5000, refresh);
}

// What the panel's buttons do; the panel module only renders and collects input.
const connectionHandlers = {
  refresh: null,

  async connect(body, button) {
    await connectionCall(button, async () => {
      const status = await api('/whatsapp/connect', { body });
      renderConnectionPanel(byId('connection-panel'), status, connectionHandlers);
      toast(connectionState(status) === 'connected' ? 'WhatsApp connected' : 'Connection attempted');
    });
  },

  async disconnect(force, button) {
    const answer = await confirmAction(
      force
        ? {
            title: 'Reset the connection?',
            message: 'This disconnects the number, pauses its running campaigns and deletes the stored access token: you will need a new token to connect again.',
            confirmLabel: 'Reset',
            danger: true,
          }
        : {
            title: 'Disconnect WhatsApp?',
            message: 'Running campaigns on this number are paused. Your session is kept, so you can reconnect without a new token.',
            confirmLabel: 'Disconnect',
            danger: true,
          },
    );
    if (!answer.ok) return;
    await connectionCall(button, async () => {
      const status = await api('/whatsapp/disconnect', { method: 'DELETE', body: { force } });
      renderConnectionPanel(byId('connection-panel'), status, connectionHandlers);
      toast(force ? 'Connection reset' : 'WhatsApp disconnected');
      // Disconnecting pauses running campaigns: show that in the list.
      loadCampaigns({ quiet: true });
    });
  },
};

async function connectionCall(button, task) {
  clearProblem();
  if (button) button.disabled = true;
  try {
    await task();
  } catch (error) {
    showProblem(error);
    connectionHandlers.refresh?.();
  } finally {
    if (button?.isConnected) button.disabled = false;
  }
}

// Last, so that every module-level constant above is initialised before the page starts.
if (claims) start();

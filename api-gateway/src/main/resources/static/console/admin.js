// The admin console at /admin/campaigns: platform statistics, every user's campaigns
// with filters, row and bulk actions (each confirmed, with an optional reason), and
// dialogs for a campaign's details and its recipients.

import { api, isAdmin, requireSession } from './api.js';
import {
  badge,
  byId,
  clearProblem,
  confirmAction,
  el,
  formatDate,
  formatNumber,
  formatPercent,
  historyItem,
  initHeader,
  progressBar,
  renderPager,
  setText,
  showProblem,
  toast,
  campaignProgressCells,
} from './ui.js';

const PAGE_SIZE = 20;
const TARGETS_PAGE_SIZE = 50;

// The admin's actions. Which of them a campaign's status allows is the server's to say:
// each campaign carries its `allowed_actions` (see GET /campaigns/lifecycle).
const ADMIN_ACTIONS = ['pause', 'resume', 'cancel'];

const ACTION_TEXT = {
  details: { label: 'Details', style: 'secondary' },
  targets: { label: 'Targets', style: 'secondary' },
  pause: { label: 'Pause', style: '', past: 'paused' },
  resume: { label: 'Resume', style: 'success', past: 'resumed' },
  cancel: { label: 'Cancel', style: 'danger', past: 'cancelled' },
};

const FILTERS = ['status', 'type', 'user_id', 'q'];

const view = { page: 0, filters: {}, items: [], total: 0, selected: new Set() };
const targets = { id: null, page: 0, status: '' };
let detailsId = null;

const claims = requireSession();

function start() {
  initHeader(claims);
  if (!isAdmin(claims)) {
    showAdminsOnly();
    return;
  }
  byId('admin-content').hidden = false;
  readFiltersFromUrl();
  wireFilters();
  wireTable();
  wireBulk();
  wireDialogs();
  loadStats();
  loadCampaigns();
}

/** Non-admins (or a server that says 403) see a pointer to their own page instead. */
function showAdminsOnly() {
  byId('admin-content').hidden = true;
  byId('admins-only').hidden = false;
}

function handleError(error, box = byId('problem')) {
  if (error?.status === 403) {
    showAdminsOnly();
    return;
  }
  showProblem(error, box);
}

// ===================================================================== statistics

async function loadStats() {
  try {
    renderStats(await api('/admin/campaigns/stats'));
  } catch (error) {
    handleError(error);
  }
}

function renderStats(stats) {
  const byStatus = stats?.campaigns_by_status ?? {};
  const messages = stats?.messages ?? {};
  setText('stat-total', formatNumber(stats?.total_campaigns ?? 0));
  setText('stat-running', formatNumber(byStatus.RUNNING ?? 0));
  setText('stat-paused', formatNumber(byStatus.PAUSED ?? 0));
  for (const key of ['sent', 'delivered', 'read', 'failed', 'pending']) {
    setText(`stat-${key}`, formatNumber(messages[key] ?? 0));
  }
  setText('stat-failure-rate', formatPercent(stats?.failure_rate ?? 0));
  for (const [period, prefix] of [['today', 'stat-today'], ['this_week', 'stat-week']]) {
    for (const key of ['sent', 'delivered', 'read', 'failed']) {
      setText(`${prefix}-${key}`, formatNumber(stats?.[period]?.[key] ?? 0));
    }
  }
  byId('stats-by-status').replaceChildren(
    ...Object.entries(byStatus).map(([status, count]) =>
      el('li', { dataset: { status } }, badge(status), formatNumber(count)),
    ),
  );
  const errors = Array.isArray(stats?.top_error_codes) ? stats.top_error_codes : [];
  byId('top-errors').replaceChildren(
    ...errors.map((error) =>
      el(
        'tr',
        {},
        el('td', { class: 'num', text: error.code ?? '—' }),
        el('td', { text: error.message || '—' }),
        el('td', { class: 'num', text: formatNumber(error.count) }),
      ),
    ),
  );
  byId('top-errors-empty').hidden = errors.length > 0;
}

// ===================================================================== filters

const FILTER_INPUTS = { status: 'filter-status', type: 'filter-type', user_id: 'filter-user', q: 'filter-q' };

/** Filters live in the address too, so a filtered view can be reloaded or shared. */
function readFiltersFromUrl() {
  const params = new URLSearchParams(location.search);
  for (const key of FILTERS) {
    const value = params.get(key) ?? '';
    view.filters[key] = value;
    byId(FILTER_INPUTS[key]).value = value;
  }
  view.page = Math.max(0, Number.parseInt(params.get('page') ?? '0', 10) || 0);
}

function writeFiltersToUrl() {
  const params = new URLSearchParams();
  for (const key of FILTERS) if (view.filters[key]) params.set(key, view.filters[key]);
  if (view.page > 0) params.set('page', String(view.page));
  const query = params.toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
}

function applyFilters() {
  for (const key of FILTERS) view.filters[key] = byId(FILTER_INPUTS[key]).value.trim();
  view.page = 0;
  clearProblem();
  loadCampaigns();
}

function wireFilters() {
  byId('filter-form').addEventListener('submit', (event) => {
    event.preventDefault();
    applyFilters();
  });
  // Choosing from a list is a decision already; typed filters wait for Apply or Enter.
  byId('filter-status').addEventListener('change', applyFilters);
  byId('filter-type').addEventListener('change', applyFilters);
  byId('filter-clear').addEventListener('click', () => {
    for (const key of FILTERS) byId(FILTER_INPUTS[key]).value = '';
    applyFilters();
  });
}

// ===================================================================== campaign table

async function loadCampaigns() {
  const tbody = byId('admin-list');
  tbody.setAttribute('aria-busy', 'true');
  writeFiltersToUrl();
  try {
    const params = new URLSearchParams({ page: view.page, size: PAGE_SIZE });
    for (const key of FILTERS) if (view.filters[key]) params.set(key, view.filters[key]);
    const page = await api(`/admin/campaigns?${params}`);
    const items = page?.items ?? [];
    // A page past the end (after cancelling or filtering): step back to the last one.
    if (items.length === 0 && view.page > 0) {
      view.page -= 1;
      await loadCampaigns();
      return;
    }
    view.items = items;
    view.total = page.total;
    view.selected.clear();
    renderCampaigns(page);
  } catch (error) {
    handleError(error);
  } finally {
    tbody.setAttribute('aria-busy', 'false');
  }
}

function renderCampaigns(page) {
  byId('admin-list').replaceChildren(...view.items.map(campaignRow));
  byId('admin-empty').hidden = view.items.length > 0;
  const total = page.total >= 0 ? page.total : view.items.length;
  const totalNode = byId('admin-total');
  totalNode.textContent = `${formatNumber(total)} campaign${total === 1 ? '' : 's'}`;
  totalNode.dataset.total = String(total);
  renderPager(
    byId('admin-pager'),
    { page: view.page, size: PAGE_SIZE, total: page.total, count: view.items.length },
    (next) => {
      view.page = next;
      clearProblem();
      loadCampaigns();
    },
  );
  updateSelectionUi();
}

function campaignRow(campaign) {
  const name = campaign.name || '(unnamed)';
  const selected = view.selected.has(campaign.id);
  const checkboxId = `select-${campaign.id}`;
  const checkbox = el('input', {
    id: checkboxId,
    type: 'checkbox',
    class: 'row-select',
    checked: selected,
    dataset: { select: campaign.id },
  });
  const label = el('label', { class: 'visually-hidden', for: checkboxId, text: `Select ${name}` });
  return el(
    'tr',
    { dataset: { campaignId: campaign.id, status: campaign.status }, class: selected ? 'selected' : null },
    el('td', {}, label, checkbox),
    el('td', {}, el('strong', { text: name }), shortId(campaign.id)),
    el('td', {}, el('span', { text: campaign.username || '—' }), shortId(campaign.user_id)),
    el('td', { text: campaign.template_name || `#${campaign.template_id ?? '—'}` }),
    el('td', {}, campaign.type ? badge(campaign.type, 'type') : '—'),
    ...campaignProgressCells(campaign, name),
    el('td', { class: 'actions' }, el('div', { class: 'button-row' }, actionButtons(campaign, ['details', 'targets']))),
  );
}

/** The first block of a UUID keeps rows narrow; the whole id stays available as a tooltip. */
function shortId(id) {
  if (!id) return null;
  return el('span', { class: 'sub id', title: id, text: `${String(id).slice(0, 8)}…` });
}

function actionButtons(campaign, extra = []) {
  const allowed = Array.isArray(campaign.allowed_actions) ? campaign.allowed_actions : [];
  const actions = [...extra, ...allowed.filter((action) => ADMIN_ACTIONS.includes(action))];
  return actions.map((action) =>
    el('button', {
      type: 'button',
      class: `small ${ACTION_TEXT[action].style}`.trim(),
      dataset: { action },
      'aria-label': `${ACTION_TEXT[action].label} ${campaign.name || ''}`.trim(),
      text: ACTION_TEXT[action].label,
    }),
  );
}

function wireTable() {
  byId('admin-list').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const campaign = findCampaign(button.closest('tr[data-campaign-id]')?.dataset.campaignId);
    if (campaign) runRowAction(button.dataset.action, campaign, button, byId('problem'));
  });
  byId('admin-list').addEventListener('change', (event) => {
    const box = event.target.closest('input[data-select]');
    if (!box) return;
    setSelected(box.dataset.select, box.checked);
    updateSelectionUi();
  });
  byId('select-all').addEventListener('change', (event) => {
    for (const item of view.items) setSelected(item.id, event.target.checked);
    for (const box of byId('admin-list').querySelectorAll('input[data-select]')) box.checked = event.target.checked;
    updateSelectionUi();
  });
}

function findCampaign(id) {
  return view.items.find((item) => item.id === id) ?? null;
}

/** Keeps the joined fields (username, template, type) an action's answer may leave out. */
function replaceCampaign(updated) {
  const index = view.items.findIndex((item) => item.id === updated.id);
  if (index === -1) return updated;
  const merged = { ...view.items[index], ...updated };
  view.items[index] = merged;
  const row = byId('admin-list').querySelector(`tr[data-campaign-id="${CSS.escape(updated.id)}"]`);
  row?.replaceWith(campaignRow(merged));
  updateSelectionUi();
  return merged;
}

// ===================================================================== row actions

async function runRowAction(action, campaign, button, box) {
  if (action === 'details') {
    openDetails(campaign.id);
    return;
  }
  if (action === 'targets') {
    openTargets(campaign);
    return;
  }
  clearProblem(box);
  const answer = await confirmAction({
    title: `${ACTION_TEXT[action].label} campaign?`,
    message: `“${campaign.name || campaign.id}” of ${campaign.username || 'its owner'} will be ${ACTION_TEXT[action].past}.`,
    confirmLabel: `${ACTION_TEXT[action].label} campaign`,
    danger: action === 'cancel',
    withReason: true,
  });
  if (!answer.ok) return;
  button.disabled = true;
  try {
    const body = answer.reason ? { reason: answer.reason } : {};
    const updated = await api(`/admin/campaigns/${encodeURIComponent(campaign.id)}/${action}`, { body });
    const merged = replaceCampaign(updated ?? campaign);
    toast(`“${campaign.name || campaign.id}” ${ACTION_TEXT[action].past}`);
    if (detailsId === campaign.id) renderDetails(merged);
    loadStats();
  } catch (error) {
    handleError(error, box);
    // 409: the status changed under us; show the real one.
    if (error.status === 409) loadCampaigns();
  } finally {
    if (button.isConnected) button.disabled = false;
  }
}

// ===================================================================== bulk actions

function setSelected(id, selected) {
  if (selected) view.selected.add(id);
  else view.selected.delete(id);
}

function updateSelectionUi() {
  const count = view.selected.size;
  setText('bulk-count', `${formatNumber(count)} selected`);
  byId('bulk-apply').disabled = count === 0;
  const all = byId('select-all');
  all.checked = count > 0 && count === view.items.length;
  all.indeterminate = count > 0 && count < view.items.length;
  for (const row of byId('admin-list').querySelectorAll('tr[data-campaign-id]')) {
    // Highlight only: the row's checkbox is what tells assistive technology it is selected.
    row.classList.toggle('selected', view.selected.has(row.dataset.campaignId));
  }
}

function wireBulk() {
  byId('bulk-apply').addEventListener('click', runBulk);
}

async function runBulk() {
  const action = byId('bulk-action').value;
  const ids = [...view.selected];
  if (ids.length === 0) return;
  clearProblem();
  const answer = await confirmAction({
    title: `${ACTION_TEXT[action].label} ${ids.length} campaign(s)?`,
    message: `The ${ids.length} selected campaign(s) will be ${ACTION_TEXT[action].past} where their status allows it; each result is listed afterwards.`,
    confirmLabel: `${ACTION_TEXT[action].label} selected`,
    danger: action === 'cancel',
    withReason: true,
  });
  if (!answer.ok) return;
  const button = byId('bulk-apply');
  button.disabled = true;
  // Names for the result list, taken before the reload replaces the page.
  const names = new Map(ids.map((id) => [id, findCampaign(id)?.name || id]));
  try {
    const body = { action, ids, ...(answer.reason ? { reason: answer.reason } : {}) };
    const result = await api('/admin/campaigns/bulk', { body });
    const results = Array.isArray(result?.results) ? result.results : [];
    renderBulkResults(results, names);
    const succeeded = results.filter((item) => item.ok).length;
    toast(`${succeeded} of ${results.length} campaign(s) ${ACTION_TEXT[action].past}`);
    await loadCampaigns();
    loadStats();
  } catch (error) {
    handleError(error);
  } finally {
    updateSelectionUi();
  }
}

function renderBulkResults(results, names) {
  const list = byId('bulk-results');
  list.replaceChildren(
    ...results.map((item) =>
      el(
        'li',
        { class: item.ok ? 'ok' : 'error', dataset: { campaignId: item.id, ok: String(Boolean(item.ok)) } },
        el('strong', { text: names.get(item.id) || item.id }),
        item.ok ? `: done, now ${item.status || 'updated'}` : `: not changed — ${item.error || 'refused'}`,
      ),
    ),
  );
  list.hidden = results.length === 0;
}

// ===================================================================== details dialog

function wireDialogs() {
  byId('details-close').addEventListener('click', () => byId('details-dialog').close());
  byId('details-dialog').addEventListener('close', () => {
    detailsId = null;
  });
  byId('details-actions').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    const campaign = detailsCampaign;
    if (!button || !campaign) return;
    if (button.dataset.action === 'targets') {
      byId('details-dialog').close();
      openTargets(campaign);
      return;
    }
    runRowAction(button.dataset.action, campaign, button, byId('details-problem')).then(() => loadHistory(campaign.id));
  });
  byId('targets-close').addEventListener('click', () => byId('targets-dialog').close());
  byId('targets-dialog').addEventListener('close', () => {
    targets.id = null;
  });
  byId('targets-status').addEventListener('change', (event) => {
    targets.status = event.target.value;
    targets.page = 0;
    loadTargets();
  });
}

let detailsCampaign = null;

async function openDetails(id) {
  detailsId = id;
  clearProblem(byId('details-problem'));
  const known = findCampaign(id);
  if (known) renderDetails(known);
  byId('details-history').replaceChildren();
  byId('details-history-empty').hidden = true;
  const dialog = byId('details-dialog');
  if (!dialog.open) dialog.showModal();
  try {
    const campaign = await api(`/admin/campaigns/${encodeURIComponent(id)}`);
    if (detailsId === id) renderDetails({ ...known, ...campaign });
  } catch (error) {
    handleError(error, byId('details-problem'));
  }
  loadHistory(id);
}

function renderDetails(campaign) {
  detailsCampaign = campaign;
  setText('details-title', campaign.name || '(unnamed)');
  const fact = (term, value) =>
    el('div', {}, el('dt', { text: term }), el('dd', {}, value instanceof Node ? value : String(value ?? '—')));
  byId('details-fields').replaceChildren(
    fact('ID', campaign.id),
    fact('Status', badge(campaign.status)),
    fact('Status reason', campaign.status_reason || '—'),
    fact('Type', campaign.type ? badge(campaign.type, 'type') : '—'),
    fact('User', `${campaign.username || '—'} (${campaign.user_id || '—'})`),
    fact('Template', `${campaign.template_name || '—'} (#${campaign.template_id ?? '—'})`),
    fact('Sender', campaign.sender_id || '—'),
    fact('Description', campaign.description || '—'),
    fact('Progress', progressBar(campaign.progress, 'Campaign progress')),
    fact('Recipients', formatNumber(campaign.total_recipients)),
    fact('Sent', formatNumber(campaign.sent)),
    fact('Delivered', formatNumber(campaign.delivered)),
    fact('Read', formatNumber(campaign.read)),
    fact('Failed', formatNumber(campaign.failed)),
    fact('Pending', formatNumber(campaign.pending)),
    fact('Skipped', formatNumber(campaign.skipped)),
    fact('Rate limit', `${formatNumber(campaign.rate_limit)} messages/s`),
    fact('Max workers', formatNumber(campaign.max_workers)),
    fact('Scheduled', formatDate(campaign.scheduled_at)),
    fact('Created', formatDate(campaign.created_at)),
    fact('Updated', formatDate(campaign.updated_at)),
    fact('Started', formatDate(campaign.started_at)),
    fact('Completed', formatDate(campaign.completed_at)),
  );
  byId('details-actions').replaceChildren(...actionButtons(campaign, ['targets']));
}

async function loadHistory(id) {
  if (detailsId !== id) return;
  try {
    const entries = await api(`/campaigns/${encodeURIComponent(id)}/history`);
    if (detailsId !== id) return;
    const items = Array.isArray(entries) ? entries : [];
    byId('details-history').replaceChildren(...items.map(historyItem));
    byId('details-history-empty').hidden = items.length > 0;
  } catch (error) {
    handleError(error, byId('details-problem'));
  }
}

// ===================================================================== targets dialog

function openTargets(campaign) {
  targets.id = campaign.id;
  targets.page = 0;
  targets.status = '';
  byId('targets-status').value = '';
  setText('targets-title', `Recipients of ${campaign.name || campaign.id}`);
  clearProblem(byId('targets-problem'));
  byId('targets-list').replaceChildren();
  const dialog = byId('targets-dialog');
  if (!dialog.open) dialog.showModal();
  loadTargets();
}

async function loadTargets() {
  const id = targets.id;
  if (!id) return;
  const list = byId('targets-list');
  list.setAttribute('aria-busy', 'true');
  try {
    const params = new URLSearchParams({ page: targets.page, size: TARGETS_PAGE_SIZE });
    if (targets.status) params.set('status', targets.status);
    const page = await api(`/admin/campaigns/${encodeURIComponent(id)}/targets?${params}`);
    if (targets.id !== id) return;
    const items = page?.items ?? [];
    list.replaceChildren(...items.map(targetRow));
    const empty = byId('targets-empty');
    empty.hidden = items.length > 0;
    empty.textContent = targets.status ? 'No recipients with this status.' : 'This campaign has no recipients.';
    renderPager(
      byId('targets-pager'),
      { page: targets.page, size: TARGETS_PAGE_SIZE, total: page.total, count: items.length },
      (next) => {
        targets.page = next;
        loadTargets();
      },
    );
  } catch (error) {
    handleError(error, byId('targets-problem'));
  } finally {
    list.setAttribute('aria-busy', 'false');
  }
}

function targetRow(recipient) {
  return el(
    'tr',
    { dataset: { recipientId: recipient.id, status: recipient.status } },
    el('td', { class: 'num', text: recipient.sequence ?? '' }),
    el('td', { class: 'nowrap', text: recipient.phone || '' }),
    el('td', { text: recipient.name || '' }),
    el('td', {}, badge(recipient.status)),
    el('td', { class: 'num', text: recipient.error_code ?? '—' }),
    el('td', { text: recipient.error_message || '—' }),
    el('td', { class: 'num', text: formatNumber(recipient.retry_count) }),
    el('td', { class: 'nowrap', text: formatDate(recipient.sent_at) }),
    el('td', { class: 'nowrap', text: formatDate(recipient.delivered_at) }),
    el('td', { class: 'nowrap', text: formatDate(recipient.read_at) }),
    el('td', { class: 'nowrap', text: formatDate(recipient.failed_at) }),
  );
}

// Last, so that every module-level binding above is initialised before the page starts.
if (claims) start();

// The admin console at /admin/campaigns: platform statistics, every user's campaigns
// with filters, row and bulk actions (each confirmed, with an optional reason), and
// dialogs for a campaign's details and its recipients. The components own their parts of
// the page; this module wires them together and runs the actions that touch several.

import { isAdmin, requireSession } from './api.js';
import { byId, clearProblem, showProblem, toast } from './ui.js';
import { confirmed, perform, successMessage } from './components/admin-actions.js';
import { AdminCampaignList } from './components/admin-campaign-list.js';
import { AdminDetails } from './components/admin-details.js';
import { AdminStats } from './components/admin-stats.js';
import { BulkActions } from './components/bulk-actions.js';
import { CampaignFilters } from './components/campaign-filters.js';
import { initHeader } from './components/page-header.js';
import { TargetsDialog } from './components/targets-dialog.js';

const claims = requireSession();

function start() {
  initHeader(claims);
  if (!isAdmin(claims)) {
    showAdminsOnly();
    return;
  }
  byId('admin-content').hidden = false;

  const stats = new AdminStats(byId('overview'), handleError);
  const filters = new CampaignFilters(byId('filter-form'), () => {
    clearProblem();
    list.load({ page: 0 });
  });
  const list = new AdminCampaignList(byId('campaigns-panel'), {
    filters,
    onAction: (action, campaign, button) => runAction(action, campaign, button, byId('problem')),
    onSelect: (count) => bulk.showSelected(count),
    onError: handleError,
  });
  const bulk = new BulkActions(byId('campaigns-panel'), {
    list,
    onDone: async () => {
      await list.load();
      stats.refresh();
    },
    onError: handleError,
  });
  const details = new AdminDetails({
    onAction: (action, campaign, button) => runAction(action, campaign, button, details.problem),
    onError: handleError,
  });
  const targets = new TargetsDialog(handleError);

  const page = filters.readFromUrl();
  stats.refresh();
  list.load({ page });

  /** box: where a failure shows, on the page or in the details dialog. */
  async function runAction(action, campaign, button, box) {
    if (action === 'details') {
      details.show(campaign);
      return;
    }
    if (action === 'targets') {
      details.close();
      targets.show(campaign);
      return;
    }
    clearProblem(box);
    const answer = await confirmed(action, campaign);
    if (!answer.ok) return;
    button.disabled = true;
    try {
      const updated = await perform(action, campaign, answer.reason);
      const merged = list.merge(updated ?? campaign);
      toast(successMessage(action, campaign));
      if (details.shows(campaign.id)) details.update(merged);
      stats.refresh();
    } catch (error) {
      handleError(error, box);
      // 409: the status changed under us; show the real one.
      if (error.status === 409) list.load();
    } finally {
      if (button.isConnected) button.disabled = false;
    }
  }
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

// Last, so that every module-level binding above is initialised before the page starts.
if (claims) start();

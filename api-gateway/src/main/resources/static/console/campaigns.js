// The user's console at /whatsapp/campaigns: the campaign list and its summary, the
// WhatsApp connection panel, campaign creation from a CSV, the CSV template generator and
// a details dialog with live counters. The components own their parts of the page; this
// module wires them together and runs the campaign actions that touch several of them.

import { api, requireSession } from './api.js';
import { byId, clearProblem, every, showProblem, toast } from './ui.js';
import { confirmed, perform, successMessage } from './components/campaign-actions.js';
import { CampaignDetails } from './components/campaign-details.js';
import { CampaignList, CampaignSummary } from './components/campaign-list.js';
import { ConnectionPanel } from './components/connection-panel.js';
import { CreateForm } from './components/create-form.js';
import { CsvGenerator } from './components/csv-generator.js';
import { isConfirming } from './components/dialog.js';
import { initHeader } from './components/page-header.js';

const claims = requireSession();

function start() {
  initHeader(claims);
  const list = new CampaignList(byId('campaigns-panel'), {
    summary: new CampaignSummary(byId('summary')),
    userId: claims.sub,
    onAction: (action, campaign, button) => runAction(action, campaign, button, byId('problem')),
  });
  const details = new CampaignDetails({
    onAction: (action, campaign, button) => runAction(action, campaign, button, details.problem),
    onUpdate: (campaign) => list.update(campaign),
  });
  const generator = new CsvGenerator(byId('generator-panel'));
  const form = new CreateForm(byId('create-panel'), {
    userId: claims.sub,
    onCreated: () => list.load({ page: 0 }),
    // The generator writes the CSV the form's template and fixed values need.
    onTemplateChange: (template, fixedNames) => generator.follow(template, fixedNames),
  });
  const connection = new ConnectionPanel(byId('connection-panel'), {
    // Disconnecting pauses running campaigns: show that in the list.
    onDisconnected: () => list.load({ quiet: true }),
  });

  list.load();
  // The generator first: the form may choose a template at once and tell the generator.
  loadTemplates([generator, form]);
  connection.start();
  every(10_000, () => {
    // Behind a dialog the list waits: the details keep its row current, and a question
    // holds on to the button of a row that a refresh would replace.
    if (!details.isOpen && !isConfirming()) list.refreshWhileActive();
  });

  /** box: where a failure shows, on the page or in the details dialog. */
  async function runAction(action, campaign, button, box) {
    if (action === 'details') {
      details.show(campaign);
      return;
    }
    clearProblem(box);
    if (!(await confirmed(action, campaign))) return;
    button.disabled = true;
    try {
      const result = await perform(action, campaign);
      toast(successMessage(action, campaign, result));
      if (action === 'delete') {
        if (details.shows(campaign.id)) details.close();
        await list.load();
        return;
      }
      list.update(result);
      if (details.shows(campaign.id)) details.afterAction(result);
    } catch (error) {
      showProblem(error, box);
      // A 409 means our view of the status was stale: show the real one.
      if (error.status === 409) {
        await list.load({ quiet: true });
        if (details.shows(campaign.id)) details.reload();
      }
    } finally {
      button.disabled = false;
    }
  }
}

/** The create form and the generator both choose from the templates. */
async function loadTemplates(choosers) {
  let templates = [];
  try {
    const answer = await api('/templates');
    templates = Array.isArray(answer) ? answer : [];
  } catch (error) {
    showProblem(error);
  }
  for (const chooser of choosers) chooser.showTemplates(templates);
}

// Last, so that every module-level binding above is initialised before the page starts.
if (claims) start();

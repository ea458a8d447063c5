// The templates page at /whatsapp/templates: the user's templates with Meta's status,
// the "Sync with Meta" button, and the chosen template's preview and variables.

import { requireSession } from './api.js';
import { byId } from './ui.js';
import { initHeader } from './components/page-header.js';
import { TemplateDetails } from './components/template-details.js';
import { TemplateList } from './components/template-list.js';
import { TemplateSync } from './components/template-sync.js';

const claims = requireSession();

function start() {
  initHeader(claims);
  const panel = byId('templates-panel');
  const details = new TemplateDetails(byId('template-details'));
  const list = new TemplateList(panel, {
    onSelect: (template, byUser) => {
      details.show(template);
      if (byUser) details.reveal();
    },
  });
  new TemplateSync(panel, { onSynced: () => list.load() });
  byId('refresh-templates').addEventListener('click', () => list.load());
  list.load();
}

// Last, so that every module-level binding above is initialised before the page starts.
if (claims) start();

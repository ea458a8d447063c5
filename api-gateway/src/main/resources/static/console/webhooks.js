// The webhooks page at /webhooks/endpoints: the user's endpoints, each with its actions,
// the deliveries of the one chosen, and the form that registers an endpoint. A signing
// secret (of a new endpoint, or a rotated one) shows once.

import { requireSession } from './api.js';
import { byId, every } from './ui.js';
import { initHeader } from './components/page-header.js';
import { WebhookDeliveries } from './components/webhook-deliveries.js';
import { WebhookForm } from './components/webhook-form.js';
import { WebhookList } from './components/webhook-list.js';
import { WebhookSecret } from './components/webhook-secret.js';

const claims = requireSession();

function start() {
  initHeader(claims);
  const secret = new WebhookSecret(byId('endpoint-secret'));
  const deliveries = new WebhookDeliveries(byId('deliveries-panel'));
  const list = new WebhookList(byId('endpoints-panel'), {
    onSelect: (endpoint, byUser) => {
      deliveries.show(endpoint);
      if (byUser) deliveries.reveal();
    },
    onRotated: (endpoint) => secret.show(endpoint, { rotated: true }),
    onTested: () => deliveries.follow(),
    onDeleted: (id) => secret.forget(id),
  });
  new WebhookForm(byId('create-endpoint-panel'), {
    onCreated: async (endpoint) => {
      secret.show(endpoint, { rotated: false });
      await list.load();
      list.select(endpoint.id);
    },
  });
  list.load();
  every(5_000, () => deliveries.refreshWhileMoving());
}

// Last, so that every module-level binding above is initialised before the page starts.
if (claims) start();

// The API keys page at /api-keys: the user's server-to-server keys, each with its Revoke
// button, and the form that makes a key and shows its secret, once.

import { requireSession } from './api.js';
import { byId } from './ui.js';
import { ApiKeyForm } from './components/api-key-form.js';
import { ApiKeyList } from './components/api-key-list.js';
import { initHeader } from './components/page-header.js';

const claims = requireSession();

function start() {
  initHeader(claims);
  const list = new ApiKeyList(byId('keys-panel'));
  new ApiKeyForm(byId('create-key-panel'), { onCreated: () => list.load() });
  list.load();
}

// Last, so that every module-level binding above is initialised before the page starts.
if (claims) start();

// The top bar the pages share: the link to each page (the admin's for admins only), who
// is signed in and the logout button. Each page holds the bar with its brand only, as
// tall as when full, so that nothing moves when the rest arrives.

import { displayName, isAdmin, logout } from '../api.js';
import { byId, el } from '../ui.js';

const PAGES = [
  { href: '/whatsapp/campaigns', text: 'My campaigns' },
  { href: '/whatsapp/templates', text: 'Templates' },
  { href: '/api-keys', text: 'API keys' },
  { href: '/webhooks/endpoints', text: 'Webhooks' },
  { href: '/api-reference', text: 'API reference' },
  { href: '/admin/campaigns', text: 'Admin', id: 'nav-admin', adminsOnly: true },
];

export function initHeader(claims) {
  const links = PAGES.map(({ href, text, id, adminsOnly }) =>
    el('a', {
      id,
      href,
      'aria-current': href === location.pathname ? 'page' : null,
      hidden: adminsOnly && !isAdmin(claims),
      text,
    }),
  );
  const logoutButton = el('button', { id: 'logout', type: 'button', text: 'Log out' });
  logoutButton.addEventListener('click', logout);
  const user = el(
    'span',
    { class: 'user' },
    el('span', {}, 'Signed in as ', el('strong', { id: 'user-name', text: displayName(claims) })),
    logoutButton,
  );
  byId('topbar').append(el('nav', { 'aria-label': 'Main' }, links, user));
}

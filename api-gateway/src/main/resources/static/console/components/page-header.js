// The top bar both pages share: who is signed in, the logout button and, for admins only,
// the link to the admin page.

import { displayName, isAdmin, logout } from '../api.js';
import { byId, setText } from '../ui.js';

export function initHeader(claims) {
  setText('user-name', displayName(claims));
  byId('logout')?.addEventListener('click', logout);
  const adminLink = byId('nav-admin');
  if (adminLink) adminLink.hidden = !isAdmin(claims);
}

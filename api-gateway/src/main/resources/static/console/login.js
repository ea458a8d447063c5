// The sign-in form: exchanges username and password for a token, then opens the page
// the user came from (?next=) or their home page by role.

import { api, clearToken, decodeClaims, isAdmin, safeNext, setToken } from './api.js';
import { byId, clearProblem, showProblem } from './ui.js';

const params = new URLSearchParams(location.search);
const form = byId('login-form');
const errorBox = byId('login-error');
const submit = byId('login-submit');

if (params.get('expired') === '1') {
  byId('login-expired').hidden = false;
  // The token may still be stored when the server refused it first: drop it.
  clearToken();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearProblem(errorBox);
  const username = byId('login-username').value.trim();
  const password = byId('login-password').value;
  const missing = [];
  if (!username) missing.push({ field: 'username', reason: 'enter your username' });
  if (!password) missing.push({ field: 'password', reason: 'enter your password' });
  if (missing.length > 0) {
    showProblem({ title: 'Enter your username and password', errors: missing }, errorBox);
    byId(username ? 'login-password' : 'login-username').focus();
    return;
  }
  await signIn(username, password);
});

async function signIn(username, password) {
  setBusy(true);
  try {
    // auth: false, because a 401 here means wrong credentials, not an expired session.
    const answer = await api('/auth/token', { auth: false, body: { username, password } });
    const claims = decodeClaims(answer?.access_token);
    if (!claims) throw new Error('The server answered without a usable token');
    setToken(answer.access_token);
    location.assign(destination(claims));
  } catch (error) {
    showProblem(
      error.status === 401 ? { title: 'Invalid username or password', detail: 'Check both and try again.' } : error,
      errorBox,
    );
    byId('login-password').select();
    setBusy(false);
  }
}

function destination(claims) {
  const next = safeNext(params.get('next'));
  // Never come back to the login form itself.
  if (next && !next.startsWith('/login')) return next;
  return isAdmin(claims) ? '/admin/campaigns' : '/whatsapp/campaigns';
}

function setBusy(busy) {
  submit.disabled = busy;
  submit.textContent = busy ? 'Signing in…' : 'Sign in';
  form.setAttribute('aria-busy', String(busy));
}

// Shared access to the gateway's API: the session token, JSON requests with RFC 9457
// problem details, authenticated downloads and Server-Sent Events over fetch.

const TOKEN_KEY = 'wa.token';

// Seconds of clock skew we tolerate before calling a token expired: the server decides,
// this only avoids sending a token we already know it will refuse.
const EXPIRY_LEEWAY_SECONDS = 5;

/** An HTTP failure carrying the problem details the gateway answered with. */
export class ApiError extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.title = problem.title || `Request failed (HTTP ${status})`;
    this.detail = problem.detail || '';
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    // The whole body, for extra members such as current_status on a 409.
    this.problem = problem;
    // Set when the session ended and the page is already leaving for the login form.
    this.expired = false;
  }
}

// ---------------------------------------------------------------- token and claims

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function clearToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The JWT payload, or null when the token is missing or not a readable JWT. */
export function decodeClaims(token) {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (ch) => ch.charCodeAt(0));
    // Names may hold any Unicode: decode the bytes as UTF-8, not as Latin-1.
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

export function getClaims() {
  return decodeClaims(getToken());
}

export function isExpired(claims, now = Date.now()) {
  if (!claims) return true;
  if (typeof claims.exp !== 'number') return false;
  return claims.exp * 1000 <= now + EXPIRY_LEEWAY_SECONDS * 1000;
}

export function rolesOf(claims) {
  return Array.isArray(claims?.roles) ? claims.roles : [];
}

export function isAdmin(claims) {
  return rolesOf(claims).includes('ADMIN');
}

/** What to call the user: the name claim when present, else the username, else the id. */
export function displayName(claims) {
  return claims?.name || claims?.preferred_username || claims?.sub || '';
}

// ---------------------------------------------------------------- session navigation

/** Only same-site paths are followed after login, so ?next= cannot send users elsewhere. */
export function safeNext(next) {
  if (typeof next !== 'string' || !next.startsWith('/')) return null;
  if (next.startsWith('//') || next.startsWith('/\\')) return null;
  return next;
}

function currentPath() {
  return location.pathname + location.search;
}

/** Ends the session and leaves for the login form, which explains why. */
export function sessionExpired() {
  clearToken();
  location.assign(`/login?expired=1&next=${encodeURIComponent(currentPath())}`);
}

/** Sends a user without a session to the login form and comes back here afterwards. */
function signInFirst() {
  location.assign(`/login?next=${encodeURIComponent(currentPath())}`);
}

/**
 * The claims of a live session, or null when the page is being left for the login form.
 * Also schedules the same redirect for the moment the token expires.
 */
export function requireSession() {
  const token = getToken();
  const claims = decodeClaims(token);
  if (!token || !claims) {
    clearToken();
    signInFirst();
    return null;
  }
  if (isExpired(claims)) {
    sessionExpired();
    return null;
  }
  if (typeof claims.exp === 'number') {
    const remaining = claims.exp * 1000 - Date.now();
    // setTimeout overflows beyond ~24.8 days; such tokens are checked on each request anyway.
    if (remaining < 2 ** 31 - 1) setTimeout(sessionExpired, remaining);
  }
  return claims;
}

export function logout() {
  clearToken();
  location.assign('/login');
}

// ---------------------------------------------------------------- requests

/** A token we can still send, or null after starting the expired-session redirect. */
function liveToken() {
  const token = getToken();
  if (!token || isExpired(decodeClaims(token))) {
    sessionExpired();
    return null;
  }
  return token;
}

function expiredError() {
  const error = new ApiError({ title: 'Session expired', detail: 'Please sign in again.' }, 401);
  error.expired = true;
  return error;
}

/** Reads a failed response as problem details, whatever the server actually sent. */
async function problemFrom(response) {
  const type = response.headers.get('Content-Type') || '';
  let problem = null;
  if (type.includes('json')) {
    try {
      problem = await response.json();
    } catch {
      problem = null;
    }
  }
  if (!problem || typeof problem !== 'object') {
    problem = { title: `Request failed (HTTP ${response.status})`, detail: response.statusText || '' };
  }
  return new ApiError(problem, response.status);
}

function networkError(cause) {
  const error = new ApiError(
    { title: 'Network error', detail: 'The server could not be reached. Check your connection and try again.' },
    0,
  );
  error.cause = cause;
  return error;
}

function requestInit(options, token) {
  const headers = new Headers(options.headers || {});
  if (token) headers.set('Authorization', `Bearer ${token}`);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json, application/problem+json');
  let body = options.body;
  const plainObject =
    body !== undefined && body !== null && !(body instanceof FormData) && !(body instanceof Blob) &&
    typeof body !== 'string';
  if (plainObject) {
    body = JSON.stringify(body);
    headers.set('Content-Type', 'application/json');
  }
  // FormData sets its own multipart boundary: never set Content-Type for it.
  return { method: options.method || (body === undefined ? 'GET' : 'POST'), headers, body, signal: options.signal };
}

async function parseBody(response, expect) {
  if (expect === 'response') return response;
  if (expect === 'blob') return response.blob();
  if (expect === 'text') return response.text();
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) return response.json();
  const text = await response.text();
  return text === '' ? null : text;
}

/**
 * Calls the API and answers the parsed body.
 *
 * options: method, body (a plain object is sent as JSON; FormData, Blob or string as is),
 * headers, signal, expect ('json' by default, 'text', 'blob' or 'response'), and
 * auth: false for the login call, whose 401 means wrong credentials, not an old session.
 * Throws ApiError; on 401 the session ends and the page leaves for /login?expired=1.
 */
export async function api(path, options = {}) {
  const auth = options.auth !== false;
  const token = auth ? liveToken() : null;
  if (auth && !token) throw expiredError();
  let response;
  try {
    response = await fetch(path, requestInit(options, token));
  } catch (cause) {
    if (cause?.name === 'AbortError') throw cause;
    throw networkError(cause);
  }
  if (response.status === 401 && auth) {
    sessionExpired();
    throw expiredError();
  }
  if (!response.ok) throw await problemFrom(response);
  return parseBody(response, options.expect || 'json');
}

/** The file name of a Content-Disposition header, if it names one. */
function fileNameOf(response, fallback) {
  const disposition = response.headers.get('Content-Disposition') || '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded) {
    try {
      return decodeURIComponent(encoded[1]);
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : fallback;
}

/**
 * Downloads an authenticated file: a plain link cannot send the Authorization header, so
 * the file is fetched, wrapped in a Blob and saved through a temporary object URL.
 */
export async function download(path, fallbackName) {
  const response = await api(path, { expect: 'response', headers: { Accept: 'text/csv, */*' } });
  saveFile(await response.blob(), fileNameOf(response, fallbackName));
}

/** Saves a Blob made in the page (or fetched) as a file, through a temporary object URL. */
export function saveFile(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; give it time.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// ---------------------------------------------------------------- Server-Sent Events

/**
 * A streaming parser for the text/event-stream format (WHATWG HTML, "server-sent events"):
 * push decoded text in any chunking; each complete event goes to onEvent({event, data, id}),
 * with data parsed as JSON when it is JSON.
 */
export function createSseParser(onEvent) {
  let buffer = '';
  let type = '';
  let data = [];
  let lastId = '';

  function dispatch() {
    if (data.length === 0) {
      type = '';
      return;
    }
    const raw = data.join('\n');
    let parsed = raw;
    try {
      parsed = JSON.parse(raw);
    } catch {
      // not JSON: hand over the text
    }
    onEvent({ event: type || 'message', data: parsed, id: lastId });
    type = '';
    data = [];
  }

  function line(text) {
    if (text === '') {
      dispatch();
      return;
    }
    if (text.startsWith(':')) return; // a comment, used by servers as a keep-alive
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    // "retry" and unknown fields are ignored: reconnection is the caller's choice here.
  }

  return {
    push(chunk) {
      buffer += chunk;
      const terminator = /\r\n|\n|\r/g;
      let start = 0;
      let match;
      while ((match = terminator.exec(buffer)) !== null) {
        // A lone \r at the end may be the first half of \r\n split across chunks.
        if (match[0] === '\r' && match.index === buffer.length - 1) break;
        line(buffer.slice(start, match.index));
        start = match.index + match[0].length;
      }
      buffer = buffer.slice(start);
    },
  };
}

/**
 * Reads Server-Sent Events with fetch, since EventSource cannot send the Authorization
 * header. Returns {close, done}: close() stops reading; done settles when the stream ends
 * (normally or by close()) and rejects with an ApiError when it could not be read.
 */
export function streamEvents(path, onEvent) {
  const controller = new AbortController();
  const done = (async () => {
    const token = liveToken();
    if (!token) throw expiredError();
    let response;
    try {
      response = await fetch(path, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
        cache: 'no-store',
        signal: controller.signal,
      });
    } catch (cause) {
      if (cause?.name === 'AbortError') return;
      throw networkError(cause);
    }
    if (response.status === 401) {
      sessionExpired();
      throw expiredError();
    }
    if (!response.ok) throw await problemFrom(response);
    const parser = createSseParser(onEvent);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) return;
        parser.push(value);
      }
    } catch (cause) {
      if (cause?.name === 'AbortError' || controller.signal.aborted) return;
      throw networkError(cause);
    }
  })();
  return { close: () => controller.abort(), done };
}

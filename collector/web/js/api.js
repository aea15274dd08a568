// The HTTP client of the collector's /v1 API (JSON bodies). It never throws on an
// HTTP status: callers get {status, ok, data}. A failed connection, or no answer in
// time, throws NetworkError, so "offline, try later" is easy to tell apart from "the
// server said no".
import { t } from './i18n.js';

export class NetworkError extends Error {}

let tokenProvider = () => '';
let unauthorized = () => {};

// session.js plugs in where the token comes from and what a 401 does.
export function configure({ getToken, onUnauthorized }) {
  tokenProvider = getToken;
  unauthorized = onUnauthorized;
}

// A connection that hangs (a dead mobile link, a stopped server) would otherwise keep
// the form on "Sending…" for ever: after this long it counts as a failed connection.
export const TIMEOUT_MS = 15000;

// opts.token: sign in with a token that is not stored yet (its 401 is not a revocation).
export async function request(method, path, body, opts = {}) {
  const token = opts.token ?? tokenProvider();
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  const failed = (e) => new NetworkError(abort.signal.aborted
    ? t('net.timeout', { s: TIMEOUT_MS / 1000 }) : (e && e.message ? e.message : 'network error'));
  try {
    let res;
    try {
      res = await fetch(path, {
        method, headers, cache: 'no-store', credentials: 'omit', signal: abort.signal,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw failed(e);
    }
    let text = '';
    try {
      text = await res.text();  // the body can hang too: still under the timer
    } catch (e) {
      // Cut off mid-body: a GET would show half an answer as an empty one. A POST
      // is retried with the same id, so a stored one comes back DUPLICATE.
      throw failed(e);
    }
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch { data = null; }  // a proxy's HTML error page: the status still tells
    if (data !== null && typeof data !== 'object') data = null;
    if (res.status === 401 && opts.token === undefined && token) unauthorized();
    const retryAfter = Number(res.headers.get('Retry-After')) || 0;
    return { status: res.status, ok: res.ok, data, retryAfter };
  } finally {
    clearTimeout(timer);
  }
}

// The server's words for a failed answer, or the bare status.
export function errorMessage(res) {
  const m = res && res.data && res.data.message;
  return typeof m === 'string' && m ? m : `HTTP ${res ? res.status : '?'}`;
}

// [{field, reason}] from an Error body, whichever JSON spelling the server used.
export function fieldErrors(res) {
  const d = (res && res.data) || {};
  const list = d.fieldErrors || d.field_errors || d.errors;
  return Array.isArray(list)
    ? list.filter((e) => e && typeof e.field === 'string')
      .map((e) => ({ field: e.field, reason: String(e.reason ?? '') }))
    : [];
}

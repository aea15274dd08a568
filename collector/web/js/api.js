// The HTTP client of the collector's /v1 API (JSON bodies). It never throws on an
// HTTP status: callers get {status, ok, data}. A failed connection throws NetworkError,
// so "offline, try later" is easy to tell apart from "the server said no".

export class NetworkError extends Error {}

let tokenProvider = () => '';
let unauthorized = () => {};

// session.js plugs in where the token comes from and what a 401 does.
export function configure({ getToken, onUnauthorized }) {
  tokenProvider = getToken;
  unauthorized = onUnauthorized;
}

// opts.token: sign in with a token that is not stored yet (its 401 is not a revocation).
export async function request(method, path, body, opts = {}) {
  const token = opts.token ?? tokenProvider();
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, {
      method, headers, cache: 'no-store', credentials: 'omit',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new NetworkError(e && e.message ? e.message : 'network error');
  }
  let data = null;
  try {
    const text = await res.text();
    data = text ? JSON.parse(text) : null;
  } catch { data = null; }  // a proxy's HTML error page: the status still tells
  if (data !== null && typeof data !== 'object') data = null;
  if (res.status === 401 && opts.token === undefined && token) unauthorized();
  const retryAfter = Number(res.headers.get('Retry-After')) || 0;
  return { status: res.status, ok: res.ok, data, retryAfter };
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

// Who is signed in. The token lives in localStorage only (never in a URL); /v1/me's
// answer is kept beside it so the app still knows its observer when opened offline.
import { configure, request, NetworkError, errorMessage } from './api.js';
import { readJson, writeJson } from './dom.js';

const TOKEN = 'msc.token';
const ME = 'msc.me';
const listeners = new Set();
let reason = '';  // why the user was sent to sign-in (an i18n key), until signed in

export const token = () => localStorage.getItem(TOKEN) || '';
export const me = () => (token() ? readJson(ME) : null);
export const isObserver = () => me()?.role === 'OBSERVER';
export const observerId = () => (isObserver() ? me().observerId || '' : '');
export const onChange = (fn) => listeners.add(fn);

export const notice = () => reason;

function changed() { for (const fn of listeners) fn(me()); }

function normaliseMe(d) {
  return {
    role: String(d.role || ''), tokenId: String(d.tokenId ?? ''),
    observerId: String(d.observerId || ''), observerName: String(d.observerName || ''),
  };
}

// Resolves to null on success or to the message key / text to show.
export async function signIn(candidate) {
  let res;
  try {
    res = await request('GET', '/v1/me', undefined, { token: candidate });
  } catch (e) {
    if (e instanceof NetworkError) return { key: 'signin.offline' };
    throw e;
  }
  if (res.status === 401) return { key: 'signin.rejected' };
  if (!res.ok || !res.data) return { text: errorMessage(res) };
  localStorage.setItem(TOKEN, candidate);
  writeJson(ME, normaliseMe(res.data));
  reason = '';
  changed();
  return null;
}

// Drafts and the outbox are kept: they belong to the observer, not to the token.
export function signOut(why = '') {
  localStorage.removeItem(TOKEN);
  localStorage.removeItem(ME);
  reason = why;
  changed();
}

// On start: check the stored token again; offline, trust the cached answer.
export async function refresh() {
  if (!token()) return;
  try {
    const res = await request('GET', '/v1/me');
    if (res.ok && res.data) { writeJson(ME, normaliseMe(res.data)); changed(); }
  } catch { /* offline: keep the cached identity */ }
}

configure({
  getToken: token,
  onUnauthorized: () => { if (token()) signOut('signin.revoked'); },
});

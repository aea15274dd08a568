// The outbox: every contact is written to IndexedDB (db "msc", store "outbox", key =
// submission id) before it is sent, and stays there until the server has stored it.
// Retries reuse the same submission id and body, so a retry of something that did
// arrive gets DUPLICATE, never a second row.
import { request, NetworkError, errorMessage, fieldErrors } from '../api.js';
import * as session from '../session.js';

const listeners = new Set();
const sending = new Set();  // ids on the wire now, so two triggers never race
let dbPromise = null;
let timer = 0;
let paused = false;  // after a 401, until the next sign-in

export const onChange = (fn) => listeners.add(fn);
const notify = (event) => { for (const fn of listeners) fn(event); };

function db() {
  dbPromise ??= new Promise((resolve, reject) => {
    const req = indexedDB.open('msc', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('outbox');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => { dbPromise = null; reject(req.error); };
  });
  return dbPromise;
}

async function tx(mode, fn) {
  const store = (await db()).transaction('outbox', mode).objectStore('outbox');
  return new Promise((resolve, reject) => {
    const req = fn(store);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

const idOf = (item) => item.observation.submissionId;
export const put = (item) => tx('readwrite', (s) => s.put(item, idOf(item)));
export const remove = async (id) => { await tx('readwrite', (s) => s.delete(id)); notify(); };
export const get = (id) => tx('readonly', (s) => s.get(id));

// Items of the signed-in observer: another observer's contacts must not be sent with
// this token (the server takes the observer from the token). Signed out: all of them.
export async function mine() {
  let items = [];
  try { items = await tx('readonly', (s) => s.getAll()); } catch { return []; }
  const who = session.observerId();
  return items.filter((i) => i && i.observation && (!session.me() || i.observerId === who));
}

export function newItem(kind, observation, baseVersion) {
  const now = Date.now();
  const item = { kind, observation, queuedAt: new Date(now).toISOString(), tries: 0,
    nextTryAt: now, lastError: '', state: 'waiting', observerId: session.observerId() };
  if (kind === 'correct') item.baseVersion = baseVersion;
  return item;
}

// 1 s, 2 s, 4 s ... capped at 60 s; "equal jitter" so a fleet of phones coming back
// online together does not hit the collector in lockstep.
function backoff(tries, retryAfter) {
  const base = Math.min(60000, 1000 * 2 ** Math.max(0, tries - 1));
  const ms = base / 2 + Math.random() * (base / 2);
  return Math.min(60000, Math.max(ms, retryAfter * 1000));
}

async function post(item) {
  const o = item.observation;
  const path = item.kind === 'correct'
    ? `/v1/observations/${encodeURIComponent(idOf(item))}:correct` : '/v1/observations';
  const body = item.kind === 'correct' ? { baseVersion: item.baseVersion, observation: o } : o;
  let res;
  try {
    res = await request('POST', path, body);
  } catch (e) {
    if (e instanceof NetworkError) return { outcome: 'retry', message: e.message };
    throw e;
  }
  const s = res.status, message = errorMessage(res);
  if (res.ok) return { outcome: 'stored', status: res.data?.status || 'ACCEPTED', data: res.data };
  if (s === 401) return { outcome: 'unauthorized', message };
  if (s === 400) return { outcome: 'invalid', message, fieldErrors: fieldErrors(res) };
  if (s === 409) return { outcome: 'conflict', message, latest: res.data?.latest || null };
  if (s === 408 || s === 429 || s >= 500) {
    return { outcome: 'retry', message, retryAfter: res.retryAfter };
  }
  return { outcome: 'rejected', message };  // 403, 404, 413, 415: retrying cannot help
}

// Sends one item and files the answer. fromForm: the observer is still looking at
// the form, so a refusal goes back there (out of the outbox) instead of into the queue.
export async function deliver(item, fromForm = false) {
  const id = idOf(item);
  if (sending.has(id)) return { outcome: 'busy' };
  sending.add(id);
  try {
    item.tries += 1;
    const r = await post(item);
    const keep = async (state) => {
      Object.assign(item, { state, lastError: r.message, fieldErrors: r.fieldErrors || [] });
      try { await put(item); } catch { /* IndexedDB gone: the form still has the draft */ }
    };
    if (r.outcome === 'stored') await remove(id).catch(() => {});
    else if (r.outcome === 'retry') {
      item.nextTryAt = Date.now() + backoff(item.tries, r.retryAfter || 0);
      await keep('waiting');
    } else if (r.outcome === 'unauthorized') {
      paused = true;
      await keep('waiting');
    } else if (fromForm && (r.outcome !== 'conflict' || item.kind === 'correct')) {
      await remove(id).catch(() => {});
    } else await keep(r.outcome === 'conflict' ? 'conflict' : 'invalid');
    notify({ item, result: r, fromForm });
    return r;
  } finally {
    sending.delete(id);
    schedule();
  }
}

// Sends every waiting item that is due (all of them when forced: page load, online).
export async function flush(force = false) {
  if (paused || !session.isObserver()) return;
  const due = (await mine()).filter((i) => i.state === 'waiting' &&
    (force || i.nextTryAt <= Date.now()));
  for (const item of due) {
    const r = await deliver(item);
    if (r.outcome === 'unauthorized' || paused) return;
  }
}

// One timer for the earliest due item. Cleared after the await too: two overlapping
// calls must not leave two timers behind (that would double the retry rate).
async function schedule() {
  clearTimeout(timer);
  if (paused || !session.isObserver()) return;
  const next = (await mine()).filter((i) => i.state === 'waiting')
    .reduce((m, i) => Math.min(m, i.nextTryAt), Infinity);
  clearTimeout(timer);
  if (next !== Infinity && !paused) timer = setTimeout(() => flush(), Math.max(0, next - Date.now()));
}

export function start() {
  let signedIn = session.observerId();
  addEventListener('online', () => flush(true));
  session.onChange((who) => {
    paused = !who;
    if (!who) clearTimeout(timer);
    else if (session.observerId() !== signedIn) flush(true);  // a (new) sign-in
    signedIn = session.observerId();
    notify();
  });
  flush(true);
}

// The outbox: every contact is written to IndexedDB (db "msc", store "outbox", key =
// submission id) before it is sent, and stays there until the server has stored it.
// Retries reuse the same submission id and body, so a retry of something that did
// arrive gets DUPLICATE, never a second row. Each record carries a generation (gen):
// a record put again under the same id (a newer correction) gets a new one, so the
// answer to the older record, arriving later, cannot delete or overwrite the newer.
import { request, NetworkError, errorMessage, fieldErrors } from '../api.js';
import * as session from '../session.js';
import { uuidv7 } from './model.js';

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

// Replaces (next = a record) or deletes (next = null) the stored record of item, but
// only while it is still the generation of item: read and write in one transaction,
// so a newer record put in between is left alone. Resolves to whether it was written.
async function settle(item, next) {
  const trans = (await db()).transaction('outbox', 'readwrite');
  const store = trans.objectStore('outbox');
  const id = idOf(item);
  let written = false;
  return new Promise((resolve, reject) => {
    const req = store.get(id);
    req.onsuccess = () => {
      const current = req.result;
      if (!current || current.gen !== item.gen) return;  // removed, or a newer record
      if (next) store.put(next, id); else store.delete(id);
      written = true;
    };
    trans.oncomplete = () => resolve(written);
    trans.onerror = () => reject(trans.error);
    trans.onabort = () => reject(trans.error);
  });
}

// The queue's Remove and Edit: this record only, not one that replaced it meanwhile.
export const drop = async (item) => { await settle(item, null); notify(); };

// Items of the signed-in observer: another observer's contacts must not be sent with
// this token (the server takes the observer from the token). Signed out: all of them.
export async function mine() {
  let items = [];
  try { items = await tx('readonly', (s) => s.getAll()); } catch { return []; }
  const who = session.observerId();
  return items.filter((i) => i && i.observation && (!session.me() || i.observerId === who));
}

// gen: uuidv7 rather than crypto.randomUUID, which exists only in secure contexts (a
// collector on a LAN address over plain http is not one).
export function newItem(kind, observation, baseVersion) {
  const now = Date.now();
  const item = { kind, observation, gen: uuidv7(), queuedAt: new Date(now).toISOString(), tries: 0,
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
// Otherwise the item is a snapshot (flush's list): the stored record is sent instead,
// and nothing at all if it has been replaced, removed or is no longer waiting.
export async function deliver(item, fromForm = false) {
  const id = idOf(item);
  if (sending.has(id)) return { outcome: 'busy' };
  sending.add(id);
  try {
    if (!fromForm) {
      const current = await get(id).catch(() => null);
      if (!current || current.gen !== item.gen || current.state !== 'waiting') return { outcome: 'skipped' };
      item = current;
    }
    item.tries += 1;
    const r = await post(item);
    // IndexedDB gone: nothing to file (the form still has the draft).
    const applied = await file(item, r, fromForm).catch(() => false);
    notify({ item, result: r, fromForm, applied });
    return r;
  } finally {
    sending.delete(id);
    schedule();  // also sends at once a newer record that waited for this answer
  }
}

// The answer, filed in the outbox (only over the generation that was sent).
async function file(item, r, fromForm) {
  const keep = (state) => settle(item,
    Object.assign(item, { state, lastError: r.message, fieldErrors: r.fieldErrors || [] }));
  if (r.outcome === 'stored') return settle(item, null);
  if (r.outcome === 'retry') {
    item.nextTryAt = Date.now() + backoff(item.tries, r.retryAfter || 0);
    return keep('waiting');
  }
  if (r.outcome === 'unauthorized') {
    paused = true;
    return keep('waiting');
  }
  // The form shows a refusal beside the fields and keeps the draft; a submit's 409
  // (another contact with this id) cannot be fixed there, so it stays in the queue.
  if (fromForm && (r.outcome !== 'conflict' || item.kind === 'correct')) return settle(item, null);
  if (r.outcome === 'conflict' && item.kind === 'correct') item.latest = r.latest;  // for Edit in the queue
  return keep(r.outcome === 'conflict' ? 'conflict' : 'invalid');
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

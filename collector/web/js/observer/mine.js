// My contacts (#/mine): the observer's own submissions, newest first, 20 a page, with
// the review state and note, a Correct button while a correction is allowed, and the
// version history on demand. A contact with a record in the outbox gets a note and a
// link to the queue instead of Correct: a correction opened from the server's copy
// would, once submitted, replace the queued record and its edits.
import { h, formatTime, parseDuration } from '../dom.js';
import { t, locale } from '../i18n.js';
import { request, errorMessage } from '../api.js';
import * as data from './data.js';
import * as outbox from './outbox.js';
import { openForCorrection } from './contact.js';

let rows = 0;  // makes ids unique within the page
let refreshQueued = null;  // of the list on screen
outbox.onChange(() => refreshQueued?.());

const channelLabel = (c) => (c ? t(`channel.${c}`) : '');

async function loadHistory(id, box) {
  box.replaceChildren(h('p', { class: 'hint' }, t('loading')));
  try {
    const res = await request('GET', `/v1/observations/${encodeURIComponent(id)}/versions`);
    if (!res.ok) { box.replaceChildren(h('p', { class: 'error-text' }, errorMessage(res))); return; }
    const versions = Array.isArray(res.data?.versions) ? res.data.versions : [];
    box.replaceChildren(versions.length ? h('ol', { class: 'history' }, versions.map((v) => {
      const first = v.observation?.attempts?.[0];
      return h('li', {}, t('history.item', { n: v.version || 1, time: formatTime(v.madeAt, locale()), by: v.madeBy || '?' }),
        first && h('span', { class: 'hint' }, ` — ${t('history.wait', {
          wait: (parseDuration(first.wait) || 0).toLocaleString(locale()),
          answered: t(first.answered ? 'answered' : 'notAnswered').toLowerCase() })}`));
    })) : h('p', {}, t('history.empty')));
  } catch (e) {
    box.replaceChildren(h('p', { class: 'error-text' }, t('mine.offline', { error: e.message })));
  }
}

// Submission id -> kind ('submit' or 'correct') of every record in the outbox, in
// any state: a refused or conflicting one still holds edits not on the server.
async function queuedKinds() {
  return new Map((await outbox.mine()).map((i) => [i.observation.submissionId, i.kind]));
}

// The server's copy of one contact, or null (offline, gone).
async function latest(id) {
  try {
    const res = await request('GET', `/v1/observations/${encodeURIComponent(id)}`);
    return res.ok && res.data?.observation ? res.data : null;
  } catch { return null; }
}

// Checked again on the click: another tab may have queued one since the list was drawn.
async function correct(s, reg) {
  if (await outbox.get(s.observation?.submissionId).catch(() => null)) { refreshQueued?.(); return; }
  openForCorrection(s, reg.companies);
}

// queued: the kind of this contact's record in the outbox, if it has one.
function row(s, reg, queued) {
  const o = s.observation || {};
  const name = data.companyName(reg, o.companyId);
  const state = s.reviewState || 'RECEIVED';
  const histId = `hist-${++rows}`;
  const hist = h('div', { id: histId, hidden: true });
  const toggle = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': histId, onclick: () => {
    const open = hist.hidden;
    hist.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) loadHistory(o.submissionId, hist);
  } }, t('history'));
  return h('li', { class: 'card', 'aria-label': name },
    h('h3', {}, name),
    h('p', {}, [channelLabel(o.channel), formatTime(o.attempts?.[0]?.startedAt, locale())].filter(Boolean).join(' · '),
      ' ', h('span', { class: `badge state-${state}` }, t(`state.${state}`)),
      (s.version || 1) > 1 && ` ${t('versionN', { n: s.version })}`),
    s.reviewNote && h('p', { class: 'note' }, `${t('managerNote')} `, h('q', {}, s.reviewNote)),
    queued && h('p', { class: 'banner' }, t(queued === 'correct' ? 'mine.correctionQueued' : 'mine.contactQueued'),
      ' ', h('a', { href: '#/queue' }, t('mine.openQueue'))),
    h('div', { class: 'row' },
      !queued && (state === 'RECEIVED' || state === 'HAS_ISSUES') &&
        h('button', { type: 'button', onclick: () => correct(s, reg) }, t('correct')),
      toggle),
    hist);
}

export async function render(main) {
  refreshQueued = null;
  const [reg, initial] = await Promise.all([data.register(), queuedKinds()]);
  let queued = initial;
  const shown = new Map();  // submission id -> {s, el, kind}: the rows on screen
  const list = h('ul', { class: 'cards', 'aria-labelledby': 'h-mine' });
  const msg = h('p', { class: 'hint' });
  let pageToken = '';
  const more = h('button', { type: 'button', hidden: true, onclick: () => page() }, t('more'));
  main.replaceChildren(h('h2', { id: 'h-mine' }, t('mine.title')), list, msg, more);

  async function page() {
    more.hidden = true;
    msg.textContent = t('loading');
    msg.className = 'hint';
    const q = `order=newest&page_size=20${pageToken ? `&page_token=${encodeURIComponent(pageToken)}` : ''}`;
    let res;
    try {
      res = await request('GET', `/v1/observations?${q}`);
    } catch (e) {
      res = { ok: false, data: { message: t('mine.offline', { error: e.message }) } };
    }
    if (!res.ok) {
      msg.textContent = errorMessage(res);
      msg.className = 'error-text';
      more.hidden = !pageToken;
      return;
    }
    const items = Array.isArray(res.data?.observations) ? res.data.observations : [];
    for (const s of items) if (s && typeof s === 'object') add(s);
    pageToken = typeof res.data?.nextPageToken === 'string' ? res.data.nextPageToken : '';
    more.hidden = !pageToken;
    msg.textContent = list.children.length ? '' : t('mine.empty');
  }

  function add(s) {
    const id = s.observation?.submissionId;
    const el = row(s, reg, queued.get(id));
    if (id) shown.set(id, { s, el, kind: queued.get(id) });
    list.append(el);
  }

  // A record that entered or left the outbox while the list is shown: that row again.
  // Left (stored, most likely): the server's copy, with its new version and state.
  async function update() {
    if (!list.isConnected) return;
    queued = await queuedKinds();
    for (const [id, r] of shown) {
      const kind = queued.get(id);
      if (kind === r.kind) continue;
      const s = (!kind && await latest(id)) || r.s;
      const el = row(s, reg, kind);
      r.el.replaceWith(el);
      Object.assign(r, { s, el, kind });
    }
  }
  let updating = Promise.resolve();  // one update at a time: each replaces rows
  refreshQueued = () => { updating = updating.then(update, update); };

  await page();
}

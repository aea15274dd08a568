// My contacts (#/mine): the observer's own submissions, newest first, 20 a page, with
// the review state and note, a Correct button while a correction is allowed, and the
// version history on demand.
import { h, formatTime, parseDuration } from '../dom.js';
import { t, locale } from '../i18n.js';
import { request, errorMessage } from '../api.js';
import * as data from './data.js';
import { openForCorrection } from './contact.js';

let rows = 0;  // makes ids unique within the page

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

function row(s, reg) {
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
    h('div', { class: 'row' },
      (state === 'RECEIVED' || state === 'HAS_ISSUES') &&
        h('button', { type: 'button', onclick: () => openForCorrection(s, reg.companies) }, t('correct')),
      toggle),
    hist);
}

export async function render(main) {
  const reg = await data.register();
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
    for (const s of items) if (s && typeof s === 'object') list.append(row(s, reg));
    pageToken = typeof res.data?.nextPageToken === 'string' ? res.data.nextPageToken : '';
    more.hidden = !pageToken;
    msg.textContent = list.children.length ? '' : t('mine.empty');
  }
  await page();
}

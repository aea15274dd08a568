// Review (#/review): a program's contacts, newest first, to approve, send back to the
// observer (HAS_ISSUES, with a note) or reject, one after the other; the selected
// contact's details, rating questions and version history beside the list. Keys for
// a quick pass: j / k move, a / h / r review (never while typing in a field).
import { h, announce, formatTime, parseDuration } from '../dom.js';
import { t, locale } from '../i18n.js';
import * as m from './common.js';

const PAGE = 25;
const ACTIONS = [['APPROVED', 'm.approve', 'a', 'primary'], ['HAS_ISSUES', 'm.hasIssues', 'h', ''],
  ['REJECTED', 'm.reject', 'r', 'danger']];
const configs = new Map();  // program id -> ScoringConfig answer (the questions)
let keys = null;

export function stop() {
  if (keys) document.removeEventListener('keydown', keys);
  keys = null;
}

// Focus in a text field: the keys are text. (A select is no text field: a key given
// to the shortcuts does not reach it.)
const NOT_TEXT = ['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'];
const typing = (el) => Boolean(el) && (el.isContentEditable || el.tagName === 'TEXTAREA' ||
  (el.tagName === 'INPUT' && !NOT_TEXT.includes(el.type)));

async function config(programId) {
  if (!configs.has(programId)) {
    const res = await m.call('GET', `/v1/programs/${m.enc(programId)}/config`);
    if (!res.ok) return res;
    configs.set(programId, res);
  }
  return configs.get(programId);
}

// Which top-level fields of the observation differ from the previous version.
const FIELD_LABEL = { companyId: 'company', channel: 'channel', scenario: 'scenario', attempts: 'attempts',
  ratings: 'ratings', upsell: 'upsell', redirected: 'redirected', comment: 'comment' };
function changed(a = {}, b = {}) {
  return Object.keys({ ...a, ...b }).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => (FIELD_LABEL[k] ? t(FIELD_LABEL[k]) : k));
}

export async function render(view) {
  stop();
  const alert = m.alertBox();
  const state = h('select', { id: 'rv-state', onchange: () => reload() }, m.option('', t('m.any')),
    m.STATES.map((s) => m.option(s, t(`mstate.${s}`))));
  const flag = h('select', { id: 'rv-flag', onchange: () => reload() }, m.option('', t('m.any')),
    m.FLAGS.map((f) => m.option(f, t(`flag.${f}`))));
  const list = h('ul', { class: 'rv-list', 'aria-labelledby': 'h-rv-list' });
  const msg = h('p', { class: 'hint' });
  const more = h('button', { type: 'button', hidden: true, onclick: () => page() }, t('more'));
  const detail = h('section', { class: 'rv-detail', 'aria-label': t('m.details') },
    h('p', { class: 'hint' }, t('m.pick')));
  const kbd = (k) => h('kbd', {}, k);
  const picker = await m.programPicker(() => reload());
  view.replaceChildren(h('h2', { id: 'h-review' }, t('m.review')), alert,
    h('div', { class: 'toolbar' }, picker.el, m.field('rv-state', t('m.state'), state),
      m.field('rv-flag', t('m.flag'), flag)),
    h('p', { class: 'hint keys', id: 'rv-keys' }, t('m.keys'), ' ', kbd('j'), ' / ', kbd('k'), ` ${t('m.keysMove')} · `,
      ACTIONS.map(([, label, key], i) => [i ? ' · ' : '', kbd(key), ` ${t(label)}`])),
    h('div', { class: 'rv-layout' },
      h('section', { class: 'rv-list-box', 'aria-labelledby': 'h-rv-list' },
        h('h3', { id: 'h-rv-list' }, t('m.contacts')), list, msg, more),
      detail));
  if (m.fail(alert, picker.res)) return;
  const reg = await m.register();
  if (m.fail(alert, ...reg.answers)) return;

  let shown = [];     // StoredObservation per row, in list order
  let current = -1;   // the selected row
  let token = '';     // the next page's
  let seq = 0;        // of the list (a newer filter wins)
  let pick = 0;       // of the detail (a newer selection wins)
  let act = null;     // the detail's review action, while a contact is shown
  let loading = null;

  const company = (o) => m.nameIn(reg.company, o?.companyId);

  function rowBody(s) {
    const o = s.observation || {};
    const first = m.items(o.attempts)[0];
    return [h('span', { class: 'rv-co' }, company(o)),
      h('span', { class: 'rv-meta' }, [o.observerId, m.channelLabel(o.channel),
        first && formatTime(first.startedAt, locale())].filter(Boolean).join(' · ')),
      h('span', { class: 'rv-tags' }, m.stateBadge(s.reviewState), (s.flags || []).map(m.flagBadge),
        h('span', { class: 'hint' }, t('versionN', { n: s.version || 1 })))];
  }

  function addRow(s, i) {
    list.append(h('li', {}, h('button', { type: 'button', class: 'rv-row', id: `rv-row-${i}`,
      onclick: () => select(i) }, rowBody(s))));
  }

  function updateRow(i, s) {
    shown[i] = s;
    document.getElementById(`rv-row-${i}`)?.replaceChildren(...rowBody(s));
  }

  async function reload() {
    loading = null;
    token = '';
    shown = [];
    current = -1;
    act = null;
    list.replaceChildren();
    detail.replaceChildren(h('p', { class: 'hint' }, t('m.pick')));
    await page();
  }

  // One page at a time; reload() starts over (the answer of an older one is dropped).
  function page() {
    if (loading) return loading;
    const mine = ++seq;
    loading = (async () => {
      more.hidden = true;
      msg.className = 'hint';
      msg.textContent = t('loading');
      const q = [`program=${m.enc(picker.value())}`, state.value && `state=${state.value}`,
        flag.value && `flag=${flag.value}`, 'order=newest', `page_size=${PAGE}`,
        token && `page_token=${m.enc(token)}`].filter(Boolean).join('&');
      const res = await m.call('GET', `/v1/observations?${q}`);
      if (mine !== seq) return;
      if (!res.ok) {
        msg.className = 'error-text';
        msg.textContent = res.error;
        if (res.status === 403) alert.textContent = res.error;
        more.hidden = !token;
        return;
      }
      const got = m.items(res.data?.observations);
      for (const s of got) addRow(s, shown.push(s) - 1);
      token = typeof res.data?.nextPageToken === 'string' ? res.data.nextPageToken : '';
      more.hidden = !token;
      const ignored = flag.value && got.length && !got.some((s) => (s.flags || []).includes(flag.value));
      msg.textContent = !shown.length ? t('m.noContacts') : ignored ? t('m.flagIgnored') : '';
    })().finally(() => { if (mine === seq) loading = null; });
    return loading;
  }

  // The row after the last one: the next page first, if there is one.
  async function step(delta) {
    let i = current + delta;
    if (i >= shown.length && token) await page();
    i = Math.min(i, shown.length - 1);
    if (i >= 0 && i !== current) await select(i);
  }

  async function select(i, note = '', conflict = null) {
    current = i;
    for (const b of list.querySelectorAll('.rv-row')) b.removeAttribute('aria-current');
    const row = document.getElementById(`rv-row-${i}`);
    row?.setAttribute('aria-current', 'true');
    const mine = ++pick;
    act = null;
    const id = shown[i].observation?.submissionId || '';
    if (!conflict) detail.replaceChildren(h('p', { class: 'hint' }, t('loading')));
    const [res, versions, cfg] = await Promise.all([
      conflict ? { ok: true, data: conflict } : m.call('GET', `/v1/observations/${m.enc(id)}`),
      m.call('GET', `/v1/observations/${m.enc(id)}/versions`),
      config(shown[i].observation?.programId || picker.value())]);
    if (mine !== pick) return;
    if (!res.ok) {
      detail.replaceChildren(h('p', { class: 'error-text' }, res.error));
      if (res.status === 403) alert.textContent = res.error;
      return;
    }
    updateRow(i, res.data);
    show(res.data, versions, cfg, note, Boolean(conflict));
    row?.scrollIntoView({ block: 'nearest' });
  }

  function show(s, versions, cfg, note, conflict) {
    const o = s.observation || {};
    const fact = (label, value) => value !== '' && value !== undefined && [h('dt', {}, label), h('dd', {}, value)];
    const criteria = m.items(cfg.data?.criteria)
      .filter((c) => !c.channels?.length || c.channels.includes(o.channel));
    const ratings = o.ratings && typeof o.ratings === 'object' ? o.ratings : {};
    const extra = Object.keys(ratings).filter((k) => !criteria.some((c) => c.id === k));
    const noteEl = h('textarea', { id: 'rv-note', rows: '3', 'aria-describedby': 'rv-note-err' }, note);
    const noteErr = h('p', { class: 'field-error', id: 'rv-note-err', hidden: true });
    const formErr = h('p', { class: 'error-text', role: 'alert' });
    const buttons = ACTIONS.map(([target, label, , cls]) =>
      h('button', { type: 'button', class: cls, onclick: () => review(target) }, t(label)));
    const heading = h('h3', { id: 'h-rv-detail', tabindex: '-1' }, company(o));
    const vlist = m.items(versions.data?.versions);
    let busy = false;

    async function review(target) {
      const text = noteEl.value.trim();
      if (target === 'HAS_ISSUES' && !text) {
        noteErr.textContent = t('m.noteNeeded');
        noteErr.hidden = false;
        noteEl.setAttribute('aria-invalid', 'true');
        noteEl.focus();
        return;
      }
      if (busy) return;  // one review at a time (buttons stay enabled: focus stays put)
      busy = true;
      buttons.forEach((b) => b.setAttribute('aria-busy', 'true'));
      formErr.textContent = '';
      const res = await m.call('POST', `/v1/observations/${m.enc(o.submissionId)}:review`,
        { state: target, note: text, version: s.version || 0 });
      busy = false;
      buttons.forEach((b) => b.removeAttribute('aria-busy'));
      if (!detail.contains(heading)) return;
      if (res.status === 409 && res.data?.latest?.observation) {
        await select(current, noteEl.value, res.data.latest);
        return;
      }
      if (!res.ok) { formErr.textContent = res.error; return; }
      const stored = res.data?.observation ? res.data : { ...s, reviewState: target, reviewNote: text };
      updateRow(current, stored);
      const said = t('m.reviewed', { company: company(o), state: t(`mstate.${target}`) });
      announce(said);
      if (current + 1 < shown.length || token) await step(1);
      if (shown[current] === stored) { show(stored, versions, cfg, '', false); announce(`${said} ${t('m.lastOne')}`); }
    }

    act = review;
    const attempts = m.items(o.attempts);
    detail.replaceChildren(...[heading,
      conflict && h('p', { class: 'banner', role: 'alert' }, t('m.conflict', { n: s.version || 1 })),
      h('dl', { class: 'facts' },
        fact(t('m.observer'), `${m.nameIn(reg.observer, o.observerId)} (${o.observerId || ''})`),
        fact(t('channel'), m.channelLabel(o.channel)),
        fact(t('m.industry'), m.nameIn(reg.industry, reg.company.get(o.companyId)?.industryId)),
        fact(t('scenario'), o.scenario || ''),
        fact(t('m.state'), m.stateBadge(s.reviewState)),
        fact(t('m.version'), String(s.version || 1)),
        (s.flags || []).length > 0 && fact(t('m.flags'), h('span', { class: 'rv-tags' }, s.flags.map(m.flagBadge))),
        s.reviewNote && fact(t('m.currentNote'), h('q', {}, s.reviewNote)),
        s.reviewedBy && fact(t('m.reviewedBy'), s.reviewedBy),
        fact(t('upsell'), t(o.upsell ? `upsell.${o.upsell}` : 'upsell.unset')),
        fact(t('redirected'), t(o.redirected ? 'm.yes' : 'm.no')),
        fact(t('comment'), o.comment ? h('q', {}, o.comment) : '–')),
      h('h4', {}, t('attempts')),
      h('ol', { class: 'plain' }, attempts.map((a) => h('li', {},
        t('m.attempt', { time: formatTime(a.startedAt, locale()), wait: m.waitText(parseDuration(a.wait || '0s')),
          answered: t(a.answered ? 'answered' : 'notAnswered').toLowerCase() })))),
      cfg.ok === false && h('p', { class: 'error-text' }, t('noConfig', { error: cfg.error })),
      m.tableBox(t('ratings'), [t('m.question'), m.numCol(t('m.rating'))], h('tbody', {},
        criteria.map((c) => h('tr', {}, h('th', { scope: 'row' }, c.question || c.id),
          h('td', { class: 'num' }, ratings[c.id] ? `${ratings[c.id]} / 6` : t('notRated')))),
        extra.map((k) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', { class: 'num' }, `${ratings[k]} / 6`))))),
      h('div', { class: 'rv-review' },
        h('div', { class: 'field' }, h('label', { for: 'rv-note' }, t('m.note')), noteEl, noteErr),
        h('div', { class: 'row' }, buttons), formErr),
      h('h4', {}, t('history')),
      versions.ok ? h('ol', { class: 'history' }, vlist.map((v, i) => {
        const diff = i ? changed(vlist[i - 1].observation, v.observation) : [];
        const time = formatTime(v.madeAt, locale());
        return h('li', {}, t('history.item', { n: v.version || i + 1, time, by: v.madeBy || '?' }),
          diff.length ? h('span', { class: 'hint' }, ` — ${t('m.changed', { fields: diff.join(', ') })}`) : '');
      })) : h('p', { class: 'error-text' }, versions.error),
      h('dl', { class: 'facts small' },
        fact(t('m.submissionId'), h('code', {}, o.submissionId || '')),
        fact(t('m.receivedAt'), formatTime(s.receivedAt, locale())),
        fact(t('m.versionMade'), [formatTime(s.versionMadeAt, locale()), s.versionMadeBy].filter(Boolean).join(' · ')),
        s.configSha256 && fact(t('m.configSha'), h('code', {}, s.configSha256)))].filter((x) => x instanceof Node));
    noteEl.addEventListener('input', () => { noteErr.hidden = true; noteEl.removeAttribute('aria-invalid'); });
    if (matchMedia('(max-width: 60rem)').matches || conflict) heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  }

  keys = (e) => {
    if (!view.isConnected) { stop(); return; }
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || typing(e.target)) return;
    if (document.querySelector('dialog[open]')) return;
    const handlers = { j: () => step(1), k: () => step(-1) };
    for (const [target, , key] of ACTIONS) handlers[key] = () => act?.(target);
    if (!handlers[e.key]) return;
    e.preventDefault();
    handlers[e.key]();
  };
  document.addEventListener('keydown', keys);
  await page();
}

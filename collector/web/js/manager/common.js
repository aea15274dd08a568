// What the manager pages share: API calls that answer in plain words (a 403 says the
// page needs a manager token), the program picker, register look-ups, number formats.
import { h, parseTime } from '../dom.js';
import { t, locale } from '../i18n.js';
import { request, errorMessage, NetworkError } from '../api.js';

export const CHANNELS = ['PHONE', 'CHAT', 'EMAIL', 'SOCIAL'];
export const STATES = ['RECEIVED', 'APPROVED', 'HAS_ISSUES', 'REJECTED'];
export const FLAGS = ['OUTSIDE_CONTACT_WINDOW', 'EMAIL_SENT_AFTER_NOON', 'RETRY_SAME_DAY',
  'OBSERVER_REPEATS_COMPANY', 'OVER_QUOTA'];

// -> {status, ok, data, error}; never throws for the network (error says why).
export async function call(method, path, body) {
  let res;
  try {
    res = await request(method, path, body);
  } catch (e) {
    if (!(e instanceof NetworkError)) throw e;
    return { status: 0, ok: false, data: null, error: t('m.offline', { error: e.message }) };
  }
  return { ...res, error: res.ok ? '' : res.status === 403 ? t('m.forbidden') : errorMessage(res) };
}

export const enc = encodeURIComponent;
export const items = (v) => (Array.isArray(v) ? v.filter((x) => x && typeof x === 'object') : []);
export const int = (v) => Number(v ?? 0) || 0;  // int64 comes as a string; absent = 0

export const field = (id, label, control, ...extra) =>
  h('div', { class: 'field' }, h('label', { for: id }, label), control, ...extra);
export const option = (value, label, selected = false) => h('option', { value, selected }, label);

// The page's role="alert" box. fail() puts the first failed answer's words in it.
export const alertBox = () => h('div', { class: 'error-box', role: 'alert' });
export function fail(box, ...answers) {
  const bad = answers.find((r) => r && !r.ok);
  if (bad) box.textContent = bad.error;
  return Boolean(bad);
}

// A table in a box of its own that scrolls sideways (focusable, so that it can be
// scrolled by keyboard). head: texts, or [text, class] (numCol) for a number column.
// The caption names the table; the box gets no label, so that a label search for a
// control (Observer, Industry) finds the control alone.
export function tableBox(caption, head, body, foot) {
  return h('div', { class: 'table-wrap', tabindex: '0' },
    h('table', { class: 'data' }, h('caption', {}, caption),
      h('thead', {}, h('tr', {}, head.map((c) => (Array.isArray(c)
        ? h('th', { scope: 'col', class: c[1] }, c[0]) : h('th', { scope: 'col' }, c))))),
      body, foot));
}

// The program <select>, remembered on this device. onChange(id) after a change.
const PROGRAM = 'msc.manager.program';
export async function programPicker(onChange) {
  const res = await call('GET', '/v1/programs');
  const programs = items(res.data?.programs).filter((p) => typeof p.id === 'string');
  let chosen = '';
  try { chosen = localStorage.getItem(PROGRAM) || ''; } catch { /* storage blocked */ }
  if (!programs.some((p) => p.id === chosen)) {  // the running one, else the latest begun
    const now = Date.now();
    const begun = programs.filter((p) => parseTime(p.periodStart) <= now)
      .sort((a, b) => parseTime(b.periodStart) - parseTime(a.periodStart));
    chosen = (begun.find((p) => now < parseTime(p.periodEnd)) || begun[0] || programs[0])?.id || '';
  }
  const select = h('select', { id: 'm-program', onchange: () => {
    try { localStorage.setItem(PROGRAM, select.value); } catch { /* not remembered */ }
    onChange(select.value);
  } }, programs.map((p) => option(p.id, p.name || p.id, p.id === chosen)));
  if (res.ok && !programs.length) Object.assign(res, { ok: false, error: t('m.noPrograms') });
  return { res, programs, el: field('m-program', t('program'), select), value: () => select.value };
}

// Industries, companies and observers, with name look-ups by id.
export async function register() {
  const [i, c, o] = await Promise.all(['/v1/industries', '/v1/companies', '/v1/observers']
    .map((p) => call('GET', p)));
  const reg = { industries: items(i.data?.industries), companies: items(c.data?.companies),
    observers: items(o.data?.observers), answers: [i, c, o] };
  const byId = (list) => new Map(list.map((x) => [x.id, x]));
  reg.industry = byId(reg.industries);
  reg.company = byId(reg.companies);
  reg.observer = byId(reg.observers);
  return reg;
}
export const nameIn = (map, id) => map.get(id)?.name || id || '';

export const channelLabel = (c) => (c ? t(`channel.${c}`) : '');
export const stateBadge = (s = 'RECEIVED') => h('span', { class: `badge state-${s}` }, t(`mstate.${s}`));
export const flagBadge = (f) => h('span', { class: 'badge flag' }, t(`flag.${f}`));
export const zoneBadge = (z) => (z ? h('span', { class: `badge zone-${z}` }, t(`zone.${z}`)) : '–');

export const numCol = (text) => [text, 'num'];
export const num = (x, digits = 1) => (Number.isFinite(x) ? x.toLocaleString(locale(),
  { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–');
export const pct = (x) => (Number.isFinite(x) ? x.toLocaleString(locale(),
  { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }) : '–');
export const count = (x) => int(x).toLocaleString(locale());

// "2026-11-30" -> a date in words (a calendar date: no time zone shift).
export function dateText(day) {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) ? '' : new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: 'UTC' })
    .format(new Date(ms));
}

// Seconds -> "42 s", "5 min 3 s", "16 h 24 min".
export function waitText(seconds) {
  if (!Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${num(seconds, seconds % 1 ? 1 : 0)} ${t('unit.s')}`;
  const hh = Math.floor(s / 3600), mm = Math.floor(s / 60) % 60, ss = s % 60;
  return hh ? `${hh} ${t('unit.h')} ${mm} ${t('unit.min')}` : `${mm} ${t('unit.min')} ${ss} ${t('unit.s')}`;
}

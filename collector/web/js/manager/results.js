// Results (#/results): a program's live award report (drawn by reportview.js), on
// demand again with Refresh, and the published HTML report and the CSV tables as
// downloads. A link cannot send the bearer token, so each download is fetched with it
// first and offered as a Blob URL (revoked when replaced or when the page is left).
import { h, announce } from '../dom.js';
import { t } from '../i18n.js';
import { TIMEOUT_MS } from '../api.js';
import * as session from '../session.js';
import * as m from './common.js';
import { renderReport } from './reportview.js';

const blobs = new Map();  // link -> its object URL

export function stop() {
  for (const url of blobs.values()) URL.revokeObjectURL(url);
  blobs.clear();
}

// The file name the server gives in Content-Disposition, if any.
const fileName = (res) => /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') || '')?.[1] || '';

// -> {url, name} or {error}; {missing} when the server answers with something else
// (JSON: an older server that has no such format).
async function download(path, type) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS * 2);
  try {
    const headers = { Authorization: `Bearer ${session.token()}`, Accept: `${type}, */*;q=0.1` };
    const res = await fetch(path, { headers, cache: 'no-store', credentials: 'omit', signal: abort.signal });
    if (res.status === 403) return { error: t('m.forbidden') };
    if (!res.ok) return { error: `HTTP ${res.status}` };
    if (!(res.headers.get('Content-Type') || '').startsWith(type)) return { missing: true };
    return { url: URL.createObjectURL(new Blob([await res.arrayBuffer()], { type })), name: fileName(res) };
  } catch (e) {
    return { error: t('m.offline', { error: e.message }) };
  } finally {
    clearTimeout(timer);
  }
}

const pending = new WeakMap();  // link -> number of its latest request
async function offer(link, note, path, type) {
  const mine = (pending.get(link) || 0) + 1;
  pending.set(link, mine);
  link.hidden = true;
  note.textContent = t('m.preparing');
  const got = await download(path, type);
  if (!link.isConnected || pending.get(link) !== mine) { if (got.url) URL.revokeObjectURL(got.url); return; }
  if (blobs.has(link)) URL.revokeObjectURL(blobs.get(link));
  blobs.delete(link);
  if (got.url) {
    blobs.set(link, got.url);
    link.href = got.url;
    if (got.name) link.setAttribute('download', got.name);
    link.hidden = false;
    note.textContent = '';
  } else {
    link.removeAttribute('href');
    note.textContent = got.missing ? t('m.noDownload') : got.error;
  }
}

export async function render(view) {
  stop();
  const alert = m.alertBox();
  const body = h('div');
  const refresh = h('button', { type: 'button', onclick: () => load(true) }, t('m.refresh'));
  const table = h('select', { id: 'rs-table', onchange: () => csv() },
    ['companies', 'industries', 'channels'].map((x) => m.option(x, t(`r.table.${x}`))));
  const htmlLink = h('a', { class: 'button-link', hidden: true }, t('m.downloadHtml'));
  const csvLink = h('a', { class: 'button-link', hidden: true }, t('m.downloadCsv'));
  const htmlNote = h('span', { class: 'hint' });
  const csvNote = h('span', { class: 'hint' });
  const picker = await m.programPicker(() => load());
  view.replaceChildren(h('h2', { id: 'h-results' }, t('m.results')), alert,
    h('div', { class: 'toolbar' }, picker.el, refresh),
    h('div', { class: 'downloads' },
      h('div', { class: 'row' }, htmlLink, htmlNote),
      h('div', { class: 'row' }, m.field('rs-table', t('m.csvTable'), table), csvLink, csvNote)),
    body);
  if (m.fail(alert, picker.res)) return;

  const base = () => `/v1/programs/${m.enc(picker.value())}/report`;
  function csv() {
    csvLink.setAttribute('download', `${picker.value()}-${table.value}.csv`);
    return offer(csvLink, csvNote, `${base()}?format=csv&table=${table.value}`, 'text/csv');
  }

  let seq = 0;
  async function load(announceIt = false) {
    const mine = ++seq;
    alert.textContent = '';
    refresh.setAttribute('aria-busy', 'true');
    body.replaceChildren(h('p', { class: 'hint' }, t('m.scoring')));
    const res = await m.call('GET', base());
    if (mine !== seq) return;
    refresh.removeAttribute('aria-busy');
    if (m.fail(alert, res)) { body.replaceChildren(); return; }
    body.replaceChildren(renderReport(res.data || {}));
    if (announceIt) announce(t('m.refreshed'));
    htmlLink.setAttribute('download', `${picker.value()}.html`);
    await Promise.all([offer(htmlLink, htmlNote, `${base()}?format=html`, 'text/html'), csv()]);
  }

  await load();
}

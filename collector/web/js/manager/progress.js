// Progress (#/progress): the fieldwork plan against the counted contacts, per company
// and channel, grouped by industry, with the pace and the expected completion date;
// the counts of one observer on request, and each observer's done and flagged.
import { h, announce } from '../dom.js';
import { t } from '../i18n.js';
import * as m from './common.js';

// Completeness of a cell: a colour class and a mark, so colour is never the only cue.
// missing: the planned contacts not done yet, channel by channel (a channel counted
// beyond its plan does not make up for another one short of it).
function level(counted, planned, missing) {
  if (planned <= 0) return counted > 0 ? 'done' : 'none';
  if (missing <= 0) return 'done';
  return (planned - missing) * 2 >= planned ? 'mid' : 'low';
}
const MARK = { low: '○', mid: '◐', done: '✓', none: '' };

function cell([counted, planned, missing]) {
  const l = level(counted, planned, missing);
  if (l === 'none') return h('td', { class: 'pg pg-none' }, '–');
  return h('td', { class: `pg pg-${l}` }, `${counted} / ${planned}`,
    h('span', { class: 'pg-mark', 'aria-hidden': 'true' }, MARK[l]));
}

export async function render(view) {
  const alert = m.alertBox();
  const body = h('div', { class: 'pg-body' });
  const industry = h('select', { id: 'pg-industry', onchange: draw }, m.option('', t('m.allIndustries')));
  const observer = h('select', { id: 'pg-observer', onchange: () => load() }, m.option('', t('m.allObservers')));
  const refresh = h('button', { type: 'button', onclick: () => load(true) }, t('m.refresh'));
  const picker = await m.programPicker(() => load());
  view.replaceChildren(h('h2', { id: 'h-progress' }, t('m.progress')), alert,
    h('div', { class: 'toolbar' }, picker.el, m.field('pg-industry', t('m.industry'), industry),
      m.field('pg-observer', t('m.observer'), observer), refresh), body);
  if (m.fail(alert, picker.res)) return;
  const reg = await m.register();
  industry.append(...[...reg.industries].sort((a, b) => (a.name || a.id).localeCompare(b.name || b.id))
    .map((i) => m.option(i.id, i.name || i.id)));
  observer.append(...reg.observers.map((o) => m.option(o.id, `${o.name || o.id} (${o.id})`)));
  if (m.fail(alert, ...reg.answers)) return;

  let data = null;
  let seq = 0;
  async function load(announceIt = false) {
    const mine = ++seq;
    alert.textContent = '';
    refresh.setAttribute('aria-busy', 'true');
    if (!data) body.replaceChildren(h('p', { class: 'hint' }, t('loading')));
    const q = observer.value ? `?observer=${m.enc(observer.value)}` : '';
    const res = await m.call('GET', `/v1/programs/${m.enc(picker.value())}/progress${q}`);
    if (mine !== seq) return;
    refresh.removeAttribute('aria-busy');
    data = null;
    if (res.status === 404) {
      body.replaceChildren(h('p', { class: 'banner' }, t('m.noProgress')), h('p', { class: 'hint' }, res.error));
      return;
    }
    if (m.fail(alert, res)) { body.replaceChildren(); return; }
    data = res.data || {};
    draw();
    if (announceIt) announce(t('m.refreshed'));
  }

  function draw() {
    if (!data) return;
    const companies = m.items(data.companies).filter((c) => !industry.value || c.industryId === industry.value);
    const used = new Set(m.items(data.companies).flatMap((c) => m.items(c.channels).map((x) => x.channel)));
    const channels = m.CHANNELS.filter((c) => used.has(c));
    const groups = new Map();
    for (const c of companies) {
      if (!groups.has(c.industryId)) groups.set(c.industryId, []);
      groups.get(c.industryId).push(c);
    }
    // [counted, planned, missing] of a channel, a company (ch empty), or a list of companies.
    const short = (x) => Math.max(0, m.int(x.planned) - m.int(x.counted));
    const of = (co, ch) => {
      const list = m.items(co.channels);
      if (!ch) {
        return [m.int(co.counted), m.int(co.planned), list.length ? list.reduce((n, x) => n + short(x), 0) : short(co)];
      }
      const x = list.find((y) => y.channel === ch) || {};
      return [m.int(x.counted), m.int(x.planned), short(x)];
    };
    const total = (list, ch) => list.map((c) => of(c, ch))
      .reduce((s, x) => [s[0] + x[0], s[1] + x[1], s[2] + x[2]], [0, 0, 0]);
    const cols = channels.length + 2;
    const tbodies = [...groups].sort(([a], [b]) => m.nameIn(reg.industry, a).localeCompare(m.nameIn(reg.industry, b)))
      .map(([id, list]) => {
        const [c, p] = total(list);
        return h('tbody', {},
          h('tr', { class: 'group' }, h('th', { scope: 'rowgroup', colspan: String(cols) },
            h('span', {}, `${m.nameIn(reg.industry, id)} · ${c} / ${p}`))),
          list.map((co) => h('tr', {}, h('th', { scope: 'row' }, co.companyName || m.nameIn(reg.company, co.companyId)),
            channels.map((ch) => cell(of(co, ch))), cell(of(co)))));
      });
    const foot = h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, t('m.total')),
      channels.map((ch) => cell(total(companies, ch))), cell(total(companies))));

    const all = m.items(data.companies);
    const planned = m.int(data.planned), counted = m.int(data.counted);
    const missing = all.length ? total(all)[2] : m.int(data.missing);
    const share = Number(data.shareDone) || (planned ? (planned - missing) / planned : 0);
    const fact = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
    const who = observer.value && reg.observer.get(observer.value);
    const observers = m.items(data.observers);
    body.replaceChildren(
      who && h('p', { class: 'banner' }, t('m.onlyObserver', { name: who.name || who.id })),
      h('dl', { class: 'facts' },
        fact(t('m.planDone'), t('m.doneOf', { done: m.count(planned - missing), planned: m.count(planned),
          share: m.pct(share) })),
        fact(t('m.missing'), m.count(missing)),
        fact(t('m.counted'), m.count(counted)),
        fact(t('m.pace'), t('m.perDay', { n: m.num(Number(data.dailyPace) || 0) })),
        fact(t('m.completion'), data.completionDate ? m.dateText(data.completionDate)
          : t(planned && !missing ? 'm.complete' : 'm.unknownYet')),
        data.asOfDate && fact(t('m.asOf'), m.dateText(data.asOfDate))),
      h('p', { class: 'hint legend' }, t('m.legend')),
      companies.length
        ? m.tableBox(t('m.planCaption'), [t('company'), ...channels.map(m.channelLabel), t('m.total')], tbodies, foot)
        : h('p', {}, t('m.noCompanies')),
      h('h3', { id: 'h-pg-observers' }, t('m.observers')),
      observers.length ? m.tableBox(t('m.observers'),
        [t('m.observer'), m.numCol(t('m.done')), m.numCol(t('m.flagged'))],
        h('tbody', {}, observers.map((o) => h('tr', {},
          h('th', { scope: 'row' }, o.name || m.nameIn(reg.observer, o.observerId),
            h('span', { class: 'sub-id' }, o.observerId)),
          h('td', { class: 'num' }, m.count(o.done)), h('td', { class: 'num' }, m.count(o.flagged))))))
        : h('p', {}, t('m.noObservers')));
  }

  await load();
}

// Register (#/register): the industries, companies, observers and programs. An
// observer can be deactivated or reactivated; an admin can upload a register file
// (msc.v1.Register JSON), stored list by list so that every list finds what it
// refers to: industries, companies, observers, programs. Changes need an admin token.
import { h, announce, formatTime } from '../dom.js';
import { t, locale } from '../i18n.js';
import { fieldErrors } from '../api.js';
import * as session from '../session.js';
import * as m from './common.js';

const LISTS = ['industries', 'companies', 'observers', 'programs'];

// The server's words for a failed change; a 403 means an admin token is needed.
function changeError(res) {
  if (res.status === 403) return t('m.adminOnly');
  return [res.error, ...fieldErrors(res).map((e) => `${e.field}: ${e.reason}`)].join('\n');
}

export async function render(view) {
  const alert = m.alertBox();
  const tables = h('div');
  const admin = session.me()?.role === 'ADMIN';
  const file = h('input', { type: 'file', id: 'rg-file', accept: '.json,application/json' });
  const upload = h('button', { type: 'button', class: 'primary', onclick: () => load(file) }, t('m.upload'));
  const done = h('p', { class: 'banner ok', role: 'status', hidden: true });
  view.replaceChildren(h('h2', { id: 'h-register' }, t('m.register')), alert,
    admin ? h('section', { class: 'group' },
      h('h3', { id: 'h-rg-upload' }, t('m.uploadTitle')), h('p', { class: 'hint' }, t('m.uploadHelp')),
      m.field('rg-file', t('m.registerFile'), file), h('div', { class: 'row' }, upload), done)
      : h('p', { class: 'hint' }, t('m.adminHint')),
    tables);

  async function load(input) {
    alert.textContent = '';
    done.hidden = true;
    const f = input.files?.[0];
    if (!f) { alert.textContent = t('m.pickFile'); input.focus(); return; }
    let reg;
    try {
      reg = JSON.parse(await f.text());
      if (!reg || typeof reg !== 'object' || Array.isArray(reg)) throw new Error(t('m.notObject'));
    } catch (e) {
      alert.textContent = t('m.badFile', { error: e.message });
      return;
    }
    const lists = LISTS.filter((k) => Array.isArray(reg[k]) && reg[k].length);
    if (!lists.length) { alert.textContent = t('m.emptyFile'); return; }
    upload.setAttribute('aria-busy', 'true');
    const stored = [];
    for (const k of lists) {
      const res = await m.call('PUT', `/v1/${k}`, { [k]: reg[k] });
      if (!res.ok) {
        alert.textContent = [t('m.importFailed', { list: t(`m.list.${k}`), error: changeError(res) }),
          stored.length ? t('m.importedBefore', { lists: stored.join(', ') }) : ''].filter(Boolean).join('\n');
        break;
      }
      stored.push(t(`m.n.${k}`, { n: reg[k].length }));
    }
    upload.removeAttribute('aria-busy');
    if (stored.length === lists.length) {
      done.textContent = t('m.imported', { lists: stored.join(', ') });
      done.hidden = false;
    }
    await show();
  }

  async function setActive(o, button, status) {
    alert.textContent = '';
    const active = o.active === false;
    button.setAttribute('aria-busy', 'true');
    const res = await m.call('PUT', '/v1/observers', { observers: [{ id: o.id, name: o.name || '', active }] });
    button.removeAttribute('aria-busy');
    if (!res.ok) { alert.textContent = changeError(res); return; }
    o.active = active;
    status.replaceChildren(activeBadge(o));
    button.textContent = t(active ? 'm.deactivate' : 'm.reactivate');
    announce(t(active ? 'm.reactivated' : 'm.deactivated', { name: `${o.name || o.id} (${o.id})` }));
  }

  const activeBadge = (o) => (o.active === false
    ? h('span', { class: 'badge state-REJECTED' }, t('m.inactive'))
    : h('span', { class: 'badge state-APPROVED' }, t('m.active')));

  async function show() {
    const [reg, progs] = await Promise.all([m.register(), m.call('GET', '/v1/programs')]);
    if (m.fail(alert, ...reg.answers, progs)) { tables.replaceChildren(); return; }
    const programs = m.items(progs.data?.programs);
    const part = (key, head, rows) => h('section', {},
      h('h3', { id: `h-rg-${key}` }, `${t(`m.list.${key}`)} (${rows.length})`),
      rows.length ? m.tableBox(t(`m.list.${key}`), head, h('tbody', {}, rows)) : h('p', {}, t('m.emptyList')));
    const named = (x) => h('th', { scope: 'row' }, x.name || x.id, h('span', { class: 'sub-id' }, x.id));
    const perIndustry = (id) => reg.companies.filter((c) => c.industryId === id).length;
    tables.replaceChildren(
      part('observers', [t('m.observer'), t('m.status'), t('m.action')], reg.observers.map((o) => {
        const status = h('td', {}, activeBadge(o));
        const button = h('button', { type: 'button', class: 'small', onclick: () => setActive(o, button, status) },
          t(o.active === false ? 'm.reactivate' : 'm.deactivate'));
        return h('tr', {}, h('th', { scope: 'row' }, o.name || o.id, h('span', { class: 'sub-id' }, o.id)), status,
          h('td', {}, button));
      })),
      part('industries', [t('m.industry'), m.numCol(t('r.companies'))], reg.industries.map((i) => h('tr', {},
        named(i), h('td', { class: 'num' }, String(perIndustry(i.id)))))),
      part('companies', [t('company'), t('m.industry')], reg.companies.map((c) => h('tr', {},
        named(c), h('td', {}, m.nameIn(reg.industry, c.industryId))))),
      part('programs', [t('program'), t('m.period')], programs.map((p) => h('tr', {}, named(p),
        h('td', {}, `${formatTime(p.periodStart, locale())} – ${formatTime(p.periodEnd, locale())}`)))));
  }

  tables.replaceChildren(h('p', { class: 'hint' }, t('loading')));
  await show();
}

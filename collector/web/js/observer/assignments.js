// My assignments (#/assignments): the contacts the program manager dealt to this
// observer in the programs open now, the open ones first, each with Start contact,
// which opens the contact form on that company and channel.
import { h, announce } from '../dom.js';
import { t } from '../i18n.js';
import { request, errorMessage } from '../api.js';
import * as session from '../session.js';
import * as data from './data.js';
import { emptyDraft, saveDraft, hasNewDraft } from './model.js';

const parseTime = (s) => (s ? Date.parse(s) : NaN);
const isOpen = (p, now) => !(parseTime(p.periodStart) > now) && !(parseTime(p.periodEnd) <= now);

function start(program, a, reg) {
  const who = session.observerId();
  if (hasNewDraft(who)) { announce(t('assign.finishFirst')); return; }
  const co = reg.companies.find((c) => c.id === a.companyId);
  const d = { ...emptyDraft(program.id), company: co ? co.name : a.companyId, channel: a.channel };
  if (a.channel === 'EMAIL') d.email.sentAt = new Date().toISOString();
  saveDraft(who, d);
  location.hash = '#/contact';
}

function card(program, a, reg, n) {
  const name = a.companyName || data.companyName(reg, a.companyId);
  const channel = t(`channel.${a.channel}`);
  return h('li', { class: `card${a.done ? ' done' : ''}`, 'aria-label': `${name}, ${channel}` },
    h('h3', {}, name),
    h('p', {}, channel, ' ', a.done && h('span', { class: 'badge state-APPROVED' }, t('assign.done'))),
    !a.done && h('div', { class: 'row' },
      h('button', { type: 'button', id: `start-${n}`, 'aria-label': t('assign.startFor', { company: name, channel }),
        onclick: () => start(program, a, reg) }, t('assign.start'))));
}

async function section(program, reg, counter) {
  const box = h('section', { 'aria-labelledby': `h-as-${program.id}` },
    h('h3', { id: `h-as-${program.id}` }, program.name || program.id));
  let res;
  try {
    res = await request('GET', `/v1/programs/${encodeURIComponent(program.id)}/assignments`);
  } catch (e) {
    box.append(h('p', { class: 'error-text' }, t('assign.offline', { error: e.message })));
    return box;
  }
  if (!res.ok) { box.append(h('p', { class: 'error-text' }, errorMessage(res))); return box; }
  const items = Array.isArray(res.data?.assignments) ? res.data.assignments : [];
  if (!items.length) { box.append(h('p', {}, t('assign.none'))); return box; }
  const open = items.filter((a) => !a.done);
  box.append(h('p', { class: 'hint' }, t('assign.summary', { open: open.length, all: items.length })),
    h('ul', { class: 'cards' }, [...open, ...items.filter((a) => a.done)]
      .map((a) => card(program, a, reg, ++counter.n))));
  return box;
}

export async function render(main) {
  const reg = await data.register();
  const now = Date.now();
  const programs = reg.programs.filter((p) => isOpen(p, now));
  main.replaceChildren(h('h2', { id: 'h-assign' }, t('assign.title')), h('p', { class: 'hint' }, t('loading')));
  const counter = { n: 0 };
  const sections = await Promise.all(programs.map((p) => section(p, reg, counter)));
  main.replaceChildren(h('h2', { id: 'h-assign' }, t('assign.title')),
    ...(sections.length ? sections : [h('p', {}, t('assign.noProgram'))]));
}

// The contact form (#/contact): one observation, captured live with a stopwatch or
// corrected later. Every change is saved to the draft at once; Submit goes through
// the outbox, so a contact is never lost to a dead connection or a closed tab.
import { h, announce, toLocalInput, fromLocalInput, formatTime, clockText, parseTime } from '../dom.js';
import { t, locale } from '../i18n.js';
import * as session from '../session.js';
import * as data from './data.js';
import * as outbox from './outbox.js';
import {
  CHANNELS, UPSELLS, MAX_COMMENT, maxAttempts, uuidv7, loadDraft, saveDraft,
  clearDraft, answered, applicable, resolveCompany, build, fromStored,
} from './model.js';

const t0s = new Map();  // attempt startedAt -> performance.now() when it started
let timer = 0;
let busy = false;

export function stop() { clearInterval(timer); }

const errP = (id) => h('p', { class: 'field-error', id: `err-${id}`, hidden: true });

function field(id, label, control, ...extra) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, ...extra, errP(id));
}

function check(id, label, checked, bind, path) {
  return h('div', { class: 'field check' },
    h('input', { type: 'checkbox', id, checked, dataset: { bind, ...(path && { path }) } }),
    h('label', { for: id }, label), path && errP(id));
}

const dateInput = (id, iso, bind, path) => h('input', {
  type: 'datetime-local', step: '1', id, value: toLocalInput(iso), dataset: { bind, path } });

function defaultProgram(programs) {
  const now = Date.now();
  const current = programs.find((p) =>
    parseTime(p.periodStart) <= now && now < parseTime(p.periodEnd));
  return (current || programs[0])?.id || '';
}

// A stopwatch that was running when the page closed: continue from the wall clock.
function t0Of(a) {
  if (!t0s.has(a.startedAt)) {
    t0s.set(a.startedAt, performance.now() - (Date.now() - parseTime(a.startedAt)));
    a.estimated = true;
  }
  return t0s.get(a.startedAt);
}

export async function render(main) {
  stop();
  const who = session.observerId();
  const reg = await data.register();
  const ctx = { ...reg, config: null, locale: locale() };
  let d = loadDraft(who);
  if (!d.programId) d.programId = defaultProgram(reg.programs);
  d.attempts.filter((a) => a.running).forEach(t0Of);

  const save = () => { if (d.id) saveDraft(who, d); };
  const started = () => { if (!d.id) d.id = uuidv7(); };
  const slotScenario = h('div');
  const slotAttempts = h('div');
  const slotRatings = h('div');
  const general = h('div', { class: 'error-box', role: 'alert', id: 'form-errors', tabindex: '-1' });
  const industry = h('p', { class: 'hint', id: 'company-industry' });
  const counter = h('p', { class: 'hint', id: 'comment-count' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('submit'));
  const dialog = h('dialog', { 'aria-labelledby': 'dlg-h' },
    h('h2', { id: 'dlg-h' }, t('discard.title')), h('p', {}, t('discard.body')),
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'danger', onclick: discard }, t('discard.yes')),
      h('button', { type: 'button', onclick: () => dialog.close() }, t('cancel'))));

  const option = (value, label, selected) => h('option', { value, selected }, label);
  const form = h('form', { novalidate: true, class: 'contact', 'aria-labelledby': 'h-form' },
    h('h2', { id: 'h-form', tabindex: '-1' }, t(d.mode === 'correct' ? 'form.correct' : 'form.new')),
    d.mode === 'correct' && h('div', { class: 'banner' },
      h('p', {}, t('correcting', { n: d.baseVersion })),
      d.reviewNote && h('p', {}, `${t('managerNote')} `, h('q', {}, d.reviewNote))),
    reg.error && !reg.programs.length && h('p', { class: 'error-text' }, t('loadFailed', { error: reg.error })),
    general,
    field('f-program', t('program'), h('select', { id: 'f-program', dataset: { bind: 'program', path: 'program_id' } },
      reg.programs.map((p) => option(p.id, p.name || p.id, p.id === d.programId)))),
    field('f-company', t('company'), h('input', { id: 'f-company', list: 'company-list',
      autocomplete: 'off', value: d.company, dataset: { bind: 'company', path: 'company_id', describedby: 'company-industry' } }),
    h('datalist', { id: 'company-list' }, reg.companies.map((c) =>
      h('option', { value: c.name }, reg.industries.find((i) => i.id === c.industryId)?.name || ''))),
    industry),
    field('f-channel', t('channel'), h('select', { id: 'f-channel', dataset: { bind: 'channel', path: 'channel' } },
      option('', t('choose'), !d.channel),
      CHANNELS.map((c) => option(c, t(`channel.${c}`), c === d.channel)))),
    slotScenario, slotAttempts, slotRatings,
    field('f-upsell', t('upsell'), h('select', { id: 'f-upsell', dataset: { bind: 'upsell', path: 'upsell' } },
      option('', t('upsell.unset'), !d.upsell),
      UPSELLS.map((u) => option(u, t(`upsell.${u}`), u === d.upsell)))),
    check('f-redirected', t('redirected'), d.redirected, 'redirected', 'redirected'),
    field('f-comment', t('comment'), h('textarea', { id: 'f-comment', rows: '5',
      dataset: { bind: 'comment', path: 'comment', describedby: 'comment-count' } }, d.comment), counter),
    h('div', { class: 'row actions' }, submit,
      h('button', { type: 'button', onclick: () => dialog.showModal() }, t('discardDraft'))),
    dialog);
  main.replaceChildren(form);

  function attemptBlock(a, i) {
    const n = i + 1;
    const block = h('div', { class: 'attempt' }, h('h4', {}, t('attemptN', { n })));
    if (a.running) {
      // The start line carries started_at errors (e.g. outside the period) while it runs.
      block.append(h('div', { id: `a${i}-started`, dataset: { path: `attempts[${i}].started_at` } },
        h('p', { class: 'hint' }, t('startedAtTime', { time: formatTime(a.startedAt, ctx.locale) })), errP(`a${i}-started`)),
        h('div', { id: `a${i}-clock`, dataset: { path: `attempts[${i}].wait` } },
          h('p', { class: 'stopwatch', role: 'timer', id: `a${i}-timer` }, clockText((performance.now() - t0Of(a)) / 1000)),
          a.estimated && h('p', { class: 'hint' }, t('estimated')),
          h('div', { class: 'row' },
            h('button', { type: 'button', class: 'primary big', id: `a${i}-yes`, onclick: () => stopAttempt(i, true) }, t('answered')),
            h('button', { type: 'button', class: 'big', onclick: () => stopAttempt(i, false) }, t('notAnswered'))),
          errP(`a${i}-clock`)));
      return block;
    }
    block.append(
      field(`a${i}-start`, t('startedAtN', { n }), dateInput(`a${i}-start`, a.startedAt, `a-start:${i}`, `attempts[${i}].started_at`)),
      field(`a${i}-wait`, t('waitN', { n }), h('input', { id: `a${i}-wait`, inputmode: 'decimal',
        autocomplete: 'off', value: a.wait, dataset: { bind: `a-wait:${i}`, path: `attempts[${i}].wait` } }),
      a.estimated && h('p', { class: 'hint' }, t('estimated'))),
      check(`a${i}-ans`, t('answeredN', { n }), a.answered, `a-ans:${i}`),
      h('button', { type: 'button', onclick: () => removeAttempt(i) }, t('removeAttemptN', { n })));
    return block;
  }

  function attemptsSection() {
    const sec = h('section', { id: 'f-attempts', class: 'group', 'aria-labelledby': 'h-attempts', dataset: { path: 'attempts' } },
      h('h3', { id: 'h-attempts' }, t('attempts')), errP('f-attempts'));
    if (d.channel === 'EMAIL') {
      const e = d.email;
      // The end of the wait is either the reply or, with No reply, when the case was closed.
      const end = e.noReply ? field('e-closed', t('closedAt'), dateInput('e-closed', e.closedAt, 'e-closed', 'attempts[0].wait'))
        : field('e-reply', t('replyAt'), dateInput('e-reply', e.replyAt, 'e-reply', 'attempts[0].wait'));
      sec.append(field('e-sent', t('sentAt'), dateInput('e-sent', e.sentAt, 'e-sent', 'attempts[0].started_at')),
        check('e-noreply', t('noReply'), e.noReply, 'e-noreply'), end);
      return sec;
    }
    d.attempts.forEach((a, i) => sec.append(attemptBlock(a, i)));
    if (!d.attempts.some((a) => a.running) && d.attempts.length < maxAttempts(d.channel)) {
      sec.append(h('button', { type: 'button', class: 'primary big', id: 'start-attempt', onclick: startAttempt }, t('startAttempt')));
    }
    return sec;
  }

  function ratingsSection() {
    if (!answered(d)) return null;
    const sec = h('section', { id: 'f-ratings', class: 'group', 'aria-labelledby': 'h-ratings', dataset: { path: 'ratings' } },
      h('h3', { id: 'h-ratings' }, t('ratings')), errP('f-ratings'));
    if (!ctx.config) sec.append(h('p', { class: 'error-text' }, t('noConfig', { error: ctx.configError || '…' })));
    applicable(ctx.config, d.channel).forEach((c, k) => {
      const scale = h('div', { class: 'scale' });
      for (const v of [1, 2, 3, 4, 5, 6, 0]) {
        // The input lies over its whole box (transparent), so a click anywhere on the
        // box, or on the input itself, is a click on this radio.
        scale.append(h('label', { class: 'opt', for: `rate-${k}-${v}` },
          h('input', { type: 'radio', name: `rate-${k}`, id: `rate-${k}-${v}`, value: String(v),
            checked: (d.ratings[c.id] || 0) === v, dataset: { bind: `rate:${c.id}` } }),
          h('span', {}, v ? String(v) : t('notRated'))));
      }
      sec.append(h('fieldset', { class: 'rating', id: `f-rate-${k}`, dataset: { path: `ratings.${c.id}` } },
        h('legend', {}, String(c.question || c.id)), scale, errP(`f-rate-${k}`)));
    });
    return sec;
  }

  // A program that lists its contact types offers them; otherwise the type is free text.
  function scenarioField() {
    const listed = reg.programs.find((p) => p.id === d.programId)?.scenarios || [];
    const dataset = { bind: 'scenario', path: 'scenario' };
    if (!listed.length) {
      return field('f-scenario', t('scenario'), h('input', { id: 'f-scenario', value: d.scenario,
        autocomplete: 'off', dataset }));
    }
    const known = listed.some((s) => s.id === d.scenario);
    return field('f-scenario', t('scenario'), h('select', { id: 'f-scenario', dataset },
      option('', t('scenario.none'), !d.scenario),
      listed.map((s) => option(s.id, s.name || s.id, s.id === d.scenario)),
      d.scenario && !known ? option(d.scenario, t('scenario.unlisted', { id: d.scenario }), true) : null));
  }

  // Rebuilds the parts whose shape depends on the state; focus stays where it was.
  function renderDynamic(focusId) {
    const keep = focusId || document.activeElement?.id;
    slotScenario.replaceChildren(scenarioField());
    slotAttempts.replaceChildren(d.channel ? attemptsSection() : '');
    slotRatings.replaceChildren(ratingsSection() || '');
    if (keep && document.getElementById(keep)) document.getElementById(keep).focus();
  }

  const shown = (path) => d.showAll || Object.keys(d.touched).some((k) =>
    path === k || path.startsWith(`${k}.`) || path.startsWith(`${k}[`));

  // Client checks (once a field was touched) and the server's errors, each beside
  // its control (aria-describedby + aria-invalid); paths without one go to the top.
  function refreshErrors() {
    const client = build(d, ctx).issues.filter((e) => shown(e.field));
    const byPath = new Map();
    for (const e of [...(d.serverErrors || []), ...client]) if (!byPath.has(e.field)) byPath.set(e.field, e.reason);
    const top = d.serverMessage ? [d.serverMessage] : [];
    for (const el of form.querySelectorAll('[data-path]')) {
      const reason = byPath.get(el.dataset.path);
      byPath.delete(el.dataset.path);
      const err = document.getElementById(`err-${el.id}`);
      if (err) { err.textContent = reason || ''; err.hidden = !reason; }
      const ids = [el.dataset.describedby, reason && err && err.id].filter(Boolean).join(' ');
      if (ids) el.setAttribute('aria-describedby', ids); else el.removeAttribute('aria-describedby');
      if (reason && /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) el.setAttribute('aria-invalid', 'true');
      else el.removeAttribute('aria-invalid');
    }
    for (const [path, reason] of byPath) top.push(`${path}: ${reason}`);
    const text = top.join('\n');
    if (general.dataset.text !== text || (d.stale && !general.querySelector('button'))) {
      general.dataset.text = text;
      general.replaceChildren(...top.map((m) => h('p', {}, m)));
      if (d.stale) {
        general.append(h('button', { type: 'button', onclick: () => {
          saveDraft(who, fromStored(d.stale, reg.companies));
          render(main);
        } }, t('loadLatest')));
      }
    }
    general.hidden = !top.length && !d.stale;
    const co = resolveCompany(d.company, reg.companies);
    industry.textContent = co ? t('industryIs', { name: reg.industries.find((i) => i.id === co.industryId)?.name || co.industryId || '' }) : '';
    counter.textContent = t('counter', { n: [...d.comment].length, max: MAX_COMMENT });
  }

  function changed(focusId, structure = true) {
    save();
    if (structure) renderDynamic(focusId);
    refreshErrors();
  }

  function startAttempt() {
    started();
    const startedAt = new Date().toISOString();
    t0s.set(startedAt, performance.now());
    d.attempts.push({ startedAt, wait: '', answered: false, running: true, estimated: false });
    d.touched[`attempts[${d.attempts.length - 1}].started_at`] = true;  // e.g. outside the period
    changed(`a${d.attempts.length - 1}-yes`);
  }

  function stopAttempt(i, ok) {
    const a = d.attempts[i];
    // The monotonic clock: a wall-clock jump during the wait cannot distort it.
    a.wait = ((performance.now() - t0Of(a)) / 1000).toFixed(3);
    Object.assign(a, { answered: ok, running: false });
    d.touched[`attempts[${i}].wait`] = true;
    t0s.delete(a.startedAt);
    changed(`a${i}-wait`);
  }

  function removeAttempt(i) {
    d.attempts.splice(i, 1);
    changed(d.attempts.length ? `a0-wait` : 'start-attempt');
  }

  async function loadConfig() {
    const r = await data.config(d.programId);
    ctx.config = r.data;
    ctx.configError = r.error;
    renderDynamic();
    refreshErrors();
  }

  // Every control carries data-bind: which part of the draft it edits.
  function onEdit(e) {
    const el = e.target;
    const bind = el.dataset?.bind;
    if (!bind) return;
    started();
    const [what, arg] = [bind.split(':')[0], bind.slice(bind.indexOf(':') + 1)];
    const path = el.closest('[data-path]')?.dataset.path || '';
    const topPath = path.startsWith('ratings') ? 'ratings' : path;
    if (topPath) d.touched[topPath] = true;
    d.serverErrors = (d.serverErrors || []).filter((x) => x.field !== path && !x.field.startsWith(`${topPath}.`) && x.field !== topPath);
    d.serverMessage = '';
    let structure = false;
    const a = d.attempts[Number(arg)];
    switch (what) {
      case 'program': d.programId = el.value; loadConfig(); break;
      case 'channel': d.channel = el.value; structure = true;
        if (d.channel === 'EMAIL' && !d.email.sentAt) d.email.sentAt = new Date().toISOString();
        break;
      case 'company': case 'scenario': case 'upsell': case 'comment': d[what] = el.value; break;
      case 'redirected': d.redirected = el.checked; break;
      case 'a-start': a.startedAt = fromLocalInput(el.value, a.startedAt); break;
      case 'a-wait': a.wait = el.value; a.estimated = false; break;
      case 'a-ans': a.answered = el.checked; structure = true; break;
      case 'e-sent': d.email.sentAt = fromLocalInput(el.value, d.email.sentAt); break;
      case 'e-reply': d.email.replyAt = fromLocalInput(el.value, d.email.replyAt); break;
      case 'e-closed': d.email.closedAt = fromLocalInput(el.value, d.email.closedAt); break;
      case 'e-noreply': d.email.noReply = el.checked; structure = true;
        if (el.checked && !d.email.closedAt) d.email.closedAt = new Date().toISOString();
        break;
      case 'rate': if (Number(el.value)) d.ratings[arg] = Number(el.value); else delete d.ratings[arg]; break;
      default: return;
    }
    changed(undefined, structure);
  }
  form.addEventListener('input', onEdit);
  form.addEventListener('change', onEdit);

  function focusFirstError() {
    const bad = [...form.querySelectorAll('.field-error:not([hidden])')][0];
    const owner = bad && form.querySelector(`[aria-describedby~="${bad.id}"]`);
    const focusable = 'input, select, textarea, button';
    const target = owner && (owner.matches(focusable) ? owner
      : owner.querySelector(focusable) || owner.parentElement.querySelector(focusable));
    (target || (general.hidden ? null : general))?.focus();
  }

  function done(message) {
    clearDraft(who, d.mode);
    t0s.clear();
    announce(message);
    if (d.mode === 'correct') { location.hash = '#/mine'; return; }
    render(main).then(() => document.getElementById('h-form')?.focus());
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    started();
    d.showAll = true;
    d.serverErrors = [];
    d.serverMessage = '';
    d.stale = null;
    const { obs, issues } = build(d, ctx);
    save();
    refreshErrors();
    if (issues.length) { focusFirstError(); return; }
    busy = true;
    submit.setAttribute('aria-busy', 'true');
    announce(t('msg.sending'));
    const item = outbox.newItem(d.mode === 'correct' ? 'correct' : 'submit', obs, d.baseVersion);
    let queued = true;
    try { await outbox.put(item); } catch { queued = false; }
    let r;
    try { r = await outbox.deliver(item, true); } finally { busy = false; submit.removeAttribute('aria-busy'); }
    if (r.outcome === 'stored') {
      const stored = d.mode === 'correct' ? t('msg.corrected', { n: r.data?.version || d.baseVersion + 1 })
        : t(r.status === 'DUPLICATE' ? 'msg.duplicate' : 'msg.stored');
      // The protocol rules it breaks: stored with it, never a refusal, but worth knowing.
      const flags = (r.data?.flags || []).map((f) => t(`flag.${f}`));
      done(flags.length ? `${stored} ${t('msg.flags', { flags: flags.join(', ') })}` : stored);
    } else if (r.outcome === 'retry' || r.outcome === 'unauthorized' || r.outcome === 'busy') {
      // busy: the previous record of this contact is on the wire; this one replaced it
      // in the outbox and goes out as soon as that answer is in (its own answer, e.g.
      // a stale 409, then shows in the queue).
      if (queued) done(t(r.outcome === 'busy' ? 'msg.queuedBehind' : 'msg.queued'));
      else { d.serverMessage = t('msg.notQueued', { error: r.message || '' }); refreshErrors(); focusFirstError(); }
    } else if (r.outcome === 'conflict' && d.mode !== 'correct') {
      done(t('msg.conflict'));
    } else {
      if (r.outcome === 'conflict') { d.stale = r.latest; d.serverMessage = t('stale'); }
      d.serverErrors = r.fieldErrors || [];
      if (!d.serverErrors.length && !d.stale) d.serverMessage = r.message;
      save();
      announce('');
      renderDynamic();
      refreshErrors();
      focusFirstError();
    }
  });

  renderDynamic();
  refreshErrors();
  loadConfig();
  timer = setInterval(() => {
    d.attempts.forEach((a, i) => {
      const el = a.running && document.getElementById(`a${i}-timer`);
      if (el) el.textContent = clockText((performance.now() - t0Of(a)) / 1000);
    });
  }, 250);

  function discard() {
    clearDraft(who, d.mode);
    t0s.clear();
    dialog.close();
    announce(t('msg.discarded'));
    render(main);
  }
}

// A stored contact (from My contacts or the queue) opened for editing.
export function openForCorrection(stored, companies) {
  saveDraft(session.observerId(), fromStored(stored, companies));
  location.hash = '#/contact';
}


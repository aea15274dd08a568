// The contact being captured: the draft (what the form shows, saved on every change),
// the Observation built from it, and the checks of METHODOLOGY.md section 2, reported
// with the server's field paths so client and server errors land in the same places.
import { t } from '../i18n.js';
import {
  readJson, writeJson, parseTime, parseDuration, formatDuration, parseSeconds, formatTime,
} from '../dom.js';

export const CHANNELS = ['PHONE', 'CHAT', 'EMAIL', 'SOCIAL'];
export const UPSELLS = ['NONE', 'NEEDS_BASED', 'PUSHY'];
export const MAX_COMMENT = 4000;
export const maxAttempts = (channel) => (channel === 'EMAIL' ? 1 : 2);

// RFC 9562 version 7: 48-bit big-endian Unix ms, version 7, 12 random bits, variant
// 10, 62 random bits. Time-ordered ids keep the server's index appends cheap.
export function uuidv7() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  let ms = Date.now();
  for (let i = 5; i >= 0; i--) { b[i] = ms % 256; ms = Math.floor(ms / 256); }
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-` +
    `${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// attempts: [{startedAt: ISO, wait: typed seconds, answered, running, estimated}];
// email: the one e-mail attempt as instants (ISO) and the No reply choice.
export function emptyDraft(programId = '') {
  return {
    id: '', mode: 'new', baseVersion: 0, reviewNote: '', programId, company: '',
    channel: '', scenario: '', attempts: [],
    email: { sentAt: '', replyAt: '', noReply: false, closedAt: '' },
    ratings: {}, upsell: '', redirected: false, comment: '', touched: {}, showAll: false,
  };
}

const draftKey = (observerId, mode) =>
  `msc.draft.${observerId}${mode === 'correct' ? '.correction' : ''}`;

// A correction in progress wins: it is what the observer opened last.
export function loadDraft(observerId) {
  for (const mode of ['correct', 'new']) {
    const d = readJson(draftKey(observerId, mode));
    if (d && typeof d === 'object') return { ...emptyDraft(), ...d, mode };
  }
  return emptyDraft();
}

export const saveDraft = (observerId, d) => writeJson(draftKey(observerId, d.mode), d);
export const clearDraft = (observerId, mode) => localStorage.removeItem(draftKey(observerId, mode));
export const hasNewDraft = (observerId) => !!readJson(draftKey(observerId, 'new'))?.id;

export const answered = (d) => (d.channel === 'EMAIL'
  ? !d.email.noReply : d.attempts.some((a) => a.answered === true && !a.running));

export function applicable(config, channel) {
  const all = Array.isArray(config?.criteria) ? config.criteria : [];
  return all.filter((c) => c && typeof c.id === 'string' && (!Array.isArray(c.channels) ||
    !c.channels.length || c.channels.includes(channel)));
}

// Typed text -> company: exact id, else the one company with that name (any case).
export function resolveCompany(text, companies) {
  const s = String(text || '').trim();
  if (!s) return null;
  const byId = companies.find((c) => c.id === s);
  if (byId) return byId;
  const byName = companies.filter((c) => String(c.name).toLowerCase() === s.toLowerCase());
  return byName.length === 1 ? byName[0] : null;
}

// ctx: {programs, companies, config, locale} -> {obs, issues: [{field, reason}]}
export function build(d, ctx) {
  const issues = [];
  const bad = (field, key, vars) => issues.push({ field, reason: t(key, vars) });
  const obs = { submissionId: d.id };
  if (d.programId) obs.programId = d.programId;
  const co = resolveCompany(d.company, ctx.companies);
  if (co) obs.companyId = co.id; else bad('company_id', 'err.pickCompany');
  if (d.channel) obs.channel = d.channel;
  if (d.scenario.trim()) obs.scenario = d.scenario.trim();
  obs.attempts = d.channel === 'EMAIL' ? emailAttempts(d, bad) : d.attempts.map((a, i) => {
    const out = { startedAt: a.startedAt, answered: !!a.answered };
    const w = parseSeconds(a.wait);
    if (a.running) bad(`attempts[${i}].wait`, 'err.running');
    else if (Number.isNaN(w)) bad(`attempts[${i}].wait`, 'err.waitNumber');
    else out.wait = formatDuration(w);
    return out;
  });
  if (answered(d)) {
    const ratings = {};
    for (const c of applicable(ctx.config, d.channel)) {
      if (Number.isInteger(d.ratings[c.id])) ratings[c.id] = d.ratings[c.id];
    }
    if (Object.keys(ratings).length) obs.ratings = ratings;
  }
  if (d.upsell) obs.upsell = d.upsell;
  if (d.redirected) obs.redirected = true;
  if (d.comment) obs.comment = d.comment;
  issues.push(...validate(obs, ctx));
  return { obs, issues };
}

function emailAttempts(d, bad) {
  const e = d.email;
  const a = { startedAt: e.sentAt, answered: !e.noReply };
  const end = e.noReply ? e.closedAt : e.replyAt;
  const span = (parseTime(end) - parseTime(e.sentAt)) / 1000;
  if (!end) bad('attempts[0].wait', e.noReply ? 'err.closedAt' : 'err.replyAt');
  else if (span < 0) bad('attempts[0].wait', 'err.beforeSent');
  else if (!Number.isNaN(span)) a.wait = formatDuration(span);
  return [a];
}

// METHODOLOGY.md section 2, as the server checks it (observer and existence checks
// that need the register only where the app has it).
export function validate(obs, ctx) {
  const issues = [];
  const bad = (field, key, vars) => issues.push({ field, reason: t(key, vars) });
  const program = ctx.programs.find((p) => p.id === obs.programId);
  if (!obs.programId) bad('program_id', 'err.required');
  else if (ctx.programs.length && !program) bad('program_id', 'err.unknownProgram');
  if (!obs.channel) bad('channel', 'err.required');
  const at = obs.attempts || [];
  if (!at.length) bad('attempts', 'err.noAttempt');
  else if (obs.channel === 'EMAIL' && at.length !== 1) bad('attempts', 'err.emailOne');
  else if (at.length > 2) bad('attempts', 'err.max2');
  at.forEach((a, i) => {
    if (Number.isNaN(parseTime(a.startedAt))) bad(`attempts[${i}].started_at`, 'err.required');
    if (a.wait === undefined) bad(`attempts[${i}].wait`, 'err.required');
    else if (!(parseDuration(a.wait) >= 0)) bad(`attempts[${i}].wait`, 'err.negative');
    if (i > 0 && parseTime(a.startedAt) < parseTime(at[i - 1].startedAt)) {
      bad(`attempts[${i}].started_at`, 'err.order');
    }
  });
  const first = at.length ? parseTime(at[0].startedAt) : NaN;
  if (program && !Number.isNaN(first)) {
    const start = parseTime(program.periodStart), end = parseTime(program.periodEnd);
    if (first < start || first >= end) {
      bad('attempts[0].started_at', 'err.period', {
        start: formatTime(program.periodStart, ctx.locale) || '…',
        end: formatTime(program.periodEnd, ctx.locale) || '…',
      });
    }
  }
  const ratings = Object.entries(obs.ratings || {});
  const criteria = Array.isArray(ctx.config?.criteria) ? ctx.config.criteria : null;
  for (const [id, v] of ratings) {
    const c = criteria && criteria.find((x) => x && x.id === id);
    if (criteria && !c) bad(`ratings.${id}`, 'err.unknownCriterion');
    else if (c && !applicable({ criteria: [c] }, obs.channel).length) {
      bad(`ratings.${id}`, 'err.notApplicable');
    } else if (!(Number.isInteger(v) && v >= 1 && v <= 6)) bad(`ratings.${id}`, 'err.range');
  }
  const isAnswered = at.some((a) => a.answered);
  if (isAnswered && !ratings.length) bad('ratings', 'err.needRating');
  if (!isAnswered && ratings.length) bad('ratings', 'err.noRatings');
  const n = [...(obs.comment || '')].length;  // code points, as the server counts
  if (n > MAX_COMMENT) bad('comment', 'err.commentLong', { n });
  return issues;
}

// A StoredObservation (My contacts, a 409's latest) -> a correction draft.
export function fromStored(stored, companies) {
  const o = stored.observation || {};
  const d = emptyDraft(o.programId || '');
  const co = companies.find((c) => c.id === o.companyId);
  Object.assign(d, {
    id: o.submissionId || '', mode: 'correct', baseVersion: stored.version || 1,
    reviewNote: stored.reviewNote || '', company: co ? co.name : o.companyId || '',
    channel: CHANNELS.includes(o.channel) ? o.channel : '', scenario: o.scenario || '',
    upsell: UPSELLS.includes(o.upsell) ? o.upsell : '', redirected: !!o.redirected,
    comment: o.comment || '', ratings: { ...(o.ratings || {}) },
  });
  const at = Array.isArray(o.attempts) ? o.attempts : [];
  d.attempts = at.map((a) => ({
    startedAt: a.startedAt || '', answered: !!a.answered, running: false, estimated: false,
    wait: String(Number.isNaN(parseDuration(a.wait)) ? 0 : parseDuration(a.wait)),
  }));
  if (d.channel === 'EMAIL' && d.attempts[0]) {
    const a = d.attempts[0];
    const ms = parseTime(a.startedAt) + Number(a.wait) * 1000;
    const end = Number.isNaN(ms) ? '' : new Date(ms).toISOString();
    d.email = { sentAt: a.startedAt, noReply: !a.answered,
      replyAt: a.answered ? end : '', closedAt: a.answered ? '' : end };
  }
  return d;
}

// The queue (#/queue): contacts in the outbox that the server has not stored yet.
import { h, announce, formatTime } from '../dom.js';
import { t, locale } from '../i18n.js';
import * as session from '../session.js';
import * as data from './data.js';
import * as outbox from './outbox.js';
import { fromStored, saveDraft, hasNewDraft } from './model.js';

// A stale correction (409 with the latest version) that was sent from the queue: the
// form shows it as it would have, with Load the latest version.
const staleOf = (item) => (item.state === 'conflict' && item.kind === 'correct' && item.latest) || null;

// A refused contact goes back into the form with the server's errors beside the fields.
async function edit(item, reg) {
  const who = session.observerId();
  if (item.kind !== 'correct' && hasNewDraft(who)) { announce(t('queue.finishFirst')); return; }
  const d = fromStored({ observation: item.observation, version: item.baseVersion }, reg.companies);
  const errors = Array.isArray(item.fieldErrors) ? item.fieldErrors : [];
  const stale = staleOf(item);
  Object.assign(d, { mode: item.kind === 'correct' ? 'correct' : 'new', baseVersion: item.baseVersion || 0,
    serverErrors: errors, serverMessage: stale ? t('stale') : errors.length ? '' : item.lastError || '',
    stale, showAll: true });
  saveDraft(who, d);  // first the draft, then out of the outbox: never in neither
  await outbox.drop(item);
  location.hash = '#/contact';
}

function row(item, reg) {
  const o = item.observation;
  const name = data.companyName(reg, o.companyId);
  const id = o.submissionId;
  const fieldErrors = Array.isArray(item.fieldErrors) ? item.fieldErrors : [];
  return h('li', { class: `card queue-${item.state}`, 'aria-label': name },
    h('h3', {}, name, item.kind === 'correct' && ` (${t('kind.correct')})`),
    h('p', {}, [o.channel && t(`channel.${o.channel}`), formatTime(o.attempts?.[0]?.startedAt, locale()),
      t('queue.tries', { n: item.tries || 0 })].filter(Boolean).join(' · ')),
    h('p', {}, h('span', { class: 'badge' }, t(`qstate.${item.state}`))),
    item.lastError && h('p', { class: item.state === 'waiting' ? 'hint' : 'error-text' },
      t('queue.lastError', { error: item.lastError })),
    fieldErrors.length > 0 && h('ul', { class: 'error-text' }, fieldErrors.map((e) => h('li', {}, `${e.field}: ${e.reason}`))),
    staleOf(item) && h('p', { class: 'error-text' }, t('stale')),
    item.state !== 'waiting' && h('div', { class: 'row' },
      (item.state === 'invalid' || staleOf(item)) &&
        h('button', { type: 'button', id: `edit-${id}`, onclick: () => edit(item, reg) }, t('edit')),
      h('button', { type: 'button', class: 'danger', id: `remove-${id}`, onclick: () => outbox.drop(item) }, t('remove'))));
}

export async function render(main) {
  const [reg, items] = await Promise.all([data.register(), outbox.mine()]);
  items.sort((a, b) => String(a.queuedAt).localeCompare(String(b.queuedAt)));
  main.replaceChildren(h('h2', { id: 'h-queue' }, t('queue.title')),
    items.length ? h('ul', { class: 'cards', 'aria-labelledby': 'h-queue' }, items.map((i) => row(i, reg)))
      : h('p', {}, t('queue.empty')));
  if (items.some((i) => i.state === 'waiting')) {
    main.append(h('button', { type: 'button', class: 'primary', id: 'send-now', onclick: () => outbox.flush(true) }, t('sendNow')));
  }
}

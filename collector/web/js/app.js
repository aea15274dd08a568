// Start-up and the hash router. Views are modules with render(container) (and stop()
// if they keep something running); the observer's live in js/observer/, the manager
// pages in js/manager/. The role of the token decides which set a hash may open.
import { h, announce, clearOldAnnouncement } from './dom.js';
import * as i18n from './i18n.js';
import { t } from './i18n.js';
import * as session from './session.js';
import * as signin from './signin.js';
import * as contact from './observer/contact.js';
import * as mine from './observer/mine.js';
import * as queue from './observer/queue.js';
import * as assignments from './observer/assignments.js';
import * as outbox from './observer/outbox.js';
import * as progress from './manager/progress.js';
import * as review from './manager/review.js';
import * as results from './manager/results.js';
import * as register from './manager/register.js';

const observerRoutes = { '#/contact': contact, '#/assignments': assignments, '#/mine': mine, '#/queue': queue };
const managerRoutes = { '#/progress': progress, '#/review': review, '#/results': results, '#/register': register };
let shown = null;  // the view module on screen
let wanted = '';   // the page a link asked for before sign-in: opened after it

const $ = (id) => document.getElementById(id);
const identity = (me) => (me ? `${me.role}:${me.observerId}` : '');
let shownIdentity = identity(session.me());

async function updateQueue() {
  const n = (await outbox.mine()).filter((i) => ['waiting', 'conflict', 'invalid'].includes(i.state)).length;
  $('queue-link').textContent = t('queued', { n });
  $('queue-link').classList.toggle('has-items', n > 0);
}

function updateHeader(hash) {
  const me = session.me();
  $('who').hidden = !me;
  if (me) {
    const name = [me.observerName, me.observerId && `(${me.observerId})`].filter(Boolean).join(' ');
    $('who-text').textContent = [name, t(`role.${me.role}`)].filter(Boolean).join(' · ');
  }
  const manager = Boolean(me) && !session.isObserver();
  $('nav').hidden = !session.isObserver();
  $('mgr-nav').hidden = !manager;
  $('queue-link').hidden = manager;  // the outbox is the observer's
  document.body.classList.toggle('manager', manager);
  document.title = t(manager ? 'app.titleManager' : 'app.title');
  for (const a of document.querySelectorAll('#nav a, #mgr-nav a')) {
    if (a.getAttribute('href') === hash) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  updateQueue();
}

// focus: move focus to <main> (after navigation); otherwise a control with the same
// id as the one focused before gets focus back (the queue re-renders as items move).
async function route(focus = false) {
  const before = document.activeElement?.id;
  contact.stop();
  shown?.stop?.();
  const view = h('div', { class: 'view' });
  $('main').replaceChildren(view);
  const me = session.me();
  let hash = location.hash;
  let module;
  if (!me) {
    if (hash && hash !== '#/signin') wanted = hash;
    [hash, module] = ['#/signin', signin];
  } else {
    if (hash === '#/signin' && wanted) hash = wanted;
    wanted = '';
    const [routes, home] = me.role === 'OBSERVER' ? [observerRoutes, '#/contact'] : [managerRoutes, '#/review'];
    // An observer who opens a manager page gets it: its data answers 403, and the page
    // says that it needs a manager or admin token (rather than silently moving on).
    if (!routes[hash] && !managerRoutes[hash]) hash = home;
    module = routes[hash] || managerRoutes[hash];
  }
  if (location.hash !== hash) history.replaceState(null, '', hash);
  updateHeader(hash);
  shown = module;
  try {
    await module.render(view);
  } catch (e) {  // a bug or a very odd answer: say so instead of a blank page
    console.error(e);
    view.replaceChildren(h('p', { class: 'error-box', role: 'alert' }, String(e?.message || e)));
  }
  if (focus && view.isConnected) $('main').focus();
  else if (before && view.contains(document.getElementById(before))) document.getElementById(before).focus();
}

i18n.init();
$('lang').value = i18n.getLang();
$('lang').addEventListener('change', () => { i18n.setLang($('lang').value); announce(''); route(); });
$('sign-out').addEventListener('click', () => { announce(''); session.signOut(); });
addEventListener('hashchange', () => { clearOldAnnouncement(); route(true); });
session.onChange((me) => {
  if (identity(me) === shownIdentity) { updateHeader(location.hash); return; }
  shownIdentity = identity(me);
  route(true);
});
outbox.onChange((ev) => {
  updateQueue();
  if (location.hash === '#/queue' && session.isObserver()) route();
  if (ev && !ev.fromForm && ev.result?.outcome === 'stored') announce(t('msg.backgroundStored'));
  // The form said "queued": a later refusal must not go unnoticed.
  const refused = ['conflict', 'invalid', 'rejected'].includes(ev?.result?.outcome);
  if (ev && !ev.fromForm && ev.applied && refused) announce(t('msg.backgroundRefused'));
});
route();
outbox.start();
session.refresh();
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});

// The observer app in a real browser (Debian's chromium, headless) against a real
// msc-collector on a loopback port: ISSUE 10's list of behaviours, each a test.
// Screenshots of every screen go to $MSC_ARTIFACTS.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { World, eventually, screenshot, seconds, sampleRegister } from './harness.mjs';

let world;
before(async () => { world = await World.start(); });
after(async () => { await world?.stop(); });

async function signIn(page, token = world.tokens.observer) {
  await page.goto(world.url + '/');
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'New contact' }).waitFor({ timeout: 10000 });
}

// Fills company and channel, times one attempt of about `ms`, answers and rates it.
async function captureContact(page, { company = 'Nordbank', channel = 'PHONE', ms = 300, comment, rating = '5' } = {}) {
  await page.getByLabel('Company', { exact: true }).fill(company);
  await page.getByLabel('Channel', { exact: true }).selectOption(channel);
  await page.getByRole('button', { name: 'Start attempt' }).click();
  await page.waitForTimeout(ms);
  await page.getByRole('button', { name: 'Answered', exact: true }).click();
  await page.getByRole('group', { name: 'Overall impression' })
    .getByRole('radio', { name: rating, exact: true }).check();
  if (comment) await page.getByLabel('Comment').fill(comment);
}

async function waitForServiceWorker(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

// The browser context's offline mode, and the API refused at the context's router as
// well: requests that the service worker lets through to the network are made outside
// the page, where Chromium's offline emulation does not always reach.
async function goOffline(context) {
  await context.setOffline(true);
  await context.route('**/v1/**', (route) => route.abort('internetdisconnected'));
}

async function goOnline(context) {
  await context.unroute('**/v1/**');
  await context.setOffline(false);
}

const queued = (page) => page.getByRole('link', { name: /^Queued: \d+$/ });

async function rowsWithComment(comment) {
  return (await world.observations()).filter((s) => s.observation.comment === comment);
}

test('an observer signs in with a token and sees who is signed in', async () => {
  const { context, page } = await world.newPage();
  await page.goto(world.url + '/');
  await screenshot(page, '01-sign-in');
  // By keyboard alone: the token field has focus after one Tab or a click, Enter submits.
  await page.getByLabel('Token').focus();
  await page.keyboard.type(world.tokens.observer);
  await page.keyboard.press('Enter');
  await page.getByText('Kari Nordmann (obs-1)').waitFor({ timeout: 10000 });
  assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 1);
  // The token is kept in the browser, never in the address.
  assert.ok(!page.url().includes(world.tokens.observer));
  await page.reload();
  await page.getByText('Kari Nordmann (obs-1)').waitFor({ timeout: 10000 });
  await screenshot(page, '02-contact-form-empty');
  await context.close();
});

test('a contact timed with the stopwatch is stored with the wait that was timed', async () => {
  const { context, page } = await world.newPage();
  await signIn(page);
  await page.getByLabel('Company', { exact: true }).fill('Fjordtel');
  await page.getByLabel('Channel', { exact: true }).selectOption('PHONE');
  await page.getByRole('button', { name: 'Start attempt' }).click();
  const started = Date.now();
  await page.waitForTimeout(2500);
  await screenshot(page, '03-stopwatch-running');
  await page.getByRole('button', { name: 'Answered', exact: true }).click();
  const waited = (Date.now() - started) / 1000;
  await page.getByRole('group', { name: 'Overall impression' }).getByRole('radio', { name: '4', exact: true }).check();
  await page.getByRole('group', { name: 'Did the agent come across as competent?' })
    .getByRole('radio', { name: '5', exact: true }).check();
  await page.getByLabel('Comment').fill('stopwatch contact');
  await screenshot(page, '04-contact-form-filled');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('status').filter({ hasText: 'Stored.' }).waitFor({ timeout: 10000 });

  const [row] = await eventually(() => rowsWithComment('stopwatch contact'), 10000, 'the stored row');
  const o = row.observation;
  assert.equal(o.companyId, 'fjordtel');
  assert.equal(o.observerId, 'obs-1');
  assert.equal(o.channel, 'PHONE');
  assert.equal(o.attempts.length, 1);
  assert.equal(o.attempts[0].answered, true);
  assert.ok(Math.abs(seconds(o.attempts[0].wait) - waited) < 1,
    `stored wait ${o.attempts[0].wait} vs ${waited} s timed`);
  assert.ok(Math.abs(Date.parse(o.attempts[0].startedAt) - started) < 2000);
  assert.deepEqual(o.ratings, { overall: 4, competent: 5 });
  assert.match(o.submissionId, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(row.version, 1);
  assert.equal(row.configSha256.length, 64);
  assert.deepEqual(page.errors ?? [], []);
  await context.close();
});

test('a contact against the fieldwork protocol is stored and the observer is told which rule', async () => {
  const { context, page } = await world.newPage();
  await signIn(page);
  await captureContact(page, { company: 'Fjordbank', comment: 'on a saturday' });
  // Move the start to last Saturday, 10:30 on the browser's clock: never a business day.
  const d = new Date();
  do d.setDate(d.getDate() - 1); while (d.getDay() !== 6);
  const pad = (n) => String(n).padStart(2, '0');
  await page.getByLabel('Started at, attempt 1').fill(
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T10:30:00`);
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('status').filter({ hasText: 'Outside the contact window' }).waitFor({ timeout: 10000 });
  const [row] = await eventually(() => rowsWithComment('on a saturday'), 10000, 'the stored row');
  assert.deepEqual(row.flags, ['OUTSIDE_CONTACT_WINDOW']);
  await context.close();
});

test('an observer starts a contact from My assignments, and it is then marked done', async () => {
  const dealt = await world.api('POST', '/v1/programs/live-2026/assignments', { body: { seed: '3' } });
  assert.equal(dealt.status, 200);
  const { context, page } = await world.newPage();
  await signIn(page);
  await page.getByRole('link', { name: 'My assignments' }).click();
  await page.getByRole('heading', { name: 'My assignments' }).waitFor();
  const start = page.getByRole('button', { name: /^Start contact: .*, (Phone|Chat)$/ }).first();
  await start.waitFor();
  const label = await start.getAttribute('aria-label');
  const [, company, channelName] = /^Start contact: (.*), (Phone|Chat)$/.exec(label);
  const before = await page.getByText(/^\d+ of \d+ still to make\.$/).textContent();
  const [open, all] = before.match(/\d+/g).map(Number);
  await screenshot(page, 'observer-assignments');
  await start.click();
  await page.getByRole('heading', { name: 'New contact' }).waitFor();
  assert.equal(await page.getByLabel('Company', { exact: true }).inputValue(), company);
  const channel = channelName === 'Phone' ? 'PHONE' : 'CHAT';
  assert.equal(await page.getByLabel('Channel', { exact: true }).inputValue(), channel);
  await page.getByRole('button', { name: 'Start attempt' }).click();
  await page.getByRole('button', { name: 'Answered', exact: true }).click();
  await page.getByRole('group', { name: 'Overall impression' }).getByRole('radio', { name: '4', exact: true }).check();
  await page.getByLabel('Comment').fill('from an assignment');
  await page.getByRole('button', { name: 'Submit' }).click();
  await eventually(() => rowsWithComment('from an assignment'), 10000, 'the stored contact');
  await page.getByRole('link', { name: 'My assignments' }).click();
  await page.getByText(`${open - 1} of ${all} still to make.`).waitFor({ timeout: 10000 });
  assert.ok(await page.getByText('Done', { exact: true }).count() >= 1);
  await context.close();
});

test('the form offers exactly the rating questions of the chosen channel', async () => {
  const { context, page } = await world.newPage();
  await signIn(page);
  const written = page.getByRole('group', { name: 'Did the agent write good, correct language?' });
  await captureContact(page, { channel: 'CHAT' });
  await written.waitFor({ timeout: 5000 });
  const { body: config } = await world.api('GET', '/v1/programs/live-2026/config', { token: world.tokens.observer });
  const applies = (c, ch) => !c.channels || c.channels.includes(ch);
  assert.equal(await page.getByRole('group').count(), config.criteria.filter((c) => applies(c, 'CHAT')).length);
  await page.getByLabel('Channel', { exact: true }).selectOption('PHONE');
  await written.waitFor({ state: 'detached', timeout: 5000 });
  assert.equal(await page.getByRole('group').count(), config.criteria.filter((c) => applies(c, 'PHONE')).length);
  for (const c of config.criteria.filter((c) => applies(c, 'PHONE'))) {
    assert.equal(await page.getByRole('group', { name: c.question }).count(), 1, c.question);
  }
  await screenshot(page, '05-phone-ratings');
  await context.close();
});

test('a program that lists contact types offers them, and the chosen one is stored', async () => {
  const reg = sampleRegister();
  const listed = { ...reg.programs[0], scenarios: [
    { id: 'switch-provider', name: 'Switching provider' }, { id: 'billing', name: 'Billing question' }] };
  assert.equal((await world.api('PUT', '/v1/programs', { token: world.tokens.admin, body: { programs: [listed] } })).status, 200);
  const { context, page } = await world.newPage();
  try {
    await signIn(page);
    const scenario = page.getByLabel('Scenario', { exact: true });
    assert.deepEqual(await scenario.locator('option').allTextContents(),
      ['None of these', 'Switching provider', 'Billing question']);
    await captureContact(page, { company: 'Fjordbank', comment: 'a billing question' });
    await scenario.selectOption({ label: 'Billing question' });
    await screenshot(page, '05b-contact-type');
    await page.getByRole('button', { name: 'Submit' }).click();
    await eventually(async () => (await rowsWithComment('a billing question')).length === 1, 10000);
    assert.equal((await rowsWithComment('a billing question'))[0].observation.scenario, 'billing');
  } finally {
    await world.api('PUT', '/v1/programs', { token: world.tokens.admin, body: { programs: reg.programs } });
    await context.close();
  }
});

test('a field error from the server is shown beside its field', async () => {
  const { context, page } = await world.newPage();
  await signIn(page);
  await captureContact(page, { company: 'Fjordbank', comment: 'refused by the server' });
  // The program's period ends after the page loaded it: only the server knows.
  const reg = sampleRegister();
  const ended = { ...reg.programs[0], periodEnd: new Date(Date.now() - 24 * 3600 * 1000).toISOString() };
  assert.equal((await world.api('PUT', '/v1/programs', { token: world.tokens.admin, body: { programs: [ended] } })).status, 200);
  try {
    await page.getByRole('button', { name: 'Submit' }).click();
    const error = page.locator('.field-error:not([hidden])').filter({ hasText: 'outside the period' });
    await error.waitFor({ timeout: 10000 });
    const id = await error.getAttribute('id');
    const owner = page.locator(`[aria-describedby~="${id}"]`);
    assert.equal(await owner.count(), 1);
    assert.equal(await owner.getAttribute('aria-invalid'), 'true');
    assert.equal(await owner.getAttribute('id'), await page.getByLabel('Started at, attempt 1').getAttribute('id'));
    await screenshot(page, '06-server-field-error');
    assert.equal((await rowsWithComment('refused by the server')).length, 0);
    assert.equal(await queued(page).textContent(), 'Queued: 0');  // refused, not queued
  } finally {
    await world.api('PUT', '/v1/programs', { token: world.tokens.admin, body: { programs: reg.programs } });
  }
  await context.close();
});

test('contacts submitted offline survive a reload and are stored once each when back online', async () => {
  const { context, page } = await world.newPage();
  await signIn(page);
  await waitForServiceWorker(page);
  await goOffline(context);
  for (const comment of ['offline one', 'offline two']) {
    await captureContact(page, { comment });
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('status').filter({ hasText: 'queued' }).waitFor({ timeout: 10000 });
  }
  await queued(page).filter({ hasText: 'Queued: 2' }).waitFor({ timeout: 5000 });
  await page.reload();  // the service worker serves the app; the outbox is in IndexedDB
  await queued(page).filter({ hasText: 'Queued: 2' }).waitFor({ timeout: 10000 });
  await queued(page).click();
  await page.getByRole('heading', { name: 'Queue' }).waitFor();
  assert.equal(await page.getByRole('listitem').count(), 2);
  await screenshot(page, '07-queue-offline');
  assert.equal((await rowsWithComment('offline one')).length, 0);
  await goOnline(context);
  await queued(page).filter({ hasText: 'Queued: 0' }).waitFor({ timeout: 30000 });
  for (const comment of ['offline one', 'offline two']) {
    const rows = await rowsWithComment(comment);
    assert.equal(rows.length, 1, comment);
  }
  await context.close();
});

test('a draft survives a reload', async () => {
  const { context, page } = await world.newPage();
  await signIn(page);
  await page.getByLabel('Company', { exact: true }).fill('Fjordbank');
  await page.getByLabel('Channel', { exact: true }).selectOption('CHAT');
  await page.getByLabel('Scenario').fill('new-customer-loan');
  await page.getByRole('button', { name: 'Start attempt' }).click();
  await page.waitForTimeout(200);
  await page.getByRole('button', { name: 'Not answered' }).click();
  await page.getByLabel('Comment').fill('half-finished');
  await page.reload();
  await page.getByRole('heading', { name: 'New contact' }).waitFor({ timeout: 10000 });
  assert.equal(await page.getByLabel('Company', { exact: true }).inputValue(), 'Fjordbank');
  assert.equal(await page.getByLabel('Channel', { exact: true }).inputValue(), 'CHAT');
  assert.equal(await page.getByLabel('Scenario').inputValue(), 'new-customer-loan');
  assert.equal(await page.getByLabel('Comment').inputValue(), 'half-finished');
  assert.equal(await page.getByLabel('Answered, attempt 1').isChecked(), false);
  await screenshot(page, '08-draft-after-reload');
  // A second attempt is offered on chat after an unanswered first.
  assert.equal(await page.getByRole('button', { name: 'Start attempt' }).count(), 1);
  await context.close();
});

// Submits a contact of obs-1 through the API and has the manager flag it.
async function flaggedContact(comment, note) {
  const id = crypto.randomUUID();
  const { status } = await world.api('POST', '/v1/observations', {
    token: world.tokens.observer,
    body: {
      submissionId: id, programId: 'live-2026', companyId: 'nordbank', channel: 'PHONE',
      attempts: [{ startedAt: new Date(Date.now() - 3600 * 1000).toISOString(), wait: '42s', answered: true }],
      ratings: { overall: 3 }, comment,
    },
  });
  assert.equal(status, 200);
  const review = await world.api('POST', `/v1/observations/${id}:review`, { body: { state: 'HAS_ISSUES', note } });
  assert.equal(review.status, 200);
  return id;
}

test('the observer corrects a contact the manager flagged, and the history holds both versions', async () => {
  const id = await flaggedContact('first words', 'Which branch did you call?');
  const { context, page } = await world.newPage();
  await signIn(page);
  await page.getByRole('link', { name: 'My contacts' }).click();
  const row = page.getByRole('listitem').filter({ hasText: 'Which branch did you call?' });
  await row.waitFor({ timeout: 10000 });
  assert.match(await row.textContent(), /Needs clarification/);
  await screenshot(page, '09-my-contacts');
  await row.getByRole('button', { name: 'Correct' }).click();
  await page.getByText('Correcting a contact (version 1)').waitFor({ timeout: 10000 });
  await page.getByLabel('Comment').fill('The Oslo branch, first words');
  await screenshot(page, '10-correction');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('status').filter({ hasText: 'version 2' }).waitFor({ timeout: 10000 });

  const { body } = await world.api('GET', `/v1/observations/${id}/versions`);
  assert.equal(body.versions.length, 2);
  assert.equal(body.versions[0].observation.comment, 'first words');
  assert.equal(body.versions[1].observation.comment, 'The Oslo branch, first words');
  const { body: latest } = await world.api('GET', `/v1/observations/${id}`);
  assert.equal(latest.reviewState, 'RECEIVED');
  assert.equal(latest.version, 2);
  await context.close();
});

test('a stale correction gets 409 with the latest version, in the API and in the app', async () => {
  const id = await flaggedContact('stale base', 'Please check the wait');
  const { context, page } = await world.newPage();
  await signIn(page);
  await page.getByRole('link', { name: 'My contacts' }).click();
  const row = page.getByRole('listitem').filter({ hasText: 'Please check the wait' });
  await row.getByRole('button', { name: 'Correct' }).click();
  await page.getByText('Correcting a contact (version 1)').waitFor({ timeout: 10000 });
  // Meanwhile the manager corrects it: version 2.
  const { body: current } = await world.api('GET', `/v1/observations/${id}`);
  const managerFix = await world.api('POST', `/v1/observations/${id}:correct`, {
    body: { baseVersion: 1, observation: { ...current.observation, comment: 'fixed by the manager' } },
  });
  assert.equal(managerFix.status, 200);
  const stale = await world.api('POST', `/v1/observations/${id}:correct`, {
    token: world.tokens.observer,
    body: { baseVersion: 1, observation: { ...current.observation, observerId: undefined, comment: 'late' } },
  });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.latest.version, 2);
  assert.equal(stale.body.latest.observation.comment, 'fixed by the manager');

  await page.getByLabel('Comment').fill('from the old copy');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByText('Someone changed this contact since you opened it.').waitFor({ timeout: 10000 });
  await screenshot(page, '11-stale-correction');
  const { body } = await world.api('GET', `/v1/observations/${id}/versions`);
  assert.equal(body.versions.length, 2);  // the stale one stored nothing
  await page.getByRole('button', { name: 'Load the latest version' }).click();
  await page.getByText('Correcting a contact (version 2)').waitFor({ timeout: 10000 });
  assert.equal(await page.getByLabel('Comment').inputValue(), 'fixed by the manager');
  await context.close();
});

// Writes an observation into the app's outbox (IndexedDB "msc", store "outbox") as if
// the app had queued it and the tab had closed before the answer came.
async function putInOutbox(page, observation) {
  await page.evaluate(async (observation) => {
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open('msc', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('outbox');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    await new Promise((resolve, reject) => {
      const tx = db.transaction('outbox', 'readwrite');
      tx.objectStore('outbox').put({ kind: 'submit', observation, queuedAt: new Date().toISOString(), tries: 0,
        nextTryAt: 0, lastError: '', state: 'waiting', observerId: 'obs-1' }, observation.submissionId);
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, observation);
}

function apiContact(comment) {
  return {
    submissionId: crypto.randomUUID(), programId: 'live-2026', companyId: 'fjordtel', channel: 'CHAT',
    attempts: [{ startedAt: new Date(Date.now() - 600 * 1000).toISOString(), wait: '30s', answered: true }],
    ratings: { overall: 4 }, comment,
  };
}

test('a queued contact the collector already stored comes back DUPLICATE and leaves the queue', async () => {
  const contact = apiContact('stored before the answer was lost');
  assert.equal((await world.api('POST', '/v1/observations', { token: world.tokens.observer, body: contact })).status, 200);
  const { context, page } = await world.newPage();
  await signIn(page);
  await putInOutbox(page, contact);
  await page.reload();
  await queued(page).filter({ hasText: 'Queued: 0' }).waitFor({ timeout: 10000 });
  assert.equal((await rowsWithComment('stored before the answer was lost')).length, 1);
  assert.equal(await page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('msc', 1);
    req.onsuccess = () => {
      const all = req.result.transaction('outbox').objectStore('outbox').getAll();
      all.onsuccess = () => resolve(all.result.length);
    };
  })), 0);
  await context.close();
});

test('a queued contact that conflicts with a stored one is shown and not retried', async () => {
  const contact = apiContact('the first version');
  const id = contact.submissionId;
  assert.equal((await world.api('POST', '/v1/observations', { token: world.tokens.observer, body: contact })).status, 200);
  const { context, page } = await world.newPage();
  await signIn(page);
  // The same id with other content waits in this browser's outbox (as after a crash
  // between two edits): the app must show the conflict, not retry it forever.
  await putInOutbox(page, { ...contact, comment: 'another version' });
  await page.reload();
  await queued(page).filter({ hasText: 'Queued: 1' }).waitFor({ timeout: 10000 });
  await queued(page).click();
  const item = page.getByRole('listitem').filter({ hasText: 'Conflict' });
  await item.waitFor({ timeout: 10000 });
  assert.match(await item.textContent(), /tries: 1/);
  await page.waitForTimeout(3000);  // longer than the first two backoff steps
  assert.match(await item.textContent(), /tries: 1/);
  await screenshot(page, '16-queue-conflict');
  const stored = await world.api('GET', `/v1/observations/${id}`);
  assert.equal(stored.body.observation.comment, 'the first version');
  await item.getByRole('button', { name: 'Remove' }).click();
  await queued(page).filter({ hasText: 'Queued: 0' }).waitFor({ timeout: 5000 });
  await context.close();
});

test('the app opens with the network cut after one visit', async () => {
  const { context, page } = await world.newPage();
  await signIn(page);
  await waitForServiceWorker(page);
  await goOffline(context);
  const again = await context.newPage();
  await again.goto(world.url + '/');
  await again.getByRole('heading', { name: 'New contact' }).waitFor({ timeout: 10000 });
  await again.getByText('Kari Nordmann (obs-1)').waitFor();
  assert.equal(await again.getByLabel('Company', { exact: true }).count(), 1);
  await screenshot(again, '12-offline-start');
  await context.close();
});

test('a revoked token sends the observer back to sign in with a clear message', async () => {
  const token = world.token('observer', 'obs-2');
  const { context, page } = await world.newPage();
  await signIn(page, token);
  // The newest token is the last row of `msc token list`: ID ROLE OBSERVER ...
  const rows = world.msc('token', 'list').trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/));
  const id = rows.filter((r) => r[2] === 'obs-2').map((r) => Number(r[0])).sort((a, b) => b - a)[0];
  world.msc('token', 'revoke', String(id));
  await page.reload();
  await page.getByText('Your sign-in is no longer valid').waitFor({ timeout: 10000 });
  assert.equal(await page.getByLabel('Token').count(), 1);
  await screenshot(page, '13-revoked');
  await context.close();
});

test('the form fits a 360 px screen without scrolling sideways', async () => {
  const { context, page } = await world.newPage({ width: 360, height: 740 });
  await signIn(page);
  await captureContact(page, { channel: 'CHAT' });
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  assert.ok(scroll <= width, `${scroll} px wide content in a ${width} px window`);
  await screenshot(page, '14-chat-360');
  await context.close();
});

test('a browser that prefers Norwegian gets the bokmål texts', async () => {
  const { context, page } = await world.newPage({ locale: 'nb-NO' });
  await page.goto(world.url + '/');
  await page.getByRole('button', { name: 'Logg inn' }).waitFor({ timeout: 10000 });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'nb');
  await page.getByLabel('Språk').selectOption('en');
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await screenshot(page, '15-language');
  await context.close();
});

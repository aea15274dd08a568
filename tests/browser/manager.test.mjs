// The manager pages in a real browser against a real collector (ISSUE 11's browser
// tests): progress, the review queue by protocol flag, review with a note that the
// observer sees, the HTML report download, and an observer kept out.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { World, eventually, screenshot, sampleRegister } from './harness.mjs';

let world;
before(async () => { world = await World.start(); });
after(async () => { await world?.stop(); });

async function signIn(page, token, heading) {
  await page.goto(world.url + '/');
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: heading, exact: true }).waitFor({ timeout: 10000 });
}

async function openPage(page, name) {
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, exact: true }).waitFor({ timeout: 10000 });
}

// The last Saturday and the last Tuesday before today, at 10:00 UTC (11:00 or 12:00
// in Oslo): inside the program's period, outside and inside the contact window.
function lastWeekday(day) {
  const d = new Date();
  d.setUTCHours(10, 0, 0, 0);
  do d.setUTCDate(d.getUTCDate() - 1); while (d.getUTCDay() !== day);
  return d.toISOString();
}

async function submit(company, startedAt, comment, channel = 'PHONE') {
  const body = {
    submissionId: crypto.randomUUID(), programId: 'live-2026', companyId: company, channel,
    attempts: [{ startedAt, wait: '20s', answered: true }], ratings: { overall: 4 }, comment,
  };
  const res = await world.api('POST', '/v1/observations', { token: world.tokens.observer, body });
  assert.equal(res.status, 200);
  return body.submissionId;
}

test('a manager sees the progress grid change after an observer submits', async () => {
  const { context, page } = await world.newPage({ width: 1100, height: 800 });
  await signIn(page, world.tokens.manager, 'Review');
  await openPage(page, 'Progress');
  const row = page.getByRole('row', { name: /^Fjordtel/ });
  await row.waitFor({ timeout: 10000 });
  const before = await row.textContent();
  assert.match(before, /0 \/ 10/);  // PHONE: none of the 10 planned yet
  await screenshot(page, '20-progress-before');
  await submit('fjordtel', lastWeekday(2), 'for the progress grid');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await eventually(async () => /1 \/ 10/.test(await row.textContent()), 10000, 'the grid to count it');
  await screenshot(page, '21-progress-after');
  await context.close();
});

test('the review queue filtered by a protocol flag lists exactly the flagged contacts', async () => {
  const flagged = [await submit('nordbank', lastWeekday(6), 'saturday one'),
    await submit('fjordbank', lastWeekday(6), 'saturday two')];
  await submit('nordbank', lastWeekday(2), 'a tuesday');
  const { body } = await world.api('GET', '/v1/observations?flag=OUTSIDE_CONTACT_WINDOW&page_size=1000');
  const expected = body.observations.map((s) => s.observation.submissionId).sort();
  assert.ok(flagged.every((id) => expected.includes(id)));
  const { context, page } = await world.newPage({ width: 1100, height: 800 });
  await signIn(page, world.tokens.manager, 'Review');
  await page.getByLabel('Flag', { exact: true }).selectOption('OUTSIDE_CONTACT_WINDOW');
  const rows = page.locator('.rv-row');
  await eventually(async () => (await rows.count()) === expected.length, 10000, 'the filtered list');
  for (let i = 0; i < expected.length; i++) {
    assert.match(await rows.nth(i).textContent(), /contact window/i);
  }
  // The Tuesday call is in the list only if it is flagged (that Tuesday a public holiday).
  const tuesday = (await world.observations()).find((s) => s.observation.comment === 'a tuesday');
  assert.equal(expected.includes(tuesday.observation.submissionId), (tuesday.flags || []).length > 0);
  await screenshot(page, '22-review-by-flag');
  await context.close();
});

test('a manager asks for clarification with a note, the observer sees it, and approves the fix', async () => {
  const id = await submit('fjordbank', lastWeekday(2), 'needs a question');
  const { context, page } = await world.newPage({ width: 1100, height: 800 });
  await signIn(page, world.tokens.manager, 'Review');
  await page.locator('.rv-row').filter({ hasText: 'Fjordbank' }).first().click();
  await page.getByLabel('Note to the observer').fill('Which branch did you call?');
  await screenshot(page, '23-review-detail');
  await page.getByRole('button', { name: 'Has issues', exact: true }).click();
  const mine = await eventually(async () => {
    const { body } = await world.api('GET', '/v1/observations?state=HAS_ISSUES', { token: world.tokens.observer });
    return (body.observations || []).find((s) => s.observation.submissionId === id);
  }, 10000, 'the observer to see the flagged contact');
  assert.equal(mine.reviewNote, 'Which branch did you call?');
  const fix = await world.api('POST', `/v1/observations/${id}:correct`, {
    token: world.tokens.observer,
    body: { baseVersion: 1, observation: { ...mine.observation, observerId: undefined, comment: 'Oslo branch' } },
  });
  assert.equal(fix.status, 200);
  await page.getByLabel('State', { exact: true }).selectOption('RECEIVED');
  const row = page.locator('.rv-row').filter({ hasText: 'Fjordbank' }).filter({ hasText: 'version 2' });
  await row.first().click();
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await eventually(async () => (await world.api('GET', `/v1/observations/${id}`)).body.reviewState === 'APPROVED',
    10000, 'the approval');
  assert.equal((await world.api('GET', `/v1/observations/${id}`)).body.version, 2);
  await context.close();
});

test('a corrected contact, once approved, changes the live ranking', async () => {
  const tuesday = lastWeekday(2);
  const submitRated = async (company, overall, comment) => {
    const body = {
      submissionId: crypto.randomUUID(), programId: 'live-2026', companyId: company, channel: 'PHONE',
      attempts: [{ startedAt: tuesday, wait: '20s', answered: true }], ratings: { overall }, comment,
    };
    assert.equal((await world.api('POST', '/v1/observations', { token: world.tokens.observer, body })).status, 200);
    return body.submissionId;
  };
  // Enough contacts for both to be ranked; Fjordtel's one poor rating puts it second.
  for (let i = 0; i < 11; i++) await submitRated('nordbank', 4, `nordbank ${i}`);
  for (let i = 0; i < 10; i++) await submitRated('fjordtel', 4, `fjordtel ${i}`);
  const poor = await submitRated('fjordtel', 1, 'rated 1 by mistake');
  const { context, page } = await world.newPage({ width: 1100, height: 800 });
  await signIn(page, world.tokens.manager, 'Review');
  await openPage(page, 'Results');
  const ranking = page.getByRole('table', { name: 'All industries (overall)' });
  const leader = async () => {
    await page.getByLabel('Industry', { exact: true }).selectOption({ label: 'All industries (overall)' });
    return ranking.locator('tbody tr').first().locator('th').textContent();
  };
  await page.getByLabel('Industry', { exact: true }).waitFor({ timeout: 15000 });
  assert.equal(await leader(), 'Nordbank');
  await screenshot(page, '25-results-before-approval');
  // Sent back with a note; the observer corrects the rating; the manager approves.
  assert.equal((await world.api('POST', `/v1/observations/${poor}:review`,
    { body: { state: 'HAS_ISSUES', note: 'Was it really a 1?' } })).status, 200);
  const mine = (await world.api('GET', `/v1/observations/${poor}`, { token: world.tokens.observer })).body;
  assert.equal(mine.reviewNote, 'Was it really a 1?');
  const fix = await world.api('POST', `/v1/observations/${poor}:correct`, {
    token: world.tokens.observer,
    body: { baseVersion: 1, observation: { ...mine.observation, observerId: undefined, ratings: { overall: 6 } } },
  });
  assert.equal(fix.status, 200);
  await openPage(page, 'Review');
  await page.getByLabel('State', { exact: true }).selectOption('RECEIVED');
  await page.locator('.rv-row').filter({ hasText: 'Fjordtel' }).filter({ hasText: 'version 2' }).first().click();
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await eventually(async () => (await world.api('GET', `/v1/observations/${poor}`)).body.reviewState === 'APPROVED',
    10000, 'the approval');
  await openPage(page, 'Results');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await eventually(async () => (await leader()) === 'Fjordtel', 15000, 'Fjordtel to lead the ranking');
  await screenshot(page, '26-results-after-approval');
  await context.close();
});

test('the HTML report downloads from the results page and opens', async () => {
  const { context, page } = await world.newPage({ width: 1100, height: 800 });
  await signIn(page, world.tokens.manager, 'Review');
  await openPage(page, 'Results');
  const link = page.getByRole('link', { name: 'Download HTML report' });
  await link.waitFor({ timeout: 15000 });
  await screenshot(page, '24-results');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const html = readFileSync(await download.path(), 'utf8');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /Kundeservice live/);
  const report = await context.newPage();
  await report.setContent(html);
  assert.ok((await report.locator('h1').count()) >= 1);
  assert.ok(await page.getByRole('link', { name: 'Download CSV' }).count() === 1);
  await context.close();
});

test('an observer token cannot open the manager pages: 403 from the API, and the page says so', async () => {
  assert.equal((await world.api('GET', '/v1/programs/live-2026/progress', { token: world.tokens.observer })).status, 403);
  assert.equal((await world.api('GET', '/v1/observers', { token: world.tokens.observer })).status, 403);
  const { context, page } = await world.newPage();
  await signIn(page, world.tokens.observer, 'New contact');
  await page.goto(world.url + '/#/progress');
  await page.getByText('This page needs a manager or admin token').waitFor({ timeout: 10000 });
  await screenshot(page, '25-observer-on-progress');
  await context.close();
});

test('once the program lists contact types, the results page shows each with its figures', async () => {
  const reg = sampleRegister();
  const listed = { ...reg.programs[0], scenarios: [
    { id: 'switch-provider', name: 'Switching provider' }, { id: 'billing', name: 'Billing question' }] };
  assert.equal(listed.id, 'live-2026');
  assert.equal((await world.api('PUT', '/v1/programs', { token: world.tokens.admin, body: { programs: [listed] } })).status, 200);
  const { context, page } = await world.newPage({ width: 1100, height: 800 });
  try {
    const tuesday = lastWeekday(2);
    for (const overall of [6, 4]) {
      const body = {
        submissionId: crypto.randomUUID(), programId: 'live-2026', companyId: 'nordbank', channel: 'PHONE',
        scenario: 'billing', attempts: [{ startedAt: tuesday, wait: '20s', answered: true }], ratings: { overall },
      };
      assert.equal((await world.api('POST', '/v1/observations', { token: world.tokens.observer, body })).status, 200);
    }
    await signIn(page, world.tokens.manager, 'Review');
    await openPage(page, 'Results');
    const table = page.getByRole('table', { name: 'Contact types' });
    await table.waitFor({ timeout: 15000 });
    const row = (name) => table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    // Contacts, then the index: overall 6 and 4 score 100 and 60, the mean 80.0.
    const billing = await row('Billing question').locator('td').allTextContents();
    assert.equal(billing[1], '2');
    assert.equal(billing[2], '80.0');
    assert.equal((await row('Switching provider').locator('td').allTextContents())[1], '0');
    await table.scrollIntoViewIfNeeded();
    await screenshot(page, '27-results-contact-types');
  } finally {
    await world.api('PUT', '/v1/programs', { token: world.tokens.admin, body: { programs: reg.programs } });
    await context.close();
  }
});

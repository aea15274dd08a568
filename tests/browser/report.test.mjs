// The HTML award report (msc award --format html) in a real browser: every chart's
// text (the rank-set chart's too) is drawn at 12 px or more, at a 1,100 px window and
// on a 390 px phone, and the charts stack on the phone without widening the page. The
// same for a report compared with another program (msc award --compare) and its
// movers chart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { World, artifacts } from './harness.mjs';

let world;
let reportUrl;
let comparedUrl;
before(async () => {
  world = await World.start();
  // The demo program, submitted through the collector, then the award as HTML.
  world.msc('--url', world.url, '--token', world.tokens.admin, 'demo');
  const file = join(world.dir, 'award.html');
  world.msc('award', '--program', 'kundeservice-2026', '--format', 'html', '--out', file);
  reportUrl = pathToFileURL(file).href;
  // The live program, half way through its fieldwork, compared with the full one.
  world.msc('--url', world.url, '--token', world.tokens.admin, 'demo', '--live');
  const compared = join(world.dir, 'compared.html');
  world.msc('award', '--program', 'demo-live', '--compare', 'kundeservice-2026', '--format', 'html',
    '--out', compared);
  comparedUrl = pathToFileURL(compared).href;
});
after(async () => { await world?.stop(); });

// Per chart: its label, how many texts it has, the smallest text's rendered size in
// CSS pixels (font size times the chart's scale on screen) and the texts cut off by
// the chart's edges (a label wider than the room left for it).
async function chartTexts(page) {
  return page.evaluate(() => [...document.querySelectorAll('svg.chart')].map((svg) => {
    const texts = [...svg.querySelectorAll('text')];
    const sizes = texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
    const box = svg.getBoundingClientRect();
    const clipped = texts.filter((t) => {
      const r = t.getBoundingClientRect();
      return r.left < box.left - 0.5 || r.right > box.right + 0.5;
    }).map((t) => t.textContent);
    return { chart: svg.getAttribute('aria-label'), texts: sizes.length, smallest: Math.min(...sizes), clipped };
  }));
}

for (const [width, height, name] of [[1100, 900, 'desktop'], [390, 844, 'phone']]) {
  test(`every chart's text is at least 12 px on a ${width} px screen`, async () => {
    const { context, page } = await world.newPage({ width, height });
    await page.goto(reportUrl);
    const charts = await chartTexts(page);
    assert.ok(charts.length >= 8, `charts found: ${charts.length}`);
    assert.ok(charts.some((c) => c.chart.startsWith('Top industries')), 'the top-industries charts');
    assert.ok(charts.some((c) => c.chart.startsWith('Rank sets')), 'the rank-set chart');
    assert.ok(charts.some((c) => c.chart.startsWith('Index per contact type')), 'the contact-type chart');
    for (const c of charts) {
      assert.ok(c.texts > 0, `${c.chart}: no text`);
      assert.ok(c.smallest >= 12, `${c.chart}: text ${c.smallest.toFixed(1)} px`);
      assert.deepEqual(c.clipped, [], `${c.chart}: text cut off by the chart's edge`);
    }
    // The top-industries section as drawn (a full page of this report is too tall to look at).
    await page.locator('section[aria-labelledby="top"]').screenshot({ path: join(artifacts, `report-top-${name}.png`) });
    await page.locator('section[aria-labelledby="ranksets"]').screenshot({ path: join(artifacts, `report-ranksets-${name}.png`) });
    await page.locator('section[aria-labelledby="scenarios"]').screenshot({ path: join(artifacts, `report-scenarios-${name}.png`) });
    await context.close();
  });
}

for (const [width, height, name] of [[1100, 900, 'desktop'], [390, 844, 'phone']]) {
  test(`a compared report's charts, the movers chart too, have text of 12 px or more on a ${width} px screen`, async () => {
    const { context, page } = await world.newPage({ width, height });
    await page.goto(comparedUrl);
    const charts = await chartTexts(page);
    const movers = charts.filter((c) => c.chart.startsWith('Largest gains and falls'));
    assert.equal(movers.length, 1, `charts: ${charts.map((c) => c.chart).join('; ')}`);
    assert.ok(movers[0].texts >= 4, `movers chart texts: ${movers[0].texts}`);
    for (const c of charts) {
      assert.ok(c.texts > 0, `${c.chart}: no text`);
      assert.ok(c.smallest >= 12, `${c.chart}: text ${c.smallest.toFixed(1)} px`);
    }
    // The movers chart stays inside the page; a wide one scrolls inside its figure.
    const overflow = await page.evaluate(() =>
      [...document.querySelectorAll('figure')].some((f) => f.getBoundingClientRect().right > window.innerWidth));
    assert.equal(overflow, false);
    await page.locator('section[aria-labelledby="yoy"] figure').screenshot({ path: join(artifacts, `report-movers-${name}.png`) });
    await context.close();
  });
}

test('the movers table gives each arrow a word for screen readers', async () => {
  const { context, page } = await world.newPage({ width: 1100, height: 900 });
  await page.goto(comparedUrl);
  const cells = await page.evaluate(() => [...document.querySelectorAll('section[aria-labelledby="yoy"] td span[aria-hidden="true"]')]
    .map((arrow) => ({ arrow: arrow.textContent, word: arrow.nextElementSibling?.textContent })));
  assert.ok(cells.some((c) => c.arrow === '▲' && c.word === 'up'), 'a gain');
  assert.ok(cells.some((c) => c.arrow === '▼' && c.word === 'down'), 'a fall');
  for (const c of cells) assert.ok(['up', 'down', 'unchanged'].includes(c.word), JSON.stringify(c));
  // The word is read, not shown.
  const shown = await page.locator('section[aria-labelledby="yoy"] .sr-only').first().boundingBox();
  assert.ok(shown.width <= 1 && shown.height <= 1);
  await context.close();
});

test('on a phone the top-industries charts stack and the page does not scroll sideways', async () => {
  const { context, page } = await world.newPage({ width: 390, height: 844 });
  await page.goto(reportUrl);
  const boxes = await page.evaluate(() => [...document.querySelectorAll('svg.chart')]
    .filter((svg) => svg.getAttribute('aria-label').startsWith('Top industries'))
    .map((svg) => { const r = svg.closest('figure').getBoundingClientRect(); return { left: r.left, top: r.top, width: r.width }; }));
  assert.ok(boxes.length >= 2);
  for (let i = 1; i < boxes.length; i++) {
    assert.equal(boxes[i].left, boxes[0].left);
    assert.ok(boxes[i].top > boxes[i - 1].top);
  }
  for (const b of boxes) assert.ok(b.width <= 390);
  const overflow = await page.evaluate(() =>
    [...document.querySelectorAll('figure')].some((f) => f.getBoundingClientRect().right > window.innerWidth));
  assert.equal(overflow, false);
  await context.close();
});

test('the rank-set chart draws one bar per company with its rank and set, as "2 (1-4)"', async () => {
  const { context, page } = await world.newPage({ width: 1100, height: 900 });
  await page.goto(reportUrl);
  const rows = await page.evaluate(() => {
    const svg = [...document.querySelectorAll('svg.chart')]
      .find((s) => s.getAttribute('aria-label').startsWith('Rank sets'));
    return [...svg.querySelectorAll('g')].map((g) => ({
      bar: g.querySelector('rect').getBoundingClientRect().width,
      value: g.querySelector('text.value').textContent,
    }));
  });
  assert.ok(rows.length >= 2 && rows.length <= 15, `rows: ${rows.length}`);
  for (const r of rows) {
    assert.match(r.value, /^\d+ \(\d+-\d+\)$/);
    assert.ok(r.bar > 0);
  }
  await context.close();
});

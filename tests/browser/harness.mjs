// The browser tests' world: a real msc-collector on a loopback port over a fresh
// database (register, tokens), Debian's chromium driven by playwright-core, and an
// API client for checking what the collector stored. Everything it starts stops in
// stop(); every wait is bounded.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const collectorBinary = required('MSC_COLLECTOR');
const cliBinary = required('MSC_CLI');
export const artifacts = process.env.MSC_ARTIFACTS || join(tmpdir(), 'msc-browser-artifacts');
mkdirSync(artifacts, { recursive: true });

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests through ctest`);
  return value;
}

const day = 24 * 3600 * 1000;

// A program whose period contains today, so that a contact timed now counts.
export function sampleRegister(now = Date.now()) {
  return {
    industries: [
      { id: 'bank', name: 'Bank' },
      { id: 'telecom', name: 'Telecom' },
    ],
    companies: [
      { id: 'nordbank', name: 'Nordbank', industryId: 'bank' },
      { id: 'fjordbank', name: 'Fjordbank', industryId: 'bank' },
      { id: 'fjordtel', name: 'Fjordtel', industryId: 'telecom' },
    ],
    observers: [
      { id: 'obs-1', name: 'Kari Nordmann', active: true },
      { id: 'obs-2', name: 'Ola Hansen', active: true },
    ],
    programs: [
      {
        id: 'live-2026',
        name: 'Kundeservice live',
        periodStart: new Date(now - 30 * day).toISOString(),
        periodEnd: new Date(now + 60 * day).toISOString(),
      },
    ],
  };
}

export class World {
  static async start() {
    const w = new World();
    w.dir = mkdtempSync(join(tmpdir(), 'msc-browser-'));
    w.db = join(w.dir, 'msc.db');
    const reg = join(w.dir, 'register.json');
    writeFileSync(reg, JSON.stringify(sampleRegister()));
    w.msc('register', 'import', reg);
    w.tokens = {
      observer: w.token('observer', 'obs-1'),
      observer2: w.token('observer', 'obs-2'),
      manager: w.token('manager'),
      admin: w.token('admin'),
    };
    await w.startCollector();
    w.browser = await chromium.launch({
      executablePath: process.env.MSC_CHROMIUM || '/usr/bin/chromium',
      headless: true,
      // Debian's chromium as root needs --no-sandbox; the rest keep it off the
      // (closed) network: no background updates, sync or QUIC probes.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    return w;
  }

  msc(...args) {
    return execFileSync(cliBinary, ['--db', this.db, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  token(role, observer) {
    const args = ['token', 'create', '--role', role, '--label', `browser-${role}`];
    if (observer) args.push('--observer', observer);
    return this.msc(...args).trim().split('\n').pop();
  }

  async startCollector() {
    this.collector = spawn(collectorBinary, ['--db', this.db, '--listen', '127.0.0.1:0', '--no-access-log'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: this.collector.stdout });
    const first = await withTimeout(new Promise((resolve, reject) => {
      lines.once('line', resolve);
      this.collector.once('exit', (code) => reject(new Error(`msc-collector exited with ${code}`)));
    }), 10000, 'the collector did not start');
    const m = /(\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(first);
    if (!m) throw new Error(`unexpected first line from the collector: ${first}`);
    this.url = `http://${m[1]}:${m[2]}`;
  }

  // A fresh browser context (its own storage) with a phone-sized window, in English.
  async newPage({ width = 390, height = 844, locale = 'en-US' } = {}) {
    const context = await this.browser.newContext({ viewport: { width, height }, locale });
    const page = await context.newPage();
    page.on('pageerror', (e) => { (page.errors ||= []).push(String(e)); });
    return { context, page };
  }

  async api(method, path, { token = this.tokens.manager, body } = {}) {
    const res = await fetch(this.url + path, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : {} };
  }

  // Every stored observation (latest versions), oldest first.
  async observations() {
    const all = [];
    let token = '';
    for (let page = 0; page < 100; page++) {
      const q = `/v1/observations?page_size=1000${token ? `&page_token=${token}` : ''}`;
      const { status, body } = await this.api('GET', q);
      if (status !== 200) throw new Error(`GET ${q}: ${status}`);
      all.push(...(body.observations || []));
      token = body.nextPageToken || '';
      if (!token) break;
    }
    return all;
  }

  async stop() {
    await this.browser?.close().catch(() => {});
    if (this.collector && this.collector.exitCode === null) {
      this.collector.kill('SIGTERM');
      await withTimeout(new Promise((r) => this.collector.once('exit', r)), 10000, 'collector stop')
        .catch(() => this.collector.kill('SIGKILL'));
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms); }),
  ]);
}

// Polls `check` (async, returning a truthy value when done) every 100 ms for at most ms.
export async function eventually(check, ms, what) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not within ${ms} ms: ${what} (last: ${last})`);
}

// A full-page screenshot resizes the window for a moment; Chromium then scrolls a
// focused text field back into view at the next click, which moves the page under the
// pointer. So focus leaves the field for the picture and comes back after it.
export async function screenshot(page, name) {
  const focused = await page.evaluateHandle(() => document.activeElement);
  await page.evaluate(() => document.activeElement?.blur?.());
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  await focused.evaluate((el) => el?.focus?.());
  await focused.dispose();
}

// Seconds of a protobuf JSON Duration ("12.345s").
export function seconds(duration) {
  return Number(String(duration || '0s').replace(/s$/, ''));
}

// Shared by the browser tests: Debian's Chromium through playwright-core (never a downloaded browser), axe-core checks,
// screenshots, and a tiny assertion helper. Every test prints "PASS <name>" at the end; anything else is a failure.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
};

export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

/** Headless Debian Chromium with a fresh profile; the returned context records console errors (CSP violations...). */
export async function browser() {
  const profile = mkdtempSync(join(tmpdir(), 'sluice-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  const problems = [];
  const watch = (page) => {
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`${page.url()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    page: context.pages()[0] ?? (await context.newPage()),
    /** Console errors other than expected HTTP answers (e.g. a 401 before login is not an error of the page). */
    problems: () => problems.filter((p) => !/Failed to load resource: the server responded with a status of (401|403|409|429)/.test(p)),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Runs axe-core on the page and fails on serious or critical violations. */
export async function axe(page, label) {
  // page.evaluate is not subject to the page's Content-Security-Policy, so the pages keep theirs.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = result.filter((v) => !serious.includes(v));
  if (minor.length > 0) console.log(`axe ${label}: minor: ${minor.map((v) => `${v.id} (${v.impact})`).join(', ')}`);
  check(serious.length === 0, `axe found serious violations on ${label}: ${JSON.stringify(serious, null, 1)}`);
  console.log(`axe ${label}: no serious violations`);
}

export async function screenshot(page, name) {
  const dir = env('SCREENSHOTS_DIR');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** Polls until fn returns a truthy value (bounded; never a fixed sleep as the condition). */
export async function until(what, fn, timeoutMs = 20_000, everyMs = 200) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

export async function login(page, url, email, password) {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

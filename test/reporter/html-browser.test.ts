// The HTML report opened in a real Chromium: sections visible, no errors, no alerts, no network, copy works.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report-types.js';
import { renderHtml } from '../../src/reporter/html.js';
import { hostileReport, HOSTILE, sampleReport } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const SECTIONS = ['status', 'findings', 'environments', 'interpreters', 'targets', 'unit-errors', 'run'];
const SCREENSHOT = '/tmp/report-screenshot.png';

let browser: Browser;
let dir: string;

interface Visit {
  page: Page;
  context: BrowserContext;
  url: string;
  requests: string[];
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: the HTML report browser tests need Debian's chromium (as root: apt-get update && apt-get install -y chromium).`);
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  dir = mkdtempSync(path.join(tmpdir(), 'debug-tts-html-'));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function visit(name: string, report: Report, options: BrowserContextOptions = {}): Promise<Visit> {
  const file = path.join(dir, `${name}.html`);
  writeFileSync(file, renderHtml(report));
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const v: Visit = { page: await context.newPage(), context, url, requests: [], consoleErrors: [], pageErrors: [], dialogs: [] };
  // Context-wide, so a request from any frame or worker would be seen too.
  context.on('request', (r) => v.requests.push(r.url()));
  v.page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') v.consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  v.page.on('pageerror', (e) => v.pageErrors.push(String(e)));
  v.page.on('dialog', (d) => {
    v.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await v.page.goto(url, { waitUntil: 'load' });
  return v;
}

async function expectSectionsVisible(page: Page): Promise<void> {
  expect(await page.locator('[data-section]').evaluateAll((els) => els.map((e) => e.getAttribute('data-section')))).toEqual(SECTIONS);
  for (const id of SECTIONS) {
    const section = page.locator(`[data-section="${id}"]`);
    expect(await section.isVisible(), `section ${id} visible`).toBe(true);
    const box = await section.boundingBox();
    expect(box?.height ?? 0, `section ${id} has height`).toBeGreaterThan(20);
    expect((await section.innerText()).trim().length, `section ${id} has text`).toBeGreaterThan(3);
  }
}

function expectQuiet(v: Visit): void {
  expect(v.consoleErrors).toEqual([]);
  expect(v.pageErrors).toEqual([]);
  expect(v.dialogs).toEqual([]);
  expect(v.requests).toEqual([v.url]);
}

describe('HTML report in Chromium', () => {
  it('renders the sample report: every section, no errors, no network', async () => {
    const v = await visit('sample', sampleReport());
    await expectSectionsVisible(v.page);
    expect(await v.page.title()).toBe('Problems · debug-tts · torch cannot be imported (and 2 more problems).');
    expect(await v.page.locator('#findings .finding').count()).toBe(4);
    expect(await v.page.locator('#findings .finding h3').first().innerText()).toBe('torch cannot be imported');
    expect(await v.page.locator('button.copy:visible').count()).toBe(4);
    await v.page.screenshot({ path: SCREENSHOT, fullPage: true });
    expectQuiet(v);
    await v.context.close();
  });

  it('shows hostile report text as text: no alert, no injected elements, no network', async () => {
    const v = await visit('hostile', hostileReport());
    await expectSectionsVisible(v.page);
    await v.page.locator('[data-section="findings"]').hover();
    await v.page.locator('.fix-title').first().hover();
    await v.page.waitForTimeout(200);
    expect(await v.page.locator('script').count()).toBe(1);
    expect(await v.page.locator('img, [onerror], [onmouseover], iframe, object, embed').count()).toBe(0);
    const findings = await v.page.locator('#findings').innerText();
    expect(findings).toContain(HOSTILE.script);
    expect(findings).toContain(HOSTILE.img);
    expect(findings).toContain(HOSTILE.attr);
    expect(findings).toContain(HOSTILE.mustache);
    expectQuiet(v);
    await v.context.close();
  });

  it('copies a fix command to the clipboard', async () => {
    const v = await visit('copy', sampleReport());
    await v.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const cmd = v.page.locator('.cmd').filter({ hasText: 'apt-get install -y espeak-ng' });
    await cmd.locator('button.copy').click();
    await expect.poll(() => cmd.locator('button.copy').innerText()).toBe('Copied');
    // A string expression: tsconfig has no DOM lib, and this runs in the page anyway.
    expect(await v.page.evaluate<string>('navigator.clipboard.readText()')).toBe('sudo apt-get install -y espeak-ng');
    expectQuiet(v);
    await v.context.close();
  });

  it('works with scripts off: sections visible, copy buttons hidden, commands still there', async () => {
    const v = await visit('noscript', sampleReport(), { javaScriptEnabled: false });
    await expectSectionsVisible(v.page);
    expect(await v.page.locator('button.copy:visible').count()).toBe(0);
    expect(await v.page.locator('.cmd code').first().isVisible()).toBe(true);
    expectQuiet(v);
    await v.context.close();
  });
});

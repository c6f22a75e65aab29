// The HTML report opened in a real Chromium: sections visible, no errors, no alerts, no network, copy works.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report-types.js';
import { renderHtml } from '../../src/reporter/html.js';
import { STAGE_NAMES } from '../../src/core/report-types.js';
import { emptyReport, hostileReport, HOSTILE, sampleReport } from './fixtures.js';
import { crashedTarget } from './target-fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
// The sample and hostile reports have recommendations, so that section shows too. In page order:
// the verdict, what to do first and the targets before the findings and the environment detail.
const SECTIONS = ['status', 'recommendations', 'targets', 'findings', 'environments', 'interpreters', 'unit-errors', 'run'];
const SCREENSHOT = '/tmp/report-screenshot.png';
const TARGETS_SCREENSHOT = '/tmp/report-targets-screenshot.png';

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

/** Every target shows its stage rows in order and a drawn, visible memory chart. */
async function expectTargetsVisible(page: Page, n: number): Promise<void> {
  const targets = page.locator('#targets article.target');
  expect(await targets.count()).toBe(n);
  for (let i = 0; i < n; i += 1) {
    const t = targets.nth(i);
    expect(await t.locator('tbody[data-stage]').evaluateAll((els) => els.map((e) => e.getAttribute('data-stage')))).toEqual([...STAGE_NAMES]);
    for (const row of await t.locator('tr.stage-row').all()) expect(await row.isVisible()).toBe(true);
    const chart = t.locator('svg.memory-chart');
    expect(await chart.isVisible(), `chart ${i + 1} visible`).toBe(true);
    const box = await chart.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(600);
    expect(box?.height ?? 0).toBeGreaterThan(120);
    expect(await chart.locator('text', { hasText: 'time (s)' }).isVisible()).toBe(true);
    expect(await chart.locator('text', { hasText: 'memory (MiB)' }).isVisible()).toBe(true);
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
    expect(await v.page.locator('#findings button.copy:visible').count()).toBe(4);
    const report = sampleReport();
    const recommendedCommands = report.recommendations.filter((r) => r.fix.kind === 'command').length;
    expect(recommendedCommands).toBeGreaterThan(0);
    expect(await v.page.locator('#recommendations button.copy:visible').count()).toBe(recommendedCommands);
    await expectTargetsVisible(v.page, 4);
    await v.page.screenshot({ path: SCREENSHOT, fullPage: true });
    await v.page.locator('#targets').screenshot({ path: TARGETS_SCREENSHOT });
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
    await expectTargetsVisible(v.page, 4);
    expect(await v.page.locator('svg script, svg foreignObject, svg a, svg image').count()).toBe(0);
    expect(await v.page.locator('#target-1 svg.memory-chart').getAttribute('aria-label')).toContain(HOSTILE.img);
    expect(await v.page.locator('#target-1 .target-id').innerText()).toBe(HOSTILE.img);
    const findings = await v.page.locator('#findings').innerText();
    expect(findings).toContain(HOSTILE.script);
    expect(findings).toContain(HOSTILE.img);
    expect(findings).toContain(HOSTILE.attr);
    expect(findings).toContain(HOSTILE.mustache);
    expectQuiet(v);
    await v.context.close();
  });

  it('draws the chart: a line, the peak and a band and label per stage that ran', async () => {
    const v = await visit('chart', sampleReport());
    const chart = v.page.locator('#target-2 svg.memory-chart');
    const line = await chart.locator('path.mc-line').boundingBox();
    expect(line?.width ?? 0).toBeGreaterThan(500);
    expect(line?.height ?? 0).toBeGreaterThan(60);
    expect(await chart.locator('.mc-peak-label').textContent()).toBe('peak 3,652 MiB');
    expect(await chart.locator('.mc-peak-label').isVisible()).toBe(true);
    expect(await chart.locator('rect.mc-band').count()).toBe(6);
    expect(await chart.locator('.mc-stage-label').evaluateAll((els) => els.map((e) => e.firstChild?.textContent))).toEqual(STAGE_NAMES.slice(0, 6));
    // Stage labels drawn in the same row never overlap.
    const boxes = await chart.locator('.mc-stage-label').evaluateAll((els) => els.map((e) => (e as unknown as { getBBox(): { x: number; y: number; width: number } }).getBBox()).map((b) => ({ x: b.x, y: b.y, w: b.width })));
    for (const a of boxes) for (const b of boxes) if (a !== b && a.y === b.y) expect(a.x + a.w <= b.x || b.x + b.w <= a.x).toBe(true);
    // The failed stage's traceback is folded until asked for.
    const trace = v.page.locator('#target-2 details.trace pre');
    expect(await trace.isVisible()).toBe(false);
    await v.page.locator('#target-2 details.trace summary').click();
    expect(await trace.isVisible()).toBe(true);
    expect(await v.page.locator('#target-3 details.trace pre').first().isVisible()).toBe(true); // a crash's stderr is open
    expectQuiet(v);
    await v.context.close();
  });

  it('fits phone screens (390 and 360 px): no horizontal scroll of the page, wide tables scroll inside their box, chart labels apart', async () => {
    for (const [name, report, width] of [['sample', sampleReport(), 390], ['hostile', hostileReport(), 390], ['sample', sampleReport(), 360]] as const) {
      const v = await visit(`narrow-${name}-${width}`, report, { viewport: { width, height: 844 } });
      if (width === 390 && name === 'sample') await v.page.screenshot({ path: '/tmp/report-390.png', fullPage: false });
      // Elements that stick out of the viewport on the right, outside any box that scrolls them.
      const fit = (await v.page.evaluate(`(() => {
        const doc = document.documentElement;
        const scrollsInside = (el) => {
          for (let e = el.parentElement; e; e = e.parentElement) {
            const ox = getComputedStyle(e).overflowX;
            if ((ox === 'auto' || ox === 'scroll' || ox === 'hidden') && e !== document.body && e !== doc) return true;
          }
          return false;
        };
        const out = [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().right > window.innerWidth + 1 && !scrollsInside(e))
          .map((e) => e.tagName.toLowerCase() + '.' + (e.getAttribute('class') || '').split(' ')[0] + ' right=' + Math.round(e.getBoundingClientRect().right));
        // Stage labels of one memory chart that overlap on screen (the chart scales with the page).
        const overlaps = [];
        let labels = 0;
        for (const chart of document.querySelectorAll('svg')) {
          const boxes = [...chart.querySelectorAll('.mc-stage-label')].map((e) => ({ name: e.textContent, r: e.getBoundingClientRect() })).filter((b) => b.r.width > 0);
          labels += boxes.length;
          for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i].r, b = boxes[j].r;
            if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) overlaps.push(boxes[i].name + ' / ' + boxes[j].name);
          }
        }
        return { scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, out: [...new Set(out)].slice(0, 10), overlaps, labels };
      })()`)) as { scrollWidth: number; innerWidth: number; out: string[]; overlaps: string[]; labels: number };
      expect(fit.overlaps, `${name} at ${width} px: chart labels`).toEqual([]);
      if (name === 'sample') expect(fit.labels).toBeGreaterThanOrEqual(6);
      expect(fit.out, `${name} at ${width} px`).toEqual([]);
      expect(fit.scrollWidth, `${name} at ${width} px`).toBeLessThanOrEqual(fit.innerWidth);
      await v.context.close();
    }
  });

  it('folds each environment\'s probe detail until asked for; how it was chosen stays open', async () => {
    const v = await visit('env-folded', sampleReport());
    const detail = v.page.locator('#environments details.env-detail').first();
    expect(await detail.count()).toBe(1);
    expect(await detail.evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(false);
    const firstCard = detail.locator('.card').first();
    expect(await firstCard.isVisible()).toBe(false);
    expect(await v.page.locator('#environments article.env h3').first().isVisible()).toBe(true);
    await detail.locator(':scope > summary').click();
    expect(await firstCard.isVisible()).toBe(true);
    expectQuiet(v);
    await v.context.close();
  });

  it('shows "no memory samples" for a target without a timeline', async () => {
    const v = await visit('no-samples', { ...emptyReport(), targets: [{ ...crashedTarget(), timeline: [] }] });
    await expectTargetsVisible(v.page, 1);
    expect(await v.page.locator('svg.memory-chart text', { hasText: 'no memory samples' }).isVisible()).toBe(true);
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
    await expectTargetsVisible(v.page, 4);
    expectQuiet(v);
    await v.context.close();
  });
});

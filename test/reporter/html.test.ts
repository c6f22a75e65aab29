// The HTML renderer on real report fixtures: escaping of untrusted text, offline-only markup, null-safe sections.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report-types.js';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { SCHEMA_IDS } from '../../src/core/schemas.js';
import { renderHtml } from '../../src/reporter/html.js';
import { expectValid } from '../helpers/schema.js';
import { emptyReport, hostileReport, HOSTILE, nullProbe, sampleReport, unprobedEnvironment } from './fixtures.js';

const SECTIONS = ['status', 'findings', 'environments', 'interpreters', 'targets', 'unit-errors', 'run'];
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:`;

function count(haystack: string, needle: RegExp): number {
  return haystack.match(needle)?.length ?? 0;
}

function nullProbeReport(): Report {
  return { ...emptyReport(), environments: [{ ...unprobedEnvironment(), probe: nullProbe(), probeFailure: null }] };
}

function templateFiles(): string[] {
  const dir = path.join(PACKAGE_ROOT, 'reports');
  const partials = readdirSync(path.join(dir, 'partials')).map((f) => path.join(dir, 'partials', f));
  return [path.join(dir, 'report.hbs'), ...partials].filter((f) => f.endsWith('.hbs'));
}

describe('report fixtures', () => {
  it.each([
    ['sample', sampleReport],
    ['hostile', hostileReport],
    ['empty', emptyReport],
    ['null-probe', nullProbeReport],
  ])('the %s report is a valid report', (_name, make) => {
    expectValid(SCHEMA_IDS.report, make());
  });
});

describe('renderHtml: escaping', () => {
  const html = renderHtml(hostileReport());

  it('never emits hostile markup raw', () => {
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain("onmouseover='x");
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toMatch(/\son(error|mouseover)=/i);
  });

  it('shows hostile text escaped, in every place it came from', () => {
    const script = '&lt;script&gt;alert(1)&lt;/script&gt;';
    const img = '&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;';
    const attr = '&#x27; onmouseover&#x3D;&#x27;x';
    expect(count(html, new RegExp(script.replace(/[()]/g, '\\$&'), 'g'))).toBeGreaterThanOrEqual(10);
    expect(html).toContain(`/home/${img}/bin/python`); // a path
    expect(html).toContain(`<code>echo ${script} ${img} ${attr} ${HOSTILE.mustache}</code>`); // a fix command
    expect(html).toContain(`<td><code>${script}</code></td>`); // a distribution name
    expect(html).toContain(`Verified: ${img}`);
    expect(html).toContain(`<p class="fix-title">${attr} <span class="badge badge-ok">verified</span>`);
  });

  it('does not evaluate template syntax inside report data', () => {
    expect(html).toContain('{{constructor}}');
    expect(html).not.toMatch(/function Object\(\)|\[native code\]/);
  });

  it('shows control characters as text instead of passing them through', () => {
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(html).toContain('torch \\x1b]0;pwned\\x07\\x1b[2J cannot be imported');
  });

  it('has exactly one <script>: the copy-button script from the template', () => {
    expect(count(html, /<script\b/gi)).toBe(1);
    expect(count(html, /<\/script/gi)).toBe(1);
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(script).toContain("querySelectorAll('button.copy')");
    expect(script).not.toContain('alert');
  });

  it('raw-inserts nothing but the CSS: templates use {{ }} for all report data', () => {
    const raw = templateFiles().flatMap((f) => readFileSync(f, 'utf8').match(/\{\{\{[^}]*\}\}\}|\{\{&[^}]*\}\}/g) ?? []);
    expect(raw).toEqual(['{{{css}}}']);
  });
});

describe('renderHtml: a self-contained page', () => {
  const html = renderHtml(sampleReport());

  it('declares the content security policy before anything loads', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
  });

  it('references nothing outside the page', () => {
    const urls = [...html.matchAll(/\b(?:href|src|action|srcset|poster)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]);
    expect(urls.filter((u) => !u!.startsWith('#') && u !== 'data:,')).toEqual([]);
    expect(html).not.toMatch(/@import|url\(/i);
    const loaders = html.match(/<(link|iframe|object|embed|img|video|audio|source|base)\b[^>]*>/gi) ?? [];
    expect(loaders).toEqual(['<link rel="icon" href="data:,">']);
  });

  it('inlines the CSS from reports/report.css', () => {
    const css = readFileSync(path.join(PACKAGE_ROOT, 'reports', 'report.css'), 'utf8');
    expect(html).toContain(css.trim());
  });

  it('has every section with its id and data-section', () => {
    for (const id of SECTIONS) expect(html).toMatch(new RegExp(`id="${id}" data-section="${id}"`));
  });

  it('lists findings error first, then warnings, then info, keeping analyzer order within a severity', () => {
    const at = (title: string) => html.indexOf(`<h3>${title}</h3>`);
    const order = ['torch cannot be imported', 'espeak-ng is missing for an installed phonemizer', 'numpy is installed twice; the user site copy is shadowed', 'HF_HUB_OFFLINE is set'].map(at);
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('shows the facts an engineer looks for', () => {
    for (const text of [
      'Problems found',
      'torch cannot be imported (and 2 more problems).',
      'debug-tts 0.1.0',
      'took 4.22 s',
      'VIRTUAL_ENV is set, so the app runs',
      '&quot;/home/dev/voxweave/.venv/bin/python&quot; -m pip install espeakng-loader',
      'review before running',
      'Verified: espeakng_loader.get_library_path()',
      'glibc 2.39',
      'NVIDIA GeForce RTX 4070 (12.0 GiB, sm 8.9)',
      'Installed distributions (22)',
      '<code>HF_HUB_OFFLINE</code>',
      'libcudnn.so.8: cannot open shared object file',
      'used by user',
      '1 failed · 1 passed · 6 skipped',
      '<td class="num">192 MiB</td><td class="num">742 ms</td>',
      'the interpreter your app runs',
      '&quot;include-system-site-packages&quot;: &quot;false&quot;',
      'Invalid specifier',
      "debug-tts run --python /home/dev/voxweave/.venv/bin/python -o &#x27;debug report&#x27;",
      'envVars</code>: could not collect: PermissionError',
    ]) {
      expect(html).toContain(text);
    }
  });

  it('puts each fix command in a <pre><code> with a copy button hidden until the script shows it', () => {
    expect(html).toContain('<pre><code>sudo apt-get install -y espeak-ng</code></pre><button type="button" class="copy" hidden>Copy</button>');
  });

  it('renders the same page twice from its cached templates', () => {
    expect(renderHtml(sampleReport())).toBe(html);
  });
});

describe('renderHtml: missing data', () => {
  it('renders an empty report', () => {
    const html = renderHtml(emptyReport());
    expect(html).toContain('No problems found');
    expect(html).toContain('No findings');
    expect(html).toContain('No environment was examined.');
    expect(html).toContain('No other interpreters were found.');
    expect(html).toContain('No targets configured.');
    expect(html).toContain('None: every check ran to completion.');
    for (const id of SECTIONS) expect(html).toContain(`data-section="${id}"`);
  });

  it('renders an environment with no probe, no torch and a probe failure', () => {
    const report: Report = { ...emptyReport(), environments: [unprobedEnvironment()] };
    const html = renderHtml(report);
    expect(html).toContain('The environment probe failed</strong> (signal, signal SIGSEGV): python was killed by SIGSEGV');
    expect(html).toContain('Fatal Python error: Segmentation fault');
    expect(html).toContain('How this interpreter was chosen was not recorded.');
    expect(html).toContain('<p class="missing">Not probed.</p>');
  });

  it('renders a probe whose every collector failed', () => {
    const html = renderHtml(nullProbeReport());
    expect(html).toContain('Installed distributions (not collected)');
    expect(html).toContain('Environment variables (not collected)');
    expect(html).toContain('<code>pip</code>: could not collect: timeout');
  });

  it('renders a torch that did not import and left no error', () => {
    const report = sampleReport();
    report.environments[1]!.torch = { ...report.environments[1]!.torch!, importError: null };
    expect(renderHtml(report)).toContain('torch could not be imported; no error was recorded.');
  });
});

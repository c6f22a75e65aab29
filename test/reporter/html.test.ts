// The HTML renderer on real report fixtures: escaping of untrusted text, offline-only markup, null-safe sections.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report-types.js';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { SCHEMA_IDS } from '../../src/core/schemas.js';
import { STAGE_NAMES } from '../../src/core/report-types.js';
import { renderHtml } from '../../src/reporter/html.js';
import { renderMemoryChart } from '../../src/reporter/memory-chart.js';
import { targetView } from '../../src/reporter/target-view.js';
import { expectValid } from '../helpers/schema.js';
import { emptyReport, hostileReport, HOSTILE, nullProbe, sampleReport, unprobedEnvironment } from './fixtures.js';
import { crashedTarget, passingTarget, weightsMismatchTarget } from './target-fixtures.js';

const SECTIONS = ['status', 'findings', 'environments', 'interpreters', 'targets', 'unit-errors', 'run'];
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:`;

/** One section's markup: from its id to the next section of the page. */
function sectionOf(html: string, id: string): string {
  const marker = `id="${id}" data-section="${id}"`;
  const start = html.indexOf(marker);
  const next = html.indexOf(' data-section="', start + marker.length);
  return next < 0 ? html.slice(start) : html.slice(start, next);
}

function count(haystack: string, needle: RegExp): number {
  return haystack.match(needle)?.length ?? 0;
}

function nullProbeReport(): Report {
  return { ...emptyReport(), environments: [{ ...unprobedEnvironment(), probe: nullProbe(), probeFailure: null }] };
}

/** Targets at the edges: no samples, one sample, killed for time and memory, interrupted, stages out of order. */
function edgeTargetsReport(): Report {
  const silent = { ...crashedTarget(), id: 'no-samples', timeline: [] };
  const single = { ...passingTarget(), id: 'one-sample', timeline: [[0, 14_680_064]] as [number, number][] };
  const timedOut = weightsMismatchTarget();
  timedOut.id = 'timed-out';
  const lw = timedOut.stages.find((st) => st.name === 'load-weights')!;
  Object.assign(lw, { status: 'timed-out', details: {}, error: null, signal: 'SIGKILL', skipReason: 'the stage exceeded its time limit; the process tree was killed', stderrTail: 'Loading checkpoint shards:  40%|####      | 2/5' });
  timedOut.process = { exitCode: null, signal: 'SIGKILL', durationMs: 14_120, interrupted: false };
  const oom = structuredClone(timedOut);
  oom.id = 'oom';
  Object.assign(oom.stages.find((st) => st.name === 'load-weights')!, { status: 'out-of-memory', skipReason: 'the process tree went past the memory limit and was killed' });
  const interrupted = passingTarget();
  interrupted.id = 'interrupted';
  interrupted.stages = interrupted.stages.reverse().map((st) =>
    st.name === 'synthesize' ? { ...st, status: 'skipped', skipReason: 'interrupted (Ctrl-C) during this stage', details: {} } : st,
  );
  interrupted.process = { exitCode: null, signal: 'SIGTERM', durationMs: 20_000, interrupted: true };
  return { ...emptyReport(), targets: [silent, single, timedOut, oom, interrupted] };
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
    ['edge-targets', edgeTargetsReport],
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

  it('raw-inserts nothing but the CSS and the memory chart: templates use {{ }} for all report data', () => {
    const raw = templateFiles().flatMap((f) => readFileSync(f, 'utf8').match(/\{\{\{[^}]*\}\}\}|\{\{&[^}]*\}\}/g) ?? []);
    expect(raw.sort()).toEqual(['{{{css}}}', '{{{memoryChart}}}']);
    const chartUses = templateFiles().filter((f) => readFileSync(f, 'utf8').includes('{{{memoryChart}}}'));
    expect(chartUses.map((f) => path.basename(f))).toEqual(['target.hbs']);
  });

  it('the only SVG markup is the memory chart, each exactly as memory-chart.ts drew it', () => {
    const report = hostileReport();
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toEqual(report.targets.map((t, i) => renderMemoryChart(targetView(t, i).chart)));
    expect(count(html, /<svg\b/g)).toBe(report.targets.length);
    expect(svgs[0]).toContain(`aria-label="Memory (RSS) over time of &#34;&#62;&#60;img src&#61;x onerror&#61;alert(2)&#62;: peak`);
  });

  it('shows hostile stage details, errors and stderr escaped', () => {
    const script = '&lt;script&gt;alert(1)&lt;/script&gt;';
    const targets = sectionOf(html, 'targets');
    expect(targets).toContain(`<dt>${script}</dt>`); // a details key
    expect(targets).toContain(`<p class="stage-error"><code>${script}</code>: ${script}`);
    expect(targets).toContain(`<li><code>${script}</code></li>`); // a key list item
    expect(targets).toContain(`stderr, last lines (${script})`);
    expect(targets).toContain('\\x1b]0;pwned\\x07');
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
      'failed at load-weights',
      'crashed in construct-minimal (SIGSEGV)',
      'all stages passed',
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

describe('renderHtml: targets', () => {
  const html = renderHtml(sampleReport());
  const section = sectionOf(html, 'targets');
  const articles = section.split('<article class="target ').slice(1);

  it('has one article per target, headed by id, family, environment and outcome, linked from the overview', () => {
    expect(articles).toHaveLength(4);
    expect(articles[1]).toMatch(/^outcome-failed" id="target-2" data-target>/);
    expect(articles[1]).toContain('<h3><code class="target-id">xtts-v2</code><span class="chip">xtts</span><span class="chip">env user</span></h3>');
    expect(articles[1]).toContain('<span class="outcome-badge outcome-failed">failed at load-weights</span>');
    expect(articles[2]).toContain('<span class="outcome-badge outcome-crashed">crashed in construct-minimal (SIGSEGV)</span>');
    expect(articles[2]).toContain('killed by SIGSEGV');
    expect(articles[0]).toContain('<span class="outcome-badge outcome-passed">all stages passed</span>');
    expect(section).toContain('<a href="#target-2"><code>xtts-v2</code></a>');
  });

  it('says when a target was forked from a server that had imported torch already, and only then', () => {
    expect(articles[0]).toContain('<p class="muted small" data-forked>Forked from a server that had already imported torch (once, 1.83 s)');
    expect(articles.slice(1).some((a) => a.includes('data-forked'))).toBe(false);
  });

  it('has a stage row per stage in STAGE_NAMES order, each with its status badge', () => {
    for (const a of articles) {
      expect([...a.matchAll(/data-stage="([^"]+)"/g)].map((m) => m[1])).toEqual([...STAGE_NAMES]);
    }
    expect(articles[1]).toContain('<td><code class="stage-name">load-weights</code></td>\n        <td><span class="st st-failed">failed</span></td>');
    expect(count(articles[1]!, /<span class="st st-skipped">skipped<\/span>/g)).toBe(2);
    expect(articles[1]).toContain('<td class="reason not-run" colspan="7">skipped because load-weights failed</td>');
  });

  it('shows what each stage cost: start, duration, RSS before and after, growth and peak', () => {
    const row = articles[1]!.slice(articles[1]!.indexOf('data-stage="load-weights"'));
    const cells = [...row.slice(0, row.indexOf('</tr>')).matchAll(/<td class="num[^"]*">([^<]*)</g)].map((m) => m[1]);
    expect(cells).toEqual(['6.46 s', '7.34 s', '690 MiB', '2.7 GiB', '+2.0 GiB', '3.6 GiB']);
  });

  it('shows a failure as type and message, with the traceback folded away', () => {
    expect(articles[1]).toContain('<p class="stage-error"><code>dtts_common.StateDictMismatch</code>: Missing key(s) in state_dict: gpt.gpt.h.{0..29}.attn.bias');
    expect(articles[1]).toMatch(/<details class="trace"><summary>Traceback<\/summary><pre>Traceback \(most recent call last\):\n {2}File &quot;[^&]*stage_runner.py&quot;/);
  });

  it('shows the state_dict diff as lists and counts', () => {
    expect(articles[1]).toContain('<dt>missing</dt><dd><ul class="kv-list"><li><code>gpt.gpt.h.{0..29}.attn.bias</code></li>');
    expect(articles[1]).toContain('<li><code>gpt.text_head.bias: checkpoint [6681], model [6153]</code></li>');
    expect(articles[1]).toContain('<dt>missingCount</dt><dd><code>60</code></dd>');
  });

  it('shows a crash with its reason and the stderr tail, open', () => {
    expect(articles[2]).toContain('<span class="st st-crashed">crashed</span>');
    expect(articles[2]).toContain('<span class="reason">the process was killed by SIGSEGV</span>');
    expect(articles[2]).toContain('<details class="trace" open><summary>stderr, last lines (SIGSEGV)</summary><pre>Fatal Python error: Segmentation fault');
  });

  it('shows stage details compactly: sizes, counts, shapes, audio', () => {
    expect(articles[0]).toContain('<dt>expectedLoadBytes</dt><dd><code>624 MiB</code></dd>');
    expect(articles[0]).toContain('<dt>parameters</dt><dd><code>81,763,410</code></dd>');
    expect(articles[0]).toContain('<dt>shape</dt><dd><code>[510, 1, 256]</code></dd>');
    expect(articles[0]).toContain('<dt>sampleRate</dt><dd><code>24000</code></dd>');
    expect(articles[0]).toContain('<dt>float32</dt><dd><span class="pair"><span class="pair-key">parameters</span> <code>81,763,410</code></span><span class="pair"><span class="pair-key">bytes</span> <code>312 MiB</code></span></dd>');
    expect(articles[0]).toContain('<dt>unexpected</dt><dd><span class="nil">none</span></dd>');
  });

  it('puts a memory chart in each target, with a peak in MiB and axis titles', () => {
    expect(count(section, /<figure class="chart">\s*<svg /g)).toBe(4);
    expect(articles[0]).toMatch(/>peak 1,1\d\d MiB<\/text>/);
    expect(articles[0]).toContain('from 307 samples');
  });
});

describe('renderHtml: targets at the edges', () => {
  const html = renderHtml(edgeTargetsReport());

  it('renders no samples, one sample, time and memory kills and an interruption', () => {
    expect(html).toContain('>no memory samples</text>');
    expect(html).toContain('>peak 14 MiB</text>');
    expect(html).toContain('<span class="outcome-badge outcome-timed-out">timed out in load-weights</span>');
    expect(html).toContain('<span class="st st-timed-out">timed-out</span>');
    expect(html).toContain('<span class="reason">the stage exceeded its time limit; the process tree was killed</span>');
    expect(html).toContain('<span class="outcome-badge outcome-out-of-memory">out of memory in load-weights</span>');
    expect(html).toContain('<span class="st st-out-of-memory">out-of-memory</span>');
    expect(html).toContain('<span class="outcome-badge outcome-interrupted">interrupted in synthesize</span>');
    expect(html).toContain('interrupted (Ctrl-C)');
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('orders stages by STAGE_NAMES even when the report lists them otherwise', () => {
    const last = html.slice(html.indexOf('id="target-5"'));
    expect([...last.matchAll(/data-stage="([^"]+)"/g)].map((m) => m[1])).toEqual([...STAGE_NAMES]);
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

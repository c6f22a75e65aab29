// summary.md: the gate's verdict first, report text escaped, and never over GitHub's 1 MiB limit.
import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/core/comparison-types.js';
import type { Finding, Report, Target } from '../../src/core/report-types.js';
import { renderSummaryMarkdown } from '../../src/reporter/summary-md.js';
import { emptyReport, hostileReport, sampleReport } from './fixtures.js';

const MiB = 1024 * 1024;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** 200 targets with long errors and a finding each: far over 1 MiB when nothing is left out. */
function bigReport(): Report {
  const r = sampleReport();
  const template = r.targets[1]!;
  const targets: Target[] = [];
  const findings: Finding[] = [];
  for (let i = 0; i < 200; i++) {
    targets.push({ ...structuredClone(template), id: `model-${i}-${'x'.repeat(40)}` });
    findings.push({ ...structuredClone(r.findings[0]!), title: `model-${i}: ${'a very long explanation '.repeat(250)}`, fingerprint: i.toString(16).padStart(16, '0'), target: `model-${i}` });
  }
  return { ...r, targets, findings };
}

function rowsOf(md: string, title: string): string[] {
  const start = md.indexOf(`### ${title}`);
  if (start < 0) return [];
  const body = md.slice(start).split('\n').slice(2);
  const end = body.findIndex((l) => !l.startsWith('|'));
  return body.slice(0, end < 0 ? undefined : end);
}

const cmp = (): Comparison => ({
  comparisonVersion: '1.0.0',
  base: { file: 'base.json', reportVersion: '1.1.0', startedAt: '', environment: { python: '3.11.7', platform: null, packages: {} } },
  head: { file: null, reportVersion: '1.1.0', startedAt: '', environment: { python: '3.12.1', platform: null, packages: {} } },
  environmentDifferences: ['Python 3.11.7 -> 3.12.1'], status: 'regressed',
  regressions: [{ kind: 'stage-status', level: 'error', target: 'kokoro', stage: 'import', before: 'passed', after: 'failed', message: 'kokoro: import passed -> failed' }],
  warnings: [], improvements: [{ kind: 'memory', level: 'info', target: 'piper', stage: 'load-voice', before: 200 * MiB, after: 100 * MiB, changePercent: -50, message: 'piper: less memory' }],
  notes: [], unchangedProblems: 2, thresholds: { memoryPercent: 10, memoryMinBytes: 16 * MiB, timePercent: null },
});

describe('renderSummaryMarkdown', () => {
  it('opens with the gate verdict and the environment note, then the regressions table', () => {
    const md = renderSummaryMarkdown(sampleReport(), cmp());
    expect(md).toMatch(/^## debug-tts: \d+ errors?/);
    expect(md.indexOf('**Regression against the baseline: 1** (the gate fails)')).toBeLessThan(md.indexOf('### Regressions against the baseline'));
    expect(md).toContain('> Base and head ran in different environments: Python 3.11.7 -&gt; 3.12.1');
    expect(md.indexOf('### Regressions against the baseline')).toBeLessThan(md.indexOf('### What to do first'));
    expect(rowsOf(md, 'Regressions against the baseline')[2]).toBe('| stage-status | kokoro | import | passed | failed | kokoro: import passed -&gt; failed |');
    expect(rowsOf(md, 'Improvements')[2]).toContain('| 200 MiB | 100 MiB |');
  });

  it('keeps every table row intact and every report string inert', () => {
    const md = renderSummaryMarkdown(hostileReport());
    // Inside a code span GitHub shows markup as text; everywhere else none may appear.
    const outsideCode = md.replace(/(`+)[\s\S]*?\1/g, '');
    expect(md).toContain('<script>');
    expect(outsideCode).not.toMatch(/<script|<img|<\/?[a-z]+[\s>]/i);
    for (const title of ['Findings', 'Targets', 'What to do first']) {
      const rows = rowsOf(md, title);
      if (!rows.length) continue;
      const columns = (rows[0]!.match(/(?<!\\)\|/g) ?? []).length;
      for (const row of rows) expect((row.match(/(?<!\\)\|/g) ?? []).length, row).toBe(columns);
    }
  });

  it('stays under 1 MiB for a 200-target report by leaving out whole sections, and says which', () => {
    const report = bigReport();
    const unlimited = renderSummaryMarkdown(report, cmp(), { maxBytes: Number.MAX_SAFE_INTEGER });
    expect(bytes(unlimited)).toBeGreaterThan(MiB);
    const md = renderSummaryMarkdown(report, cmp(), { reportLink: 'out/report.html' });
    expect(bytes(md)).toBeLessThanOrEqual(1_000_000);
    expect(md).toMatch(/_Left out to stay under GitHub's 1 MiB step-summary limit: Findings, Targets, Improvements\. See out\/report\.html for everything\._/);
    expect(rowsOf(md, 'Regressions against the baseline')).toHaveLength(3);
    expect(rowsOf(md, 'What to do first').length).toBe(rowsOf(unlimited, 'What to do first').length);
    expect(md).not.toContain('### Findings');
  });

  it('cuts only at whole rows when even the first section is too big', () => {
    const md = renderSummaryMarkdown(bigReport(), null, { maxBytes: 20_000 });
    expect(bytes(md)).toBeLessThanOrEqual(20_000);
    const rows = rowsOf(md, 'What to do first');
    expect(rows.length).toBeGreaterThan(2);
    expect(md).toMatch(/_\d+ more rows of What to do first are in the full report\._|Left out/);
  });

  it('says "no problems" for a clean report', () => {
    expect(renderSummaryMarkdown(emptyReport())).toMatch(/^## debug-tts: no problems/);
  });
});

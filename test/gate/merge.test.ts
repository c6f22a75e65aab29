// Merging the reports of a CI matrix: one report, a target x environment matrix, and a gate that still works on it.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report-types.js';
import { SCHEMA_IDS, validator } from '../../src/core/schemas.js';
import { compareReports } from '../../src/gate/compare.js';
import { matrixLabels, mergeReports } from '../../src/gate/merge.js';
import { loadReportFile, type LoadedReport } from '../../src/gate/report-file.js';
import { renderHtml } from '../../src/reporter/html.js';
import { tempDir } from '../helpers/env.js';

const V100 = fileURLToPath(new URL('../fixtures/reports/report-1.0.0.json', import.meta.url));
const HOST = { hostname: 'ci', platform: 'linux', arch: 'x64', node: 'v20' };

/** Three matrix jobs as CI would lay them out: one folder per downloaded artifact. */
function matrix(edit: (label: string, r: Report) => void = () => {}): LoadedReport[] {
  const root = tempDir();
  return ['torch-2.13', 'torch-2.14', 'py3.12'].map((label) => {
    const r = loadReportFile(V100).report;
    edit(label, r);
    mkdirSync(path.join(root, label));
    const file = path.join(root, label, 'report.json');
    writeFileSync(file, JSON.stringify(r));
    return loadReportFile(file);
  });
}

function merged(inputs: LoadedReport[]): Report {
  return mergeReports(inputs, { argv: ['merge'], cwd: '/', host: HOST, now: new Date() });
}

describe('mergeReports', () => {
  it('labels each job by its folder, unless the run was given a label', () => {
    const inputs = matrix((label, r) => {
      if (label === 'py3.12') r.run.label = 'python-3.12';
    });
    expect(matrixLabels(inputs)).toEqual(['torch-2.13', 'torch-2.14', 'python-3.12']);
  });

  it('makes one valid report: every target and finding once per job, scoped to its column', () => {
    const r = merged(matrix());
    const validate = validator(SCHEMA_IDS.report);
    expect(validate(r), JSON.stringify(validate.errors)).toBe(true);
    expect(r.matrix!.columns.map((c) => c.label)).toEqual(['torch-2.13', 'torch-2.14', 'py3.12']);
    expect(r.matrix!.columns.every((c) => c.upgradedFrom === undefined)).toBe(true);
    expect(r.targets.map((t) => `${t.id}@${t.environment}`)).toEqual([
      'toy@torch-2.13', 'kokoro-missing@torch-2.13', 'toy@torch-2.14', 'kokoro-missing@torch-2.14', 'toy@py3.12', 'kokoro-missing@py3.12',
    ]);
    expect(r.environments.map((e) => e.id)).toEqual(['torch-2.13', 'torch-2.14', 'py3.12']);
    expect(r.findings.map((f) => f.environment)).toEqual(['torch-2.13', 'torch-2.14', 'py3.12']);
    expect(new Set(r.findings.map((f) => f.fingerprint)).size).toBe(3);
    expect(r.summary.counts.error).toBe(3);
  });

  it('renders the matrix view: a row per target, a column per job, each cell linked to its target', () => {
    const r = merged(matrix((label, rep) => {
      if (label === 'torch-2.14') rep.targets[0]!.stages[3]!.status = 'failed';
    }));
    const html = renderHtml(r);
    const section = html.slice(html.indexOf('<section id="matrix"'), html.indexOf('</section>', html.indexOf('<section id="matrix"')));
    expect([...section.matchAll(/data-column="([^"]+)"/g)].map((m) => m[1])).toEqual(['torch-2.13', 'torch-2.14', 'py3.12']);
    expect([...section.matchAll(/data-row="([^"]+)"/g)].map((m) => m[1])).toEqual(['toy', 'kokoro-missing']);
    const toyRow = section.slice(section.indexOf('data-row="toy"'), section.indexOf('</tr>', section.indexOf('data-row="toy"')));
    expect([...toyRow.matchAll(/<a href="#(target-\d+)" class="outcome-text outcome-(\w[\w-]*)">/g)].map((m) => `${m[1]}:${m[2]}`)).toEqual([
      'target-1:partial', 'target-3:failed', 'target-5:partial',
    ]);
    expect(html).toContain('id="target-3"');
  });

  it('heads each column with what its job ran on: the Python and torch versions', () => {
    const r = merged(matrix((label, rep) => {
      const env = rep.environments[0]!;
      if (label === 'py3.12') env.pythonVersion = '3.12.1';
      const torch = { 'torch-2.13': '2.13.0', 'torch-2.14': '2.14.1' }[label];
      if (torch) env.probe!.distributions = [...(env.probe!.distributions ?? []), { name: 'torch', version: torch, requiresPython: null, requiresDist: [], location: null, installer: null }];
    }));
    expect(validator(SCHEMA_IDS.report)(r)).toBe(true);
    expect(r.matrix!.columns.map((c) => [c.label, c.python, c.torch])).toEqual([
      ['torch-2.13', '3.11.7', '2.13.0'], ['torch-2.14', '3.11.7', '2.14.1'], ['py3.12', '3.12.1', null],
    ]);
    const html = renderHtml(r);
    expect([...html.matchAll(/<span class="small" data-ran-on>([^<]+)<\/span>/g)].map((m) => m[1])).toEqual([
      'Python 3.11.7 · torch 2.13.0', 'Python 3.11.7 · torch 2.14.1', 'Python 3.12.1',
    ]);
    // Linked from the page's navigation.
    expect(html).toMatch(/<nav class="toc"[^>]*>[\s\S]*<a href="#matrix">Matrix<\/a>/);
    expect(renderHtml(loadReportFile(V100).report)).not.toContain('href="#matrix"');
  });

  it('has no matrix section for a plain report', () => {
    expect(renderHtml(loadReportFile(V100).report)).not.toContain('id="matrix"');
  });

  it('gates merged reports cell by cell: a regression in one job is named with its column', () => {
    const before = merged(matrix());
    const after = merged(matrix((label, rep) => {
      if (label === 'torch-2.14') Object.assign(rep.targets[0]!.stages[3]!, { status: 'crashed', signal: 'SIGSEGV' });
    }));
    const c = compareReports({ report: before, file: null }, { report: after, file: null });
    expect(c.regressions.map((x) => x.message)).toEqual(['toy [torch-2.14]: construct-minimal passed -> crashed (SIGSEGV)']);
    expect(c.unchangedProblems).toBe(3);
  });

  it('opens the page with the comparison when there is one, escaped like everything else', () => {
    const before = loadReportFile(V100).report;
    const after = loadReportFile(V100).report;
    Object.assign(after.targets[0]!.stages[3]!, { status: 'failed', error: { type: 'X', message: '<img src=x onerror=alert(1)>', traceback: '' } });
    const c = compareReports({ report: before, file: 'base/<b>.json' }, { report: after, file: null });
    const html = renderHtml(after, c);
    const section = html.slice(html.indexOf('<section id="comparison"'), html.indexOf('</section>', html.indexOf('<section id="comparison"')));
    expect(section).toContain('class="comparison-regressed"');
    expect(section).toContain('<strong>Regression</strong>: the gate fails (exit 3).');
    expect(section).toContain('<code>base/&lt;b&gt;.json</code>');
    expect(section).toContain('data-changes="regressions"');
    expect(section).toContain('toy: construct-minimal passed -&gt; failed (X: &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;)');
    expect(section).not.toContain('<img');
    expect(html.indexOf('id="comparison"')).toBeLessThan(html.indexOf('id="recommendations"'));
    expect(renderHtml(after)).not.toContain('id="comparison"');
  });

  it('refuses a merge of fewer than two reports', () => {
    expect(() => merged(matrix().slice(0, 1))).toThrow(/at least two/);
  });
});

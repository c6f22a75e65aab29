// The gate's comparison on saved reports: a real 1.0.0 report from an earlier debug-tts, and edits of it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/core/comparison-types.js';
import { REPORT_VERSION, type Finding, type Report, type Stage } from '../../src/core/report-types.js';
import { SCHEMA_IDS, validator } from '../../src/core/schemas.js';
import { ToolError } from '../../src/core/tool-errors.js';
import { compareReports, type GateConfig } from '../../src/gate/compare.js';
import { loadReportFile } from '../../src/gate/report-file.js';
import { tempDir } from '../helpers/env.js';

const V100 = fileURLToPath(new URL('../fixtures/reports/report-1.0.0.json', import.meta.url));
const MiB = 1024 * 1024;

function base(): Report {
  return loadReportFile(V100).report;
}
const stage = (r: Report, target: string, name: string): Stage => r.targets.find((t) => t.id === target)!.stages.find((s) => s.name === name)!;

function compare(b: Report, h: Report, gate: GateConfig = {}): Comparison {
  const c = compareReports({ report: b, file: 'base.json' }, { report: h, file: 'head.json' }, gate);
  const validate = validator(SCHEMA_IDS.comparison);
  expect(validate(c), JSON.stringify(validate.errors)).toBe(true);
  return c;
}

function finding(overrides: Partial<Finding>): Finding {
  return {
    ruleId: 'checkpoint-rejected-by-weights-only', category: 'weights-only-unpickling', severity: 'error', title: 'torch.load refuses the checkpoint',
    message: 'm', target: 'toy', stage: 'load-weights', evidence: [], fixes: [], fingerprint: 'aaaaaaaaaaaaaaaa', ...overrides,
  };
}

describe('reading reports', () => {
  it('upgrades a report written by debug-tts 1.0.0 and validates it against the current schema', () => {
    const loaded = loadReportFile(V100);
    expect(loaded.upgradedFrom).toBe('1.0.0');
    expect(loaded.report.reportVersion).toBe(REPORT_VERSION);
    expect(loaded.report.targets.map((t) => t.id)).toEqual(['toy', 'kokoro-missing']);
  });

  it.each([
    ['a newer major version', JSON.stringify({ reportVersion: '2.0.0' }), /report version 2\.0\.0; this debug-tts reads 1\.x/],
    ['a newer minor version', JSON.stringify({ reportVersion: '1.99.0' }), /report version 1\.99\.0/],
    ['no version', JSON.stringify({ tool: 'x' }), /has no reportVersion/],
    ['not JSON', '{"reportVersion": ', /is not JSON/],
    ['an array', '[]', /not a JSON object/],
    ['a report that breaks the schema', JSON.stringify({ ...base(), targets: 'nope' }), /does not match the report schema:\n.* at \/targets: /],
  ])('refuses %s with a clear tool error', (_what, text, message) => {
    const file = path.join(tempDir(), 'report.json');
    writeFileSync(file, text);
    let err: unknown;
    try {
      loadReportFile(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ToolError);
    expect((err as ToolError).code).toBe('E_REPORT');
    expect((err as ToolError).message).toMatch(message);
  });

  it('says when the file is missing', () => {
    expect(() => loadReportFile(path.join(tempDir(), 'nope.json'))).toThrow(/cannot read .*nope\.json: ENOENT/);
  });
});

describe('compareReports', () => {
  it('finds nothing between a report and itself, and counts the known problem as unchanged', () => {
    const c = compare(base(), base());
    expect(c.status).toBe('unchanged');
    expect(c.regressions).toEqual([]);
    expect(c.improvements).toEqual([]);
    expect(c.unchangedProblems).toBe(1);
    expect(compareReports(loadReportFile(V100), { report: base(), file: null }).base.upgradedFrom).toBe('1.0.0');
    expect(c.environmentDifferences).toEqual([]);
  });

  it('names a stage that got worse and the new error finding that diagnosed it', () => {
    const head = base();
    Object.assign(stage(head, 'toy', 'construct-minimal'), { status: 'failed', error: { type: 'TypeError', message: "unexpected keyword argument 'hidden_dim'\nmore", traceback: '' } });
    head.findings.push(finding({ ruleId: 'model-config-invalid', stage: 'construct-minimal', fingerprint: '1111111111111111' }));
    const c = compare(base(), head);
    expect(c.status).toBe('regressed');
    expect(c.regressions.map((r) => r.message)).toEqual([
      "toy: construct-minimal passed -> failed (TypeError: unexpected keyword argument 'hidden_dim')",
      'new error: torch.load refuses the checkpoint',
    ]);
    expect(c.regressions[1]).toMatchObject({ kind: 'finding', ruleId: 'model-config-invalid', fingerprint: '1111111111111111', target: 'toy' });
  });

  it('follows the configured level of a signature: warn lists it, off ignores it, error fails on a warning', () => {
    const head = base();
    Object.assign(stage(head, 'toy', 'construct-minimal'), { status: 'failed' });
    head.findings.push(finding({ ruleId: 'hub-download-offline', stage: 'construct-minimal', fingerprint: '2222222222222222' }));
    const warned = compare(base(), head, { levels: { 'hub-download-offline': 'warn' } });
    expect(warned.status).not.toBe('regressed');
    expect(warned.warnings.map((w) => w.kind)).toEqual(['stage-status', 'finding']);
    const off = compare(base(), head, { levels: { 'hub-download-offline': 'off' } });
    expect([...off.regressions, ...off.warnings]).toEqual([]);
    const warningHead = base();
    warningHead.findings.push(finding({ ruleId: 'distribution-shadowed', severity: 'warning', fingerprint: '3333333333333333', target: undefined, stage: undefined }));
    expect(compare(base(), warningHead).status).toBe('unchanged');
    expect(compare(base(), warningHead).warnings).toHaveLength(1);
    expect(compare(base(), warningHead, { levels: { 'distribution-shadowed': 'error' } }).regressions).toHaveLength(1);
  });

  it('takes the level of a recognised stage failure from its signature id', () => {
    const head = base();
    Object.assign(stage(head, 'toy', 'construct-minimal'), { status: 'failed' });
    head.findings.push(finding({
      ruleId: 'stage-failed', stage: 'construct-minimal', fingerprint: '4444444444444444',
      evidence: [{ label: 'signature', value: 'hub-offline (the Hub is unreachable, confidence 0.9)' }],
    }));
    expect(compare(base(), head).regressions).toHaveLength(2);
    const c = compare(base(), head, { levels: { 'hub-offline': 'warn' } });
    expect(c.regressions).toEqual([]);
    expect(c.warnings).toHaveLength(2);
  });

  it('flags a stage whose peak memory grew past the threshold, and not one that grew a little', () => {
    const head = base();
    const s = stage(head, 'toy', 'construct-minimal');
    const before = s.memory.peakBytes!;
    s.memory.peakBytes = before + 64 * MiB;
    const c = compare(base(), head);
    expect(c.regressions).toHaveLength(1);
    expect(c.regressions[0]).toMatchObject({ kind: 'memory', target: 'toy', stage: 'construct-minimal', before, after: before + 64 * MiB });
    expect(c.regressions[0]!.message).toMatch(/^toy: construct-minimal peak memory 37 MiB -> 101 MiB \(\+\d+(\.\d)?%, threshold 10%\)$/);
    s.memory.peakBytes = Math.round(before * 1.05);
    expect(compare(base(), head).regressions).toEqual([]);
    // Per-target threshold: 200% allowed for toy.
    s.memory.peakBytes = before + 64 * MiB;
    expect(compare(base(), head, { targets: { toy: { memoryPercent: 200 } } }).regressions).toEqual([]);
  });

  it('does not compare memory between a forked and a fresh-process run of a target', () => {
    const head = base();
    const toy = head.targets.find((t) => t.id === 'toy')!;
    toy.process.forkedFrom = { preloaded: ['torch'], importMs: 1500 };
    stage(head, 'toy', 'construct-minimal').memory.peakBytes! += 300 * MiB;
    expect(compare(base(), head).regressions).toEqual([]);
  });

  it('compares stage time only when enabled, on medians when the run repeated', () => {
    const head = base();
    const s = stage(head, 'toy', 'construct-minimal');
    s.durationMs += 5000;
    expect(compare(base(), head).regressions).toEqual([]);
    const c = compare(base(), head, { timePercent: 20 });
    expect(c.regressions.map((r) => r.kind)).toEqual(['time']);
    expect(c.regressions[0]!.message).toContain('one run');
    s.timing = { runs: 5, medianMs: stage(base(), 'toy', 'construct-minimal').durationMs, minMs: 1, maxMs: 9000 };
    expect(compare(base(), head, { timePercent: 20 }).regressions).toEqual([]);
  });

  it('lists a fixed problem as an improvement: the stage passes and its finding is resolved', () => {
    const head = base();
    const broken = head.targets.find((t) => t.id === 'kokoro-missing')!;
    for (const s of broken.stages) Object.assign(s, { status: 'passed', error: null });
    head.findings = [];
    const c = compare(base(), head);
    expect(c.status).toBe('improved');
    expect(c.regressions).toEqual([]);
    expect(c.improvements.map((i) => i.message)).toEqual([
      'kokoro-missing: preflight failed -> passed',
      'resolved: kokoro-missing: stage preflight failed',
    ]);
  });

  it('treats a target missing from the new run as a regression, and a new one as a note', () => {
    const head = base();
    head.targets = head.targets.filter((t) => t.id !== 'toy');
    head.targets.push({ ...base().targets[0]!, id: 'piper' });
    const c = compare(base(), head);
    expect(c.regressions.map((r) => r.message)).toEqual(['toy: in the baseline, missing from this run']);
    expect(c.notes.map((r) => r.message)).toEqual(['piper: new in this run (no baseline to compare with)']);
  });

  it('says how the environments differ', () => {
    const head = base();
    const env = head.environments[0]!;
    env.pythonVersion = '3.12.4';
    env.probe!.distributions = [...(env.probe!.distributions ?? []), { name: 'torch', version: '2.14.1', requiresPython: null, requiresDist: [], location: null, installer: 'pip' }];
    expect(compare(base(), head).environmentDifferences).toEqual([`Python ${base().environments[0]!.pythonVersion} -> 3.12.4`, 'torch (absent) -> 2.14.1']);
  });
});

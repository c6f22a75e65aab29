// GitHub annotations: capped per level with one note, escaped so report text cannot forge a command.
import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/core/comparison-types.js';
import type { Finding, Report } from '../../src/core/report-types.js';
import { escapeData, escapeProperty, renderAnnotations } from '../../src/reporter/annotations.js';
import { emptyReport, sampleReport } from './fixtures.js';

function finding(n: number, severity: Finding['severity'], extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: `rule-${n}`, category: 'other', severity, title: `problem ${n}`, message: '', evidence: [], fixes: [],
    fingerprint: n.toString(16).padStart(16, '0'), ...extra,
  };
}

function withFindings(findings: Finding[]): Report {
  return { ...emptyReport(), findings };
}

const comparison = (regressions: Comparison['regressions']): Comparison => ({
  comparisonVersion: '1.0.0',
  base: { file: 'base.json', reportVersion: '1.1.0', startedAt: '', environment: { python: null, platform: null, packages: {} } },
  head: { file: null, reportVersion: '1.1.0', startedAt: '', environment: { python: null, platform: null, packages: {} } },
  environmentDifferences: [], status: regressions.length ? 'regressed' : 'unchanged', regressions, warnings: [], improvements: [], notes: [],
  unchangedProblems: 0, thresholds: { memoryPercent: 10, memoryMinBytes: 0, timePercent: null },
});

describe('renderAnnotations', () => {
  it('stops at 10 per level and says how many more are in the report', () => {
    const lines = renderAnnotations(withFindings([...Array.from({ length: 25 }, (_, i) => finding(i, 'error')), ...[1, 2, 3].map((i) => finding(100 + i, 'warning'))]), null, { reportPath: 'out/report.html' });
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(10);
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(3);
    expect(lines.at(-1)).toBe('::notice title=debug-tts::15 more errors in out/report.html');
    expect(lines).toHaveLength(14);
  });

  it('puts regressions first, as errors, and they count against the cap', () => {
    const reg = { kind: 'stage-status' as const, level: 'error' as const, target: 'kokoro', stage: 'load-weights', before: 'passed', after: 'failed', message: 'kokoro: load-weights passed -> failed' };
    const lines = renderAnnotations(sampleReport(), comparison([reg]));
    expect(lines[0]).toBe('::error title=debug-tts regression%3A kokoro load-weights::kokoro: load-weights passed -> failed');
    expect(lines.filter((l) => l.startsWith('::error ')).length).toBeLessThanOrEqual(10);
  });

  it('escapes data and properties as the Actions toolkit does', () => {
    expect(escapeData('50% done\r\nnext::line')).toBe('50%25 done%0D%0Anext::line');
    expect(escapeProperty('a: b, c%\n')).toBe('a%3A b%2C c%25%0A');
    const hostile = finding(1, 'error', { ruleId: 'x', title: 'boom\n::error title=forged::owned', fixes: [{ kind: 'command', title: 't', command: 'pip install "a,b" # 100%', runnable: true }] });
    const [line] = renderAnnotations(withFindings([hostile]));
    expect(line).toBe('::error title=debug-tts%3A x::boom%0A::error title=forged::owned%0AFix: pip install "a,b" # 100%25');
    expect(line!.split('\n')).toHaveLength(1);
  });

  it('prints nothing for a clean report', () => {
    expect(renderAnnotations(emptyReport())).toEqual([]);
  });
});

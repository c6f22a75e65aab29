// Recommendations: one per distinct fix, across targets, in the order that unblocks a load first.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/report-types.js';
import { recommendations } from '../../src/diagnostics/recommendations.js';
import { renderHtml } from '../../src/reporter/html.js';
import { sampleReport } from '../reporter/fixtures.js';

let n = 0;
function finding(over: Partial<Finding>): Finding {
  n++;
  return {
    ruleId: 'stage-failed', category: 'other', severity: 'error', title: `problem ${n}`, message: '', evidence: [],
    fixes: [{ kind: 'advice', title: `fix ${n}`, text: `do thing ${n}`, runnable: false }],
    fingerprint: n.toString(16).padStart(16, '0'), ...over,
  };
}

describe('recommendations', () => {
  it('puts what blocks every load first: environment, then files, then stages in order', () => {
    const late = finding({ target: 'k', stage: 'synthesize' });
    const early = finding({ target: 'k', stage: 'preflight' });
    const file = finding({ target: 'k' });
    const env = finding({ severity: 'warning' });
    expect(recommendations([late, early, file, env]).map((r) => r.because)).toEqual([env.title, file.title, early.title, late.title]);
  });

  it('merges one fix shared by several targets and links every finding', () => {
    const install = { kind: 'command' as const, title: 'Install kokoro', command: '"/venv/bin/python" -m pip install kokoro', runnable: true };
    const a = finding({ target: 'a', stage: 'preflight', category: 'missing-package', fixes: [install] });
    const b = finding({ target: 'b', stage: 'preflight', category: 'missing-package', fixes: [install] });
    const [r, ...rest] = recommendations([a, b]);
    expect(rest).toEqual([]);
    expect(r).toMatchObject({ rank: 1, title: 'Install kokoro', targets: ['a', 'b'], stages: ['a: preflight', 'b: preflight'], findings: [a.fingerprint, b.fingerprint] });
  });

  it('names an environment-level stage without a target', () => {
    expect(recommendations([finding({ stage: 'import' })])[0]!.stages).toEqual(['import']);
  });

  it('leads with a verified command over advice, and leaves info findings out', () => {
    const verified = { kind: 'command' as const, title: 'Use the venv', command: 'export X=/v/bin/python', runnable: true, verified: { how: 'ran it' } };
    const f = finding({ fixes: [{ kind: 'advice', title: 'read docs', text: 'docs', runnable: false }, verified] });
    expect(recommendations([f, finding({ severity: 'info' })]).map((r) => r.fix)).toEqual([verified]);
  });

  it('render before the findings, each linking to a finding that exists on the page', () => {
    const report = sampleReport();
    expect(report.recommendations.length).toBeGreaterThan(0);
    const html = renderHtml(report);
    expect(html.indexOf('data-section="recommendations"')).toBeLessThan(html.indexOf('data-section="findings"'));
    const links = [...html.matchAll(/href="#(finding-[0-9a-f]{16})"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const id of links) expect(html).toContain(`id="${id}"`);
  });
});

// The fix invariant's own checker (the global teardown runs it over every report the suite makes),
// and the saved fixture reports, which the teardown does not see.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingViolation, fixCounts, fixProblem, invariantViolations } from '../../src/diagnostics/fix-invariant.js';
import type { Finding, Fix, Report } from '../../src/core/report-types.js';
import { sampleReport } from '../reporter/fixtures.js';

const advice = (title: string, text = ''): Fix => ({ kind: 'advice', title, text, runnable: false });
const command = (cmd: string): Fix => ({ kind: 'command', title: 'Run it', command: cmd, runnable: true, verified: null });
const finding = (fixes: Fix[], severity: Finding['severity'] = 'error'): Finding => ({
  ruleId: 'x',
  category: 'other',
  severity,
  title: 't',
  message: 'm',
  evidence: [],
  fixes,
  fingerprint: 'f',
});

describe('fixProblem', () => {
  it.each([
    ['a command', command(`"/srv/app/.venv/bin/python" -m pip install 'kokoro>=0.9.4'`)],
    ['a file and key', advice('Set vocab_size to 40 in /m/config.json')],
    ['a version', advice('Pin torch below 2.6', 'torch 2.6 changed the default of weights_only.')],
    ['a requirement', advice('Install the release that still has it', 'numpy<2 keeps the old ABI.')],
    ['a key and value', advice('Rename the key', 'Write "upsample_rates": [8, 8, 2, 2] instead.')],
    ['an env var value', advice('Agree to the licence non-interactively', 'Set COQUI_TOS_AGREED=1 before the import.')],
    ['a command in backticks', advice('Reinstall the extension', 'Run `pip install --force-reinstall onnxruntime` in the app env.')],
  ])('accepts %s', (_, fix) => {
    expect(fixProblem(fix)).toBeNull();
  });

  it.each([
    ['advice with nothing to act on', advice('Load weights and config from the same release', 'They do not match each other.'), 'not-specific'],
    ['a command with a placeholder', command('python -m pip install <package>'), 'placeholder'],
    ['an empty command', command('  '), 'not-specific'],
  ])('rejects %s', (_, fix, problem) => {
    expect(fixProblem(fix)).toBe(problem);
  });

  it('counts a redacted secret as no placeholder', () => {
    expect(fixProblem(command('export HF_TOKEN=<redacted>'))).toBeNull();
  });
});

describe('findingViolation', () => {
  it('needs one specific fix, not all', () => {
    expect(findingViolation(finding([advice('Check your setup'), advice('Set HF_HOME=/data/hf')]))).toBeNull();
  });

  it('flags a warning or error with no fix, and never an info', () => {
    expect(findingViolation(finding([]))?.problem).toBe('no-fix');
    expect(findingViolation(finding([], 'warning'))?.problem).toBe('no-fix');
    expect(findingViolation(finding([], 'info'))).toBeNull();
  });

  it('counts errors, specific and verified fixes for the summary', () => {
    const verified: Fix = { ...command('export APP_PYTHON=/opt/py/bin/python'), verified: { how: 'import ran' } };
    expect(fixCounts([finding([verified]), finding([advice('Try again')]), finding([], 'warning')])).toEqual({ errors: 2, specific: 1, verified: 1 });
  });
});

describe('fixture reports', () => {
  it('the sample report every renderer test reads keeps the invariant', () => {
    expect(invariantViolations(sampleReport())).toEqual([]);
  });

  it('the saved 1.0.0 report keeps it', () => {
    const r = JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures/reports/report-1.0.0.json'), 'utf8')) as Report;
    expect(r.findings.length).toBeGreaterThan(0);
    expect(invariantViolations(r)).toEqual([]);
  });
});

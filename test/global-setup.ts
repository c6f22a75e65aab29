// The run's temporary root and the fix-invariant check over every report the tests wrote. Test venvs
// are built by the files that use them (test/helpers/use-venvs.ts), not here.
import type { TestProject } from 'vitest/node';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTestRoot } from './helpers/env.js';

declare module 'vitest' {
  export interface ProvidedContext {
    tmpRoot: string;
  }
}

export default function setup(project: TestProject): () => void {
  const tmpRoot = makeTestRoot();
  project.provide('tmpRoot', tmpRoot);
  // Every report a test makes (run, compare, merge) logs its fix-invariant violations to one file
  // per vitest process (src/cli/report-files.ts); the test workers' children inherit the
  // variable. Each project's teardown checks the reports written under its own folder.
  const reportLog = path.join(os.tmpdir(), `debug-tts-test-reports-${process.pid}.jsonl`);
  process.env.DEBUG_TTS_REPORT_LOG = reportLog;
  return () => {
    const failed = checkFixInvariant(reportLog, tmpRoot, project.name);
    rmSync(tmpRoot, { recursive: true, force: true });
    if (failed) process.exitCode = 1;
  };
}

interface LoggedReport {
  file: string;
  violations: { ruleId: string; title: string; problem: string }[];
  fixes: { errors: number; specific: number; verified: number } | null;
  /** Checks that read what their meta.requires does not declare (src/analyzer/run-checks.ts). */
  undeclared?: string[];
}

/**
 * The fix invariant over every report the suite made (README, How fixes are made): a finding at
 * warning or error without a specific fix fails the run, whichever test made the report.
 */
function checkFixInvariant(log: string, root: string, name: string): boolean {
  const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  const reports = lines.map((l) => JSON.parse(l) as LoggedReport).filter((r) => r.file.startsWith(`${root}${path.sep}`));
  const undeclared = [...new Set(reports.flatMap((r) => r.undeclared ?? []))];
  if (undeclared.length) {
    console.error(`\n${name}: declared artifacts FAILED: checks read what they do not declare, in the suite's reports:\n${undeclared.map((u) => `  ${u}`).join('\n')}`);
    return true;
  }
  const bad = reports.filter((r) => r.violations.length);
  const findings = reports.reduce((n, r) => n + r.violations.length, 0);
  // The README's verified share: over every report the suite made (each real scenario run among them).
  const sum = (k: 'errors' | 'specific' | 'verified') => reports.reduce((n, r) => n + (r.fixes?.[k] ?? 0), 0);
  console.log(`${name}: fixes over the suite's reports: ${sum('errors')} error findings, ${sum('specific')} with a specific fix, ${sum('verified')} with a fix debug-tts verified`);
  if (!bad.length) {
    console.log(`${name}: fix invariant: ${reports.length} reports made by the suite, every warning/error finding has a specific fix`);
    return false;
  }
  console.error(`\n${name}: fix invariant FAILED: ${findings} finding(s) in ${bad.length} of ${reports.length} reports have no specific fix:`);
  const seen = new Set<string>();
  for (const r of bad) {
    for (const v of r.violations) {
      const key = `${v.ruleId}\0${v.title}`;
      if (seen.has(key)) continue;
      seen.add(key);
      console.error(`  ${v.ruleId} (${v.problem}): ${v.title}\n    in ${r.file}`);
    }
  }
  return true;
}

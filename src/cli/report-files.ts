// Writes a report (and a comparison, when there is one) in every requested format, and the CI side channels.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { Comparison } from '../core/comparison-types.js';
import type { Report } from '../core/report-types.js';
import { ToolError, type ToolErrorCode } from '../core/tool-errors.js';
import { SCHEMA_IDS, schemaIssues, validator } from '../core/schemas.js';
import { renderAnnotations } from '../reporter/annotations.js';
import { renderHtml } from '../reporter/html.js';
import { renderJunit } from '../reporter/junit.js';
import { renderSummaryMarkdown } from '../reporter/summary-md.js';
import { writeAtomic, writeJson } from '../orchestrator/output.js';
import { resolveInside } from '../core/safe-path.js';
import { redactor } from '../core/redact.js';
import { adapterFiles } from '../analyzer/config-drift/finding.js';

import { FORMATS } from './cli-constants.js';
import { invariantViolations } from '../diagnostics/fix-invariant.js';

export { FORMATS };
export type Format = (typeof FORMATS)[number];
export const DEFAULT_FORMATS: Format[] = ['json', 'html'];
export const REPORT_SCHEMA_REF = 'https://debug-tts.dev/schemas/report-1.json';
export const COMPARISON_SCHEMA_REF = 'https://debug-tts.dev/schemas/comparison-1.json';

export const FILE_NAMES: Record<Format, string> = { json: 'report.json', html: 'report.html', junit: 'junit.xml', markdown: 'summary.md' };

export function parseFormats(values: string[]): Format[] {
  const list = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const bad = list.filter((v) => !(FORMATS as readonly string[]).includes(v));
  if (bad.length || !list.length) {
    throw new ToolError('E_USAGE', `unknown --format ${bad.length ? `"${bad.join('", "')}"` : '(empty)'}; choose from ${FORMATS.join(', ')}.`);
  }
  return [...new Set(list)] as Format[];
}

/** No report that fails its own schema is ever written: the CI gate of someone else reads it. */
export function assertValidReport(report: Report, code: ToolErrorCode, source: string): void {
  const validate = validator<Report>(SCHEMA_IDS.report);
  if (validate(report)) return;
  const issues = schemaIssues(validate.errors).slice(0, 5).map((i) => `${i.pointer || '/'}: ${i.message}`).join('; ');
  throw new ToolError(code, `the report built from ${source} does not match schemas/report.schema.json (${issues}); nothing was written.`);
}

/**
 * With DEBUG_TTS_REPORT_LOG set, one JSON line per report written (run, compare, merge): its file,
 * the findings that break the fix invariant, its fix figures, and any check that read what its
 * meta.requires does not declare. The test suite sets it and fails when any report it made has one.
 */
function logReport(file: string, report: Report): void {
  const log = process.env.DEBUG_TTS_REPORT_LOG;
  if (!log) return;
  const undeclared = report.unitErrors.filter((u) => u.message.includes('without declaring')).map((u) => u.message);
  appendFileSync(log, `${JSON.stringify({ file, violations: invariantViolations(report), fixes: report.summary.fixes ?? null, undeclared })}\n`);
}

/** Writes the report files; returns their paths, report.json first. */
export function writeReportFiles(dir: string, unredacted: Report, formats: Format[], unredactedComparison: Comparison | null = null): string[] {
  // Redacted as data before rendering, so every format shows <redacted> where a secret was, escaped
  // as that format escapes (writeAtomic's text pass then catches anything a renderer added).
  const report = redactor().value(unredacted);
  const comparison = unredactedComparison && redactor().value(unredactedComparison);
  const written: string[] = [];
  const out = (f: Format) => path.join(dir, FILE_NAMES[f]);
  if (formats.includes('json')) {
    writeJson(out('json'), { $schema: REPORT_SCHEMA_REF, ...report });
    written.push(out('json'));
  }
  logReport(written[0] ?? dir, report);
  if (formats.includes('html')) {
    writeAtomic(out('html'), renderHtml(report, comparison));
    written.push(out('html'));
  }
  if (formats.includes('junit')) {
    writeAtomic(out('junit'), renderJunit(report));
    written.push(out('junit'));
  }
  if (formats.includes('markdown')) {
    writeAtomic(out('markdown'), renderSummaryMarkdown(report, comparison, { reportLink: FILE_NAMES.html }));
    written.push(out('markdown'));
  }
  // Config-drift adapters as files people and apps use: data, a Python module, a TypeScript module.
  // The names are made here from the target and environment, never taken from the report's `files`:
  // compare and merge write reports that were made on other machines.
  for (const a of report.adapters ?? []) {
    const { python, typescript, ...data } = a;
    const files = adapterFiles(a.target, a.environment);
    writeJson(resolveInside(dir, files.json), { ...data, files });
    writeAtomic(resolveInside(dir, files.python), python);
    writeAtomic(resolveInside(dir, files.typescript), typescript);
    written.push(resolveInside(dir, files.python));
  }
  if (comparison) {
    const file = path.join(dir, 'comparison.json');
    writeJson(file, { $schema: COMPARISON_SCHEMA_REF, ...comparison });
    written.push(file);
  }
  return written;
}

/**
 * On GitHub Actions: annotations on stdout, and the Markdown summary appended to the job's step
 * summary. Both are GitHub's documented channels; elsewhere nothing happens.
 */
export function githubChannels(env: NodeJS.ProcessEnv, report: Report, comparison: Comparison | null, reportPath: string, stdout: (s: string) => void): void {
  if (env.GITHUB_ACTIONS !== 'true') return;
  const lines = renderAnnotations(report, comparison, { reportPath });
  if (lines.length) stdout(redactor().text(`${lines.join('\n')}\n`));
  if (env.GITHUB_STEP_SUMMARY) {
    try {
      appendFileSync(env.GITHUB_STEP_SUMMARY, redactor().text(`${renderSummaryMarkdown(report, comparison, { reportLink: reportPath })}\n`));
    } catch {
      // The step summary is a courtesy: the report files are already written.
    }
  }
}

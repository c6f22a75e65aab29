// Writes a report (and a comparison, when there is one) in every requested format, and the CI side channels.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { Comparison } from '../core/comparison-types.js';
import type { Report } from '../core/report-types.js';
import { ToolError } from '../core/tool-errors.js';
import { renderAnnotations } from '../reporter/annotations.js';
import { renderHtml } from '../reporter/html.js';
import { renderJunit } from '../reporter/junit.js';
import { renderSummaryMarkdown } from '../reporter/summary-md.js';
import { writeAtomic, writeJson } from './output.js';

export const FORMATS = ['json', 'html', 'junit', 'markdown'] as const;
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

/** Writes the report files; returns their paths, report.json first. */
export function writeReportFiles(dir: string, report: Report, formats: Format[], comparison: Comparison | null = null): string[] {
  const written: string[] = [];
  const out = (f: Format) => path.join(dir, FILE_NAMES[f]);
  if (formats.includes('json')) {
    writeJson(out('json'), { $schema: REPORT_SCHEMA_REF, ...report });
    written.push(out('json'));
  }
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
  for (const a of report.adapters ?? []) {
    const { python, typescript, ...data } = a;
    writeJson(path.join(dir, a.files.json), data);
    writeAtomic(path.join(dir, a.files.python), python);
    writeAtomic(path.join(dir, a.files.typescript), typescript);
    written.push(path.join(dir, a.files.python));
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
  if (lines.length) stdout(`${lines.join('\n')}\n`);
  if (env.GITHUB_STEP_SUMMARY) {
    try {
      appendFileSync(env.GITHUB_STEP_SUMMARY, `${renderSummaryMarkdown(report, comparison, { reportLink: reportPath })}\n`);
    } catch {
      // The step summary is a courtesy: the report files are already written.
    }
  }
}

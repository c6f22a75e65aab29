// GitHub Actions annotations (workflow commands) for a report and its comparison: capped per level, escaped.
import type { Change, Comparison } from '../core/comparison-types.js';
import type { Finding, Report } from '../core/report-types.js';
import { sortFindings } from './format.js';

type Level = 'error' | 'warning' | 'notice';

interface Annotation {
  level: Level;
  title: string;
  message: string;
}

// Escaping as GitHub's own toolkit does it (actions/toolkit, packages/core/src/command.ts,
// escapeData / escapeProperty): without it a newline or "::" in a traceback would start a new command.
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function fromChange(c: Change, level: Level, what: string): Annotation {
  const where = [c.target, c.stage].filter(Boolean).join(' ');
  return { level, title: `debug-tts ${what}${where ? `: ${where}` : ''}`, message: c.message };
}

function fromFinding(f: Finding): Annotation {
  const level: Level = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
  const fix = f.fixes.find((x) => x.command)?.command ?? f.fixes[0]?.text;
  return { level, title: `debug-tts: ${f.ruleId}`, message: fix ? `${f.title}\nFix: ${fix}` : f.title };
}

export interface AnnotationOptions {
  /** At most this many annotations per level (GitHub shows 10 per level per step). */
  perLevel?: number;
  /** Where the full report is, for the "N more" note. */
  reportPath?: string;
}

/** The lines to print on stdout; regressions first, then findings by severity, then the gate's warnings. */
export function renderAnnotations(report: Report, comparison: Comparison | null = null, o: AnnotationOptions = {}): string[] {
  const perLevel = o.perLevel ?? 10;
  const all: Annotation[] = [
    ...(comparison?.regressions ?? []).map((c) => fromChange(c, 'error', 'regression')),
    ...sortFindings(report.findings).map(fromFinding),
    ...(comparison?.warnings ?? []).map((c) => fromChange(c, 'warning', 'gate warning')),
  ];
  const lines: string[] = [];
  const left: Record<Level, number> = { error: 0, warning: 0, notice: 0 };
  const shown: Record<Level, number> = { error: 0, warning: 0, notice: 0 };
  for (const a of all) {
    if (shown[a.level] >= perLevel) {
      left[a.level]++;
      continue;
    }
    shown[a.level]++;
    lines.push(`::${a.level} title=${escapeProperty(a.title)}::${escapeData(a.message)}`);
  }
  const where = o.reportPath ?? 'the report';
  for (const level of ['error', 'warning', 'notice'] as const) {
    if (left[level]) lines.push(`::notice title=${escapeProperty('debug-tts')}::${escapeData(`${left[level]} more ${level}${left[level] > 1 ? 's' : ''} in ${where}`)}`);
  }
  return lines;
}

// summary.md for $GITHUB_STEP_SUMMARY: the gate's verdict, then what to do, kept under GitHub's 1 MiB limit.
import type { Change, Comparison } from '../core/comparison-types.js';
import type { Report } from '../core/report-types.js';
import { formatBytes, formatMs, fixesSentence, plural, sortFindings } from './format.js';
import { targetOutcome } from '../core/target-outcome.js';

/** GitHub refuses a step summary over 1 MiB; stay under it with room for the note. */
export const SUMMARY_MAX_BYTES = 1_000_000;

export interface SummaryOptions {
  maxBytes?: number;
  /** Where the full report is, named in the note when sections are left out. */
  reportLink?: string;
}

interface Section {
  title: string;
  /** Lines before the rows (a table header). */
  head: string[];
  rows: string[];
}

/** Table cells: no pipes, no newlines, no HTML, no Markdown links or images from report data. */
function cell(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/[[\]!*_`~]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ')
    .trim();
}

/** Inline code that survives backticks in its content: a fence one longer than the longest run inside. */
function code(value: string): string {
  const text = value.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function table(headers: string[]): string[] {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`];
}

function changeValue(c: Change, v: string | number | null): string {
  if (v === null) return '—';
  if (typeof v === 'number') return c.kind === 'memory' ? formatBytes(v) : c.kind === 'time' ? formatMs(v) : String(v);
  return cell(v);
}

function changeSection(title: string, changes: Change[]): Section {
  return {
    title,
    head: table(['kind', 'target', 'stage', 'before', 'after', 'what']),
    rows: changes.map((c) => `| ${c.kind} | ${cell(c.target ?? '')} | ${cell(c.stage ?? '')} | ${changeValue(c, c.before)} | ${changeValue(c, c.after)} | ${cell(c.message)} |`),
  };
}

function sections(report: Report, cmp: Comparison | null): Section[] {
  const out: Section[] = [];
  if (cmp?.regressions.length) out.push(changeSection('Regressions against the baseline', cmp.regressions));
  if (cmp?.warnings.length) out.push(changeSection('Worse, at a level that does not fail the gate', cmp.warnings));
  if (report.recommendations.length) {
    out.push({
      title: 'What to do first',
      head: table(['#', 'do this', 'fix', 'where']),
      rows: report.recommendations.map((r) => `| ${r.rank} | ${cell(r.title)} | ${r.fix.command ? code(r.fix.command) : cell(r.fix.text ?? '')} | ${cell(r.stages.join(', ') || r.targets.join(', ') || 'the interpreter')} |`),
    });
  }
  if (report.findings.length) {
    out.push({
      title: 'Findings',
      head: table(['severity', 'rule', 'where', 'finding']),
      rows: sortFindings(report.findings).map((f) => `| ${f.severity} | ${code(f.ruleId)} | ${cell([f.target, f.stage].filter(Boolean).join(' ') || f.environment || '')} | ${cell(f.title)} |`),
    });
  }
  if (report.targets.length) {
    out.push({
      title: 'Targets',
      head: table(['target', 'family', 'environment', 'outcome', 'peak memory', 'time']),
      rows: report.targets.map((t) => {
        const peak = Math.max(0, ...t.stages.map((s) => s.memory?.peakBytes ?? 0));
        return `| ${cell(t.id)} | ${cell(t.family)} | ${cell(t.environment)} | ${cell(targetOutcome(t).text)} | ${peak ? formatBytes(peak) : '—'} | ${formatMs(t.process?.durationMs)} |`;
      }),
    });
  }
  if (cmp?.improvements.length) out.push(changeSection('Improvements', cmp.improvements));
  return out;
}

function heading(report: Report, cmp: Comparison | null): string[] {
  const { counts } = report.summary;
  const status = counts.error + counts.warning ? [counts.error ? plural(counts.error, 'error') : '', counts.warning ? plural(counts.warning, 'warning') : ''].filter(Boolean).join(', ') : 'no problems';
  const lines = [`## debug-tts: ${status}`, ''];
  if (cmp) {
    lines.push(cmp.regressions.length ? `**Regression against the baseline: ${cmp.regressions.length}** (the gate fails)` : '**No regression against the baseline**', '');
    if (cmp.unchangedProblems) lines.push(`${plural(cmp.unchangedProblems, 'known problem')} unchanged since the baseline.`, '');
    if (cmp.environmentDifferences.length) lines.push(`> Base and head ran in different environments: ${cmp.environmentDifferences.map(cell).join('; ')}`, '');
  }
  lines.push(cell(report.summary.headline), '');
  const fixes = fixesSentence(report.summary.fixes);
  if (fixes) lines.push(`Fixes: ${fixes}.`, '');
  if (report.availability && report.availability.engines.length > 1) lines.push(`**Engines:** ${cell(report.availability.sentence)}`, '');
  return lines;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const render = (s: Section) => [`### ${s.title}`, '', ...s.head, ...s.rows, ''].join('\n');

export function renderSummaryMarkdown(report: Report, comparison: Comparison | null = null, o: SummaryOptions = {}): string {
  const max = o.maxBytes ?? SUMMARY_MAX_BYTES;
  const link = o.reportLink ?? 'report.html';
  const head = heading(report, comparison).join('\n');
  const all = sections(report, comparison);
  // Room for the note that says what was left out.
  const budget = max - bytes(head) - 400 - bytes(link);
  const kept: string[] = [];
  const left: string[] = [];
  let used = 0;
  for (const s of all) {
    const text = render(s);
    if (!left.length && used + bytes(text) + 1 <= budget) {
      kept.push(text);
      used += bytes(text) + 1;
      continue;
    }
    if (!kept.length && !left.length) {
      // Even the most important section is too big: keep its head and as many whole rows as fit.
      let partial = [`### ${s.title}`, '', ...s.head].join('\n');
      let n = 0;
      for (const row of s.rows) {
        if (bytes(partial) + bytes(row) + 200 > budget) break;
        partial += `\n${row}`;
        n++;
      }
      kept.push(`${partial}\n\n_${s.rows.length - n} more rows of ${s.title} are in the full report._\n`);
      used += bytes(kept[0]!);
      continue;
    }
    left.push(s.title);
  }
  const note = left.length ? [`_Left out to stay under GitHub's 1 MiB step-summary limit: ${left.map(cell).join(', ')}. See ${cell(link)} for everything._`, ''] : [];
  return [head, ...kept, ...note].join('\n');
}

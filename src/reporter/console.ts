// The short terminal summary after a run: status, interpreter, each target's outcome, each problem with its first fix, files written.
import pc from 'picocolors';
import type { Environment, Finding, Report, Severity, Stage, Target } from '../core/report-types.js';
import { formatBytes, formatMiB, formatMs, fixesSentence, plural, SEVERITIES, showControls, sortFindings } from './format.js';
import { orderedStages, stageLabel, targetOutcome, type OutcomeKind } from '../core/target-outcome.js';

type Colors = ReturnType<typeof pc.createColors>;

export interface ConsoleOptions {
  color: boolean;
  verbose: boolean;
  outputFiles: string[];
}

export interface ColorContext {
  noColorFlag: boolean;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

const INDENT = '           ';

/**
 * --no-color always wins; FORCE_COLOR (Node's convention: '0' or 'false' turn colour off) beats
 * the rest; otherwise NO_COLOR, CI, TERM=dumb or a pipe mean plain text.
 */
export function shouldUseColor({ noColorFlag, env, isTTY }: ColorContext): boolean {
  if (noColorFlag) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.CI === 'true' || env.CI === '1') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

export function renderConsole(report: Report, opts: ConsoleOptions): string {
  const c = pc.createColors(opts.color);
  const lines = [
    ...statusLines(report, c),
    '',
    ...report.environments.flatMap((env) => interpreterLines(env, c)),
    ...targetLines(report.targets ?? [], opts.verbose, c),
    ...availabilityLines(report, c),
    ...differentialLines(report, c),
    ...findingLines(report.findings, opts.verbose, c),
    ...unitErrorLines(report, c),
    ...fileLines(opts.outputFiles, c),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Report strings are untrusted: an escape sequence in a package name or traceback must not
 * drive the terminal, so control characters are shown, not sent.
 */
export function terminalSafe(s: string, keepNewlines = false): string {
  return keepNewlines ? showControls(s.replace(/\r\n/g, '\n'), '\n') : showControls(s.replace(/\s*[\r\n]+\s*/g, ' '));
}

function statusLines(report: Report, c: Colors): string[] {
  const { status, counts, headline } = report.summary;
  const countText = SEVERITIES.map((s) => (s === 'info' ? `${counts[s] ?? 0} info` : plural(counts[s] ?? 0, s))).join(', ');
  const mark = status === 'ok' ? c.green(c.bold('✔ No problems found')) : c.red(c.bold('✖ Problems found'));
  const tail = c.dim(`(debug-tts ${report.tool.version}, ${formatMs(report.run.durationMs)})`);
  const lines = [`${mark}: ${countText} ${tail}`];
  if (headline) lines.push(`  ${terminalSafe(headline)}`);
  const fixes = fixesSentence(report.summary.fixes);
  if (fixes) lines.push(c.dim(`  Fixes: ${fixes}.`));
  if (report.run.interrupted) lines.push(c.yellow('  The run was interrupted: results are partial.'));
  return lines;
}

function interpreterLines(env: Environment, c: Colors): string[] {
  const where = env.executable ?? env.resolution?.commandPath ?? env.resolution?.requested ?? 'not found';
  const facts = [
    env.role === 'user' ? null : `env ${env.id}`,
    env.pythonVersion ? `Python ${env.pythonVersion}` : 'Python version unknown',
    env.kind,
    env.resolution ? `chosen by ${env.resolution.rule}` : null,
  ].filter(Boolean);
  const label = env.role === 'user' ? 'Interpreter' : 'Isolated';
  const lines = [`${c.bold(label.padEnd(INDENT.length - 1))} ${terminalSafe(where)}`, `${INDENT}${c.dim(terminalSafe(facts.join(', ')))}`];
  if (env.probeFailure) lines.push(`${INDENT}${c.red(`probe failed (${env.probeFailure.kind}): ${terminalSafe(env.probeFailure.message)}`)}`);
  return lines;
}

const OUTCOME_MARK: Record<OutcomeKind, (c: Colors) => string> = {
  passed: (c) => c.green('✔'),
  partial: (c) => c.yellow('!'),
  failed: (c) => c.red('✖'),
  crashed: (c) => c.red('✖'),
  'timed-out': (c) => c.red('✖'),
  'out-of-memory': (c) => c.red('✖'),
  interrupted: (c) => c.yellow('!'),
  'no-stages': (c) => c.dim('·'),
};

/** --isolated: the verdict per target, in one sentence each. */
function differentialLines(report: Report, c: Colors): string[] {
  const diffs = report.differentials ?? [];
  if (!diffs.length) return [];
  const mark = (v: string) => (v === 'healthy' ? c.green('✔') : v === 'environmental' ? c.yellow('◆') : c.red('✖'));
  return ['', c.bold('Your env and a clean one'), ...diffs.map((d) => `  ${mark(d.verdict)} ${terminalSafe(d.sentence)}`)];
}

/** One line a target: its outcome with the error that stopped it; --verbose adds a line a stage. */
function targetLines(targets: readonly Target[], verbose: boolean, c: Colors): string[] {
  if (!targets.length) return [];
  const width = Math.min(24, Math.max(...targets.map((t) => terminalSafe(t.id).length)));
  return ['', c.bold('Targets'), ...targets.flatMap((t) => [targetLine(t, width, c), ...(verbose ? orderedStages(t.stages).map((s) => stageLine(s, c)) : [])])];
}

/** Which engines still work: what an app with fallback chains needs to know first. */
function availabilityLines(report: Report, c: Colors): string[] {
  const a = report.availability;
  if (!a || a.engines.length < 2) return [];
  return [`  ${c.bold('Engines')} ${terminalSafe(a.sentence)}`];
}

function targetLine(t: Target, width: number, c: Colors): string {
  const outcome = targetOutcome(t);
  const mark = (OUTCOME_MARK[outcome.kind] ?? OUTCOME_MARK['no-stages'])(c);
  const broken = outcome.kind !== 'passed' && outcome.kind !== 'partial' && outcome.kind !== 'no-stages' && outcome.kind !== 'interrupted';
  const error = outcome.stage?.error;
  // A crash's reason only repeats the signal or exit code the outcome already names.
  const reason = outcome.kind === 'timed-out' || outcome.kind === 'out-of-memory' ? outcome.stage?.skipReason : null;
  const why = error ? `: ${clip(`${error.type}: ${error.message}`, 100)}` : reason ? `: ${clip(reason, 100)}` : '';
  const text = terminalSafe(`${outcome.text}${why}`);
  const peak = Math.max(-1, ...(t.stages ?? []).map((s) => s.memory?.peakBytes ?? -1));
  const facts = [t.family, `env ${t.environment}`, formatMs(t.process?.durationMs), peak >= 0 ? `peak ${formatBytes(peak)}` : null].filter(Boolean).join(', ');
  return `  ${mark} ${terminalSafe(t.id).padEnd(width)}  ${broken ? c.red(text) : text}  ${c.dim(`(${terminalSafe(facts)})`)}`;
}

const STAGE_COLOR: Record<string, (c: Colors, s: string) => string> = {
  passed: (c, s) => c.green(s),
  skipped: (c, s) => c.dim(s),
  'timed-out': (c, s) => c.yellow(s),
};

function stageLine(s: Stage, c: Colors): string {
  const paint = STAGE_COLOR[s.status] ?? ((cc: Colors, x: string) => cc.red(x));
  const ran = s.status !== 'skipped' || s.startMs !== null;
  const duration = ran ? formatMs(s.durationMs) : '';
  const peak = typeof s.memory?.peakBytes === 'number' ? `peak ${formatMiB(s.memory.peakBytes)}` : '';
  const note = s.status === 'passed' ? '' : s.error ? `${s.error.type}` : (s.skipReason ?? '');
  const status = terminalSafe(stageLabel(s));
  // Padding outside the colour, so trimming the line end works the same with colour on and off.
  const cols = `${terminalSafe(s.name).padEnd(20)} ${paint(c, status)}${' '.repeat(Math.max(1, 14 - status.length))}${duration.padStart(9)}  ${peak.padEnd(16)}`;
  return `${INDENT}${cols}${note ? c.dim(clip(terminalSafe(note), 80)) : ''}`.trimEnd();
}

function clip(s: string, max: number): string {
  const line = s.replace(/\s*[\r\n]+\s*/g, ' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

const SEVERITY_COLOR: Record<Severity, (c: Colors, s: string) => string> = {
  error: (c, s) => c.red(c.bold(s)),
  warning: (c, s) => c.yellow(c.bold(s)),
  info: (c, s) => c.cyan(s),
};

function findingLines(findings: readonly Finding[], verbose: boolean, c: Colors): string[] {
  const shown = sortFindings(findings).filter((f) => verbose || f.severity !== 'info');
  const hidden = findings.length - shown.length;
  const lines = shown.length ? ['', ...shown.flatMap((f) => oneFinding(f, c))] : [];
  if (hidden > 0) lines.push('', c.dim(`${plural(hidden, 'info finding')} not shown (--verbose shows ${hidden === 1 ? 'it' : 'them'}).`));
  return lines;
}

function oneFinding(f: Finding, c: Colors): string[] {
  const paint = SEVERITY_COLOR[f.severity] ?? ((_: Colors, s: string) => s);
  const head = `  ${paint(c, f.severity.padEnd(INDENT.length - 3))} ${terminalSafe(f.title)}  ${c.dim(terminalSafe(f.ruleId))}`;
  const fixes = f.fixes ?? [];
  const fix = fixes.find((x) => x.kind === 'command' && x.runnable && x.command);
  // No command to paste: name the first fix so the reader knows where to look.
  if (!fix?.command) return fixes[0] ? [head, `${INDENT}${c.dim(`→ ${terminalSafe(fixes[0].title)} (see the report)`)}`] : [head];
  const cmd = terminalSafe(fix.command, true).split('\n');
  return [head, ...cmd.map((line, i) => `${INDENT}${c.green(i === 0 ? `$ ${line}` : `  ${line}`)}`)];
}

function unitErrorLines(report: Report, c: Colors): string[] {
  const n = report.unitErrors.length;
  if (!n) return [];
  const units = report.unitErrors.map((u) => terminalSafe(u.unit)).join(', ');
  return ['', c.yellow(`${plural(n, 'check')} broke and gave no verdict: ${units} (the report has the stack).`)];
}

function fileLines(files: readonly string[], c: Colors): string[] {
  if (!files.length) return [];
  return ['', c.bold('Wrote'), ...files.map((f) => `  ${terminalSafe(f)}`)];
}

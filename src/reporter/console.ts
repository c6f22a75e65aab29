// The short terminal summary after a run: status, interpreter, each problem with its first fix, files written.
import pc from 'picocolors';
import type { Environment, Finding, Report, Severity } from '../core/report-types.js';
import { formatMs, plural, SEVERITIES, showControls, sortFindings } from './format.js';

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

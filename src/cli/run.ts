// The `run` command: config -> gather (or replay) -> analyze -> render -> write, and the exit code.
import path from 'node:path';
import type { Report } from '../core/report-types.js';
import { ToolError } from '../core/tool-errors.js';
import { renderConsole } from '../reporter/console.js';
import type { Comparison } from '../core/comparison-types.js';
import { compareReports } from '../gate/compare.js';
import { loadReportFile } from '../gate/report-file.js';
import { renderComparisonConsole } from '../reporter/comparison-console.js';
import { analyze, exitCodeFor } from '../orchestrator/analyze.js';
import { ARTIFACTS_DIR, artifactFiles, loadArtifacts, type Artifacts } from '../orchestrator/artifacts.js';
import { loadConfig, type Config } from '../orchestrator/config.js';
import { gather, type GatherOptions, type ReferenceSet } from '../orchestrator/gather.js';
import { ensureWritableDir, writeJson } from '../orchestrator/output.js';
import { assertValidReport, githubChannels, parseFormats, writeReportFiles, DEFAULT_FORMATS, type Format } from './report-files.js';
import { looksLikePath } from '../orchestrator/which.js';
import { createProgress } from '../orchestrator/progress.js';
import { resolveInside } from '../core/safe-path.js';
import { redactor } from '../core/redact.js';
import { appPath } from '../analyzer/host-app/app-path.js';

export { FORMATS, parseFormats, type Format } from './report-files.js';
export { DEFAULT_OUTPUT_DIR } from './cli-constants.js';
import { DEFAULT_OUTPUT_DIR } from './cli-constants.js';

export interface RunOptions {
  outputDir?: string | undefined;
  python?: string | undefined;
  config?: string | undefined;
  format?: string[] | undefined;
  fromArtifacts?: string | undefined;
  baseline?: string | undefined;
  label?: string | undefined;
  isolated?: boolean | undefined;
  skipEnvironment?: boolean | undefined;
  offline?: boolean | undefined;
  findLinks?: string | undefined;
  reference?: string | undefined;
  verbose: boolean;
  quiet: boolean;
  color: boolean;
}

export interface RunIo {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Aborted on Ctrl-C: running targets are killed and a partial report marked interrupted is written. */
  signal?: AbortSignal;
  /** stderr when it is a terminal: progress is a live line there instead of one line per step. */
  progressStream?: NodeJS.WriteStream;
}

function interpreterEnv(c: Config): { name: string; default: string } | undefined {
  if (!c.interpreterEnv) return undefined;
  return typeof c.interpreterEnv === 'string'
    ? { name: c.interpreterEnv, default: 'python3' }
    : { name: c.interpreterEnv.name, default: c.interpreterEnv.default ?? 'python3' };
}

/** --reference, else config `reference`, else `defaultTargets: false` or DEBUG_TTS_DEFAULT_TARGETS=0 (off) / =all, else piper. */
function referenceSet(flag: string | undefined, config: Config, env: NodeJS.ProcessEnv): ReferenceSet {
  const pick = flag ?? config.reference;
  if (pick !== undefined) {
    if (pick === 'piper' || pick === 'all' || pick === 'off') return pick;
    throw new ToolError('E_USAGE', `--reference takes piper, all or off, not ${JSON.stringify(pick)}.`);
  }
  if (config.defaultTargets === false) return 'off';
  const fromEnv = (env.DEBUG_TTS_DEFAULT_TARGETS ?? '').toLowerCase();
  if (['0', 'false', 'no', 'off'].includes(fromEnv)) return 'off';
  return fromEnv === 'all' ? 'all' : 'piper';
}

/** A config value that is a path is relative to the config file, as editors and people expect. */
function fromConfigDir(value: string | undefined, configFile: string | null): string | undefined {
  if (!value || !configFile || !looksLikePath(value)) return value;
  return path.resolve(path.dirname(configFile), value);
}

async function gatherFor(o: RunOptions, io: RunIo, config: Config, configFile: string | null): Promise<Artifacts> {
  // In CI logs, a timestamp per line shows where minutes went (an env build, a slow stage).
  const stamp = io.env.CI && io.env.CI !== 'false' ? () => `[${new Date().toISOString().slice(11, 19)}] ` : () => '';
  const progress = await createProgress({ tty: Boolean(io.progressStream), env: io.env, write: io.stderr, stamp, ...(io.progressStream ? { stream: io.progressStream } : {}) });
  const log = o.quiet ? () => {} : progress.log;
  try {
    return await gather(gatherOptions(o, io, config, configFile, log));
  } finally {
    progress.stop();
  }
}

function gatherOptions(o: RunOptions, io: RunIo, config: Config, configFile: string | null, log: (line: string) => void): GatherOptions {
  return {
    argv: io.argv,
    cwd: io.cwd,
    env: io.env,
    configFile,
    resolution: {
      flag: o.python,
      configPython: fromConfigDir(config.python, configFile),
      interpreterEnv: interpreterEnv(config),
    },
    timeoutMs: (config.probe?.timeoutSeconds ?? 60) * 1000,
    torch: config.probe?.torch ?? true,
    otherInterpreters: config.probe?.otherInterpreters ?? true,
    projectDirs: configFile ? [path.dirname(configFile)] : [],
    targets: config.targets ?? [],
    runDefaults: config.run,
    discover: config.discover ?? true,
    reference: referenceSet(o.reference, config, io.env),
    label: o.label ?? config.label,
    app: appPath(config.app, configFile, io.cwd),
    isolated: {
      ...config.isolated,
      enabled: Boolean(o.isolated || o.skipEnvironment || config.isolated?.enabled),
      ...(o.findLinks
        ? { findLinks: path.resolve(io.cwd, o.findLinks) }
        : config.isolated?.findLinks
          ? { findLinks: path.resolve(configFile ? path.dirname(configFile) : io.cwd, config.isolated.findLinks) }
          : {}),
      offline: Boolean(o.offline || config.isolated?.offline),
      skipCheck: Boolean(o.skipEnvironment),
    },
    log,
    ...(io.signal ? { signal: io.signal } : {}),
  };
}

function writeOutputs(dir: string, report: Report, artifacts: Artifacts, formats: Format[], comparison: Comparison | null): string[] {
  for (const [name, data] of Object.entries(artifactFiles(artifacts))) {
    if (data === null || data === undefined) continue;
    writeJson(resolveInside(dir, path.join(ARTIFACTS_DIR, name)), data);
  }
  return [...writeReportFiles(dir, report, formats, comparison), path.join(dir, ARTIFACTS_DIR)];
}

/**
 * analyze(), and the promise that no report that fails its own schema is ever written. Replayed
 * artifacts come from disk (another machine, a hand edit): what the schema lets through but analysis
 * cannot use is their fault (E_ARTIFACTS), not a crash; with gathered artifacts it is a bug.
 */
function checkedReport(artifacts: Artifacts, fromArtifacts: string | null): Report {
  let report: Report;
  try {
    report = analyze(artifacts, { fromArtifacts });
  } catch (err) {
    if (!fromArtifacts || err instanceof ToolError) throw err;
    throw new ToolError('E_ARTIFACTS', `the artifacts in ${fromArtifacts} passed their schema but could not be analysed (${(err as Error).message}); were they edited by hand, or written by another debug-tts?`, { cause: err });
  }
  assertValidReport(report, fromArtifacts ? 'E_ARTIFACTS' : 'E_INTERNAL', fromArtifacts ?? 'this run');
  return report;
}

export async function runCommand(o: RunOptions, io: RunIo): Promise<number> {
  const { file: configFile, config } = loadConfig(io.cwd, o.config);
  const formats = parseFormats(o.format ?? config.format ?? DEFAULT_FORMATS);
  const outputDir = path.resolve(io.cwd, o.outputDir ?? fromConfigDir(config.outputDir, configFile) ?? DEFAULT_OUTPUT_DIR);
  ensureWritableDir(outputDir);
  // Read before the run: a bad --baseline is a tool error at once, not after minutes of loading models.
  const baseline = o.baseline ? loadReportFile(path.resolve(io.cwd, o.baseline)) : null;
  const fromArtifacts = o.fromArtifacts ? path.resolve(io.cwd, o.fromArtifacts) : null;
  // Redacted before analysis: what model code printed or raised (tracebacks, stderr, sys.path) may hold
  // a token, and the report, the artifacts and the console all derive from these.
  const artifacts = redactor().value(fromArtifacts ? loadArtifacts(fromArtifacts) : await gatherFor(o, io, config, configFile));
  const report = checkedReport(artifacts, fromArtifacts);
  const comparison = baseline ? compareReports(baseline, { report, file: null }, config.gate ?? {}) : null;
  const written = writeOutputs(outputDir, report, artifacts, formats, comparison);
  io.stdout(
    o.quiet
      ? `${report.summary.status}: ${report.summary.headline} ${written[0] ?? outputDir}\n`
      : renderConsole(report, { color: o.color, verbose: o.verbose, outputFiles: written }),
  );
  if (comparison) io.stdout(renderComparisonConsole(comparison, { color: o.color, quiet: o.quiet }));
  githubChannels(io.env, report, comparison, path.join(outputDir, 'report.html'), io.stdout);
  // With a baseline the question is "did it get worse", not "is anything wrong": known problems pass.
  if (comparison) return comparison.status === 'regressed' ? 3 : 0;
  return exitCodeFor(report);
}

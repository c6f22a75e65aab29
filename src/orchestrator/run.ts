// The `run` command: config -> gather (or replay) -> analyze -> render -> write, and the exit code.
import path from 'node:path';
import type { Report } from '../core/report-types.js';
import { ToolError } from '../core/tool-errors.js';
import { renderConsole } from '../reporter/console.js';
import { renderHtml } from '../reporter/html.js';
import { analyze, exitCodeFor } from './analyze.js';
import { ARTIFACTS_DIR, artifactFiles, loadArtifacts, type Artifacts } from './artifacts.js';
import { loadConfig, type Config } from './config.js';
import { gather } from './gather.js';
import { ensureWritableDir, writeAtomic, writeJson } from './output.js';
import { looksLikePath } from './which.js';

export const FORMATS = ['json', 'html'] as const;
export type Format = (typeof FORMATS)[number];
export const DEFAULT_OUTPUT_DIR = 'debug-tts-report';
export const REPORT_SCHEMA_REF = 'https://debug-tts.dev/schemas/report-1.json';

export interface RunOptions {
  outputDir?: string | undefined;
  python?: string | undefined;
  config?: string | undefined;
  format?: string[] | undefined;
  fromArtifacts?: string | undefined;
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
}

export function parseFormats(values: string[]): Format[] {
  const list = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const bad = list.filter((v) => !(FORMATS as readonly string[]).includes(v));
  if (bad.length || !list.length) {
    throw new ToolError('E_USAGE', `unknown --format ${bad.length ? `"${bad.join('", "')}"` : '(empty)'}; choose from ${FORMATS.join(', ')}.`);
  }
  return [...new Set(list)] as Format[];
}

function interpreterEnv(c: Config): { name: string; default: string } | undefined {
  if (!c.interpreterEnv) return undefined;
  return typeof c.interpreterEnv === 'string'
    ? { name: c.interpreterEnv, default: 'python3' }
    : { name: c.interpreterEnv.name, default: c.interpreterEnv.default ?? 'python3' };
}

/** A config value that is a path is relative to the config file, as editors and people expect. */
function fromConfigDir(value: string | undefined, configFile: string | null): string | undefined {
  if (!value || !configFile || !looksLikePath(value)) return value;
  return path.resolve(path.dirname(configFile), value);
}

async function gatherFor(o: RunOptions, io: RunIo, config: Config, configFile: string | null): Promise<Artifacts> {
  const log = o.quiet ? () => {} : (line: string) => io.stderr(`debug-tts: ${line}\n`);
  return gather({
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
    log,
    ...(io.signal ? { signal: io.signal } : {}),
  });
}

function writeOutputs(dir: string, report: Report, artifacts: Artifacts, formats: Format[]): string[] {
  const written: string[] = [];
  for (const [name, data] of Object.entries(artifactFiles(artifacts))) {
    if (data === null || data === undefined) continue;
    writeJson(path.join(dir, ARTIFACTS_DIR, name), data);
  }
  if (formats.includes('json')) {
    const file = path.join(dir, 'report.json');
    writeJson(file, { $schema: REPORT_SCHEMA_REF, ...report });
    written.push(file);
  }
  if (formats.includes('html')) {
    const file = path.join(dir, 'report.html');
    writeAtomic(file, renderHtml(report));
    written.push(file);
  }
  written.push(path.join(dir, ARTIFACTS_DIR));
  return written;
}

export async function runCommand(o: RunOptions, io: RunIo): Promise<number> {
  const { file: configFile, config } = loadConfig(io.cwd, o.config);
  const formats = parseFormats(o.format ?? config.format ?? [...FORMATS]);
  const outputDir = path.resolve(io.cwd, o.outputDir ?? fromConfigDir(config.outputDir, configFile) ?? DEFAULT_OUTPUT_DIR);
  ensureWritableDir(outputDir);
  const fromArtifacts = o.fromArtifacts ? path.resolve(io.cwd, o.fromArtifacts) : null;
  const artifacts = fromArtifacts ? loadArtifacts(fromArtifacts) : await gatherFor(o, io, config, configFile);
  const report = analyze(artifacts, { fromArtifacts });
  const written = writeOutputs(outputDir, report, artifacts, formats);
  io.stdout(
    o.quiet
      ? `${report.summary.status}: ${report.summary.headline} ${written[0] ?? outputDir}\n`
      : renderConsole(report, { color: o.color, verbose: o.verbose, outputFiles: written }),
  );
  return exitCodeFor(report);
}

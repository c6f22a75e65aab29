// The `compare` and `merge` commands: the CI gate on two reports, and one report from a CI matrix.
import path from 'node:path';
import { compareReports } from '../gate/compare.js';
import { mergeReports } from '../gate/merge.js';
import { loadReportFile } from '../gate/report-file.js';
import { renderComparisonConsole } from '../reporter/comparison-console.js';
import { renderConsole } from '../reporter/console.js';
import { hostFacts } from '../orchestrator/gather.js';
import { loadConfig } from '../orchestrator/config.js';
import { ensureWritableDir } from '../orchestrator/output.js';
import { assertValidReport, DEFAULT_FORMATS, githubChannels, parseFormats, writeReportFiles, type Format } from './report-files.js';
import { DEFAULT_OUTPUT_DIR } from './cli-constants.js';
import type { RunIo } from './run.js';

export interface GateCommandOptions {
  outputDir?: string | undefined;
  config?: string | undefined;
  format?: string[] | undefined;
  quiet: boolean;
  color: boolean;
  verbose: boolean;
}

function outputDirFor(o: GateCommandOptions, io: RunIo): string {
  const dir = path.resolve(io.cwd, o.outputDir ?? DEFAULT_OUTPUT_DIR);
  ensureWritableDir(dir);
  return dir;
}

/** `compare BASE HEAD`: writes comparison.json (and the head's report files asked for); exit 3 on regression. */
export async function compareCommand(baseFile: string, headFile: string, o: GateCommandOptions, io: RunIo): Promise<number> {
  const { config } = loadConfig(io.cwd, o.config);
  const base = loadReportFile(path.resolve(io.cwd, baseFile));
  const head = loadReportFile(path.resolve(io.cwd, headFile));
  const dir = outputDirFor(o, io);
  const comparison = compareReports(base, head, config.gate ?? {});
  // The head report is already on disk: only the CI formats (and the comparison) are written here.
  const formats = (o.format ? parseFormats(o.format) : ['markdown']).filter((f) => f !== 'json') as Format[];
  const written = writeReportFiles(dir, head.report, formats, comparison);
  io.stdout(renderComparisonConsole(comparison, { color: o.color, quiet: o.quiet }));
  if (!o.quiet) io.stdout(`  Written: ${written.join(', ')}\n`);
  githubChannels(io.env, head.report, comparison, path.relative(io.cwd, head.file), io.stdout);
  return comparison.status === 'regressed' ? 3 : 0;
}

/** `merge A B ...`: one report with a target x environment matrix; the gate then runs on it. */
export async function mergeCommand(files: string[], o: GateCommandOptions, io: RunIo): Promise<number> {
  const inputs = files.map((f) => loadReportFile(path.resolve(io.cwd, f)));
  const dir = outputDirFor(o, io);
  const report = mergeReports(inputs, { argv: io.argv, cwd: io.cwd, host: hostFacts(), now: new Date() });
  assertValidReport(report, 'E_INTERNAL', `merging ${files.join(', ')}`);
  const formats = o.format ? parseFormats(o.format) : DEFAULT_FORMATS;
  const written = writeReportFiles(dir, report, formats);
  io.stdout(o.quiet ? `${report.summary.status}: ${report.summary.headline} ${written[0] ?? dir}\n` : renderConsole(report, { color: o.color, verbose: o.verbose, outputFiles: written }));
  githubChannels(io.env, report, null, path.join(dir, 'report.html'), io.stdout);
  return report.summary.status === 'problems' ? 1 : 0;
}

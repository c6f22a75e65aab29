// Merges the reports of a CI matrix (one per job) into one report with a target x environment matrix.
import path from 'node:path';
import { fingerprint } from '../analyzer/run-checks.js';
import { REPORT_VERSION, type Environment, type Finding, type Report, type Target } from '../core/report-types.js';
import { ToolError } from '../core/tool-errors.js';
import { TOOL_VERSION } from '../core/version.js';
import { recommendations } from '../diagnostics/recommendations.js';
import { sortFindings, summarize } from '../orchestrator/analyze.js';
import type { LoadedReport } from './report-file.js';
import { reportFingerprint } from './env-fingerprint.js';

export interface MergeOptions {
  argv: string[];
  cwd: string;
  host: Report['run']['host'];
  now: Date;
}

/**
 * The name of each input's column: its run.label, else the folder it sits in (a CI artifact's name),
 * else its file name; made unique. Stable names matter: the gate matches targets by them.
 */
export function matrixLabels(inputs: LoadedReport[]): string[] {
  const raw = inputs.map((i) => {
    if (i.report.run.label) return i.report.run.label;
    const dir = path.basename(path.dirname(path.resolve(i.file)));
    return dir && dir !== '.' && dir !== path.sep ? dir : path.basename(i.file, '.json');
  });
  const seen = new Map<string, number>();
  return raw.map((l) => {
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return n === 1 ? l : `${l}#${n}`;
  });
}

/** Environment ids become `<label>` (the job's interpreter) or `<label>/<id>` (a target's own). */
function envId(label: string, id: string): string {
  return id === 'user' ? label : `${label}/${id}`;
}

function relabelFinding(f: Finding, label: string): Finding {
  return {
    ...f,
    environment: envId(label, f.environment ?? 'user'),
    // The same problem in two columns is two findings; the label keeps each stable across merges.
    fingerprint: fingerprint([f.fingerprint, label]),
  };
}

export function mergeReports(inputs: LoadedReport[], o: MergeOptions): Report {
  if (inputs.length < 2) throw new ToolError('E_USAGE', 'merge needs at least two report.json files (one per matrix job).');
  const labels = matrixLabels(inputs);
  const environments: Environment[] = [];
  const targets: Target[] = [];
  const findings: Finding[] = [];
  const unitErrors: Report['unitErrors'] = [];
  inputs.forEach(({ report: r }, i) => {
    const label = labels[i]!;
    environments.push(...r.environments.map((e) => ({ ...e, id: envId(label, e.id) })));
    targets.push(...r.targets.map((t) => ({ ...t, environment: envId(label, t.environment) })));
    findings.push(...r.findings.map((f) => relabelFinding(f, label)));
    unitErrors.push(...r.unitErrors.map((u) => ({ ...u, unit: `${label}: ${u.unit}` })));
  });
  sortFindings(findings);
  const started = Math.min(...inputs.map((i) => Date.parse(i.report.run.startedAt)));
  const finished = Math.max(...inputs.map((i) => Date.parse(i.report.run.finishedAt)));
  const interrupted = inputs.some((i) => i.report.run.interrupted);
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: 'debug-tts', version: TOOL_VERSION },
    run: {
      argv: o.argv,
      cwd: o.cwd,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      durationMs: Math.max(0, finished - started),
      host: o.host,
      configFile: null,
      fromArtifacts: null,
      interrupted,
    },
    environments,
    otherInterpreters: inputs.flatMap((i) => i.report.otherInterpreters),
    targets,
    findings,
    recommendations: recommendations(findings),
    unitErrors,
    summary: summarize(findings, interrupted),
    matrix: {
      columns: inputs.map((i, n) => ({
        label: labels[n]!,
        file: path.resolve(o.cwd, i.file),
        startedAt: i.report.run.startedAt,
        host: i.report.run.host.hostname,
        ...(i.upgradedFrom ? { upgradedFrom: i.upgradedFrom } : {}),
        ...ranOn(i.report),
      })),
    },
  };
}

/** A column's Python and torch versions: what tells CI matrix jobs apart at a glance. */
function ranOn(r: Report): { python: string | null; torch: string | null } {
  const f = reportFingerprint(r);
  return { python: f.python, torch: f.packages.torch ?? null };
}

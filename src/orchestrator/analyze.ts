// Analyze: artifacts in, Report out. Pure and replayable: no Python, no clock but what it is given.
import { runChecks } from '../analyzer/run-checks.js';
import { REPORT_VERSION, type Finding, type Report, type Severity } from '../core/report-types.js';
import { TOOL_VERSION } from '../core/version.js';
import { targetFromRun } from '../minimal/run-target.js';
import { stageFindings } from '../diagnostics/stage-findings.js';
import { recommendations } from '../diagnostics/recommendations.js';
import type { Artifacts } from './artifacts.js';
import { buildEnvironment } from './probe.js';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export interface AnalyzeOptions {
  /** Set when replaying: the artifacts dir the report was rebuilt from. */
  fromArtifacts: string | null;
}

function headline(findings: Finding[], counts: Record<Severity, number>): string {
  const first = findings.find((f) => f.severity !== 'info');
  if (!first) return 'No problems found.';
  const more = counts.error + counts.warning - 1;
  return `${first.title}${more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''}.`;
}

export function analyze(a: Artifacts, o: AnalyzeOptions): Report {
  const environment = buildEnvironment('user', a.resolution, a.probe);
  const checkContext = { environment, otherInterpreters: a.otherInterpreters, interpreterEnvVar: a.run.interpreterEnvVar, assets: a.assets };
  const { findings, unitErrors } = runChecks([checkContext]);
  const targets = a.targets.map(targetFromRun);
  findings.push(...stageFindings(targets, checkContext));
  sortFindings(findings);
  const durationMs = Math.max(0, Date.parse(a.run.finishedAt) - Date.parse(a.run.startedAt));
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: 'debug-tts', version: TOOL_VERSION },
    run: {
      argv: a.run.argv,
      cwd: a.run.cwd,
      startedAt: a.run.startedAt,
      finishedAt: a.run.finishedAt,
      durationMs,
      host: a.run.host,
      configFile: a.run.configFile,
      fromArtifacts: o.fromArtifacts,
      interrupted: a.run.interrupted,
      ...(a.run.label ? { label: a.run.label } : {}),
    },
    environments: [environment],
    otherInterpreters: a.otherInterpreters,
    targets,
    findings,
    recommendations: recommendations(findings),
    unitErrors,
    summary: summarize(findings, a.run.interrupted),
  };
}

/** Errors first, then warnings, then info; by rule id within a severity. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((x, y) => SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity] || x.ruleId.localeCompare(y.ruleId));
}

export function summarize(findings: Finding[], interrupted: boolean): Report['summary'] {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return {
    status: counts.error + counts.warning > 0 || interrupted ? 'problems' : 'ok',
    counts,
    headline: (interrupted ? 'Interrupted: this report is partial. ' : '') + headline(findings, counts),
  };
}

/** Exit code for a finished run: 1 when anything at warning level or above was found. */
export function exitCodeFor(report: Report): 0 | 1 {
  return report.summary.status === 'problems' ? 1 : 0;
}

// Analyze: artifacts in, Report out. Pure and replayable: no Python, no clock but what it is given.
import { runChecks } from '../analyzer/run-checks.js';
import { CHECKS } from '../analyzer/registry.js';
import { targetOutcome } from '../core/target-outcome.js';
import { appScanUnitErrors } from '../analyzer/host-app/interpreter-env.js';
import { configDrift } from '../analyzer/config-drift/finding.js';
import { foldSymptoms } from '../diagnostics/root-cause.js';
import { availability } from '../diagnostics/availability.js';
import { REPORT_VERSION, type Finding, type Fix, type Report, type Severity } from '../core/report-types.js';
import { TOOL_VERSION } from '../core/version.js';
import { targetFromRun } from '../minimal/run-target.js';
import { classifyFinding, stageFindings } from '../diagnostics/stage-findings.js';
import { recommendations } from '../diagnostics/recommendations.js';
import { annotateFindings, differentials } from '../diagnostics/differential.js';
import { classify } from '../diagnostics/classify.js';
import { fixCounts } from '../diagnostics/fix-invariant.js';
import { fingerprint } from '../analyzer/run-checks.js';
import type { CheckContext } from '../analyzer/check.js';
import { interpreterPath, pipCommand } from '../analyzer/fix-helpers.js';
import { ENV_BUILD_STAGE } from '../diagnostics/classify.js';
import type { Environment, Target } from '../core/report-types.js';
import type { EnvFailure, IsolatedEnv } from './isolated-env.js';
import { isIsolatedEnvironment } from '../core/environment-id.js';
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
  for (const f of findings) {
    const torchError = f.ruleId === 'torch-import-failed' ? environment.torch?.importError : null;
    if (torchError) classifyFinding(f, `${torchError.type}: ${torchError.message}\n${torchError.traceback}`, checkContext);
  }
  unitErrors.push(...appScanUnitErrors(a.resolution));
  const targets = a.targets.map(targetFromRun);
  const isolated = (a.isolated ?? []).flatMap((i) => (i.env ? [isolatedEnvironment(i.id, i.env)] : []));
  // A clean env's run is the other half of a comparison, not a problem of the user's setup; alone
  // (the reference set) it is the only run there is, and its failures are findings.
  const paired = (t: Target) => isIsolatedEnvironment(t.environment) && targets.some((u) => u.id === t.id && !isIsolatedEnvironment(u.environment));
  const fixChecks = (a.fixChecks ?? []).flatMap((c) => (c.run ? [{ targetId: c.targetId, environment: c.environment, key: c.key, value: c.value, stages: targetFromRun(c.run).stages }] : []));
  findings.push(...stageFindings(targets.filter((t) => !paired(t)), checkContext, fixChecks));
  const isolatedPython = (env: string) => (a.isolated ?? []).find((i) => i.id === env)?.env?.python;
  const drift = configDrift(a.targets.filter((_, i) => !paired(targets[i]!)), a.adapters ?? [], (run) => isolatedPython(run.environment) ?? interpreterPath(environment));
  findings.push(...drift.findings);
  findings.push(...(a.isolated ?? []).flatMap((i) => (i.failure ? [envBuildFinding(i.id, i.targets, i.failure, checkContext)] : [])));
  const diffs = differentials(targets, [environment, ...isolated]);
  annotateFindings(findings, diffs, interpreterPath(environment));
  // After the differential's verified fixes: a symptom's verified fix moves up to its cause.
  foldSymptoms(findings, targets, drift.adapters);
  sortFindings(findings);
  const engines = availability(targets);
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
    environments: [environment, ...isolated],
    otherInterpreters: a.otherInterpreters,
    targets,
    findings,
    recommendations: recommendations(findings),
    unitErrors,
    ...(a.isolated ? { differentials: diffs } : {}),
    ...(drift.adapters.length ? { adapters: drift.adapters } : {}),
    ...(engines ? { availability: engines } : {}),
    summary: withWhatWasChecked(summarize(findings, a.run.interrupted), environment, targets),
  };
}

/**
 * "No problems found" alone does not say what was looked at: the clean headline names it, as a
 * doctor's checklist would (the checks, the interpreter and its packages, the targets loaded).
 */
function withWhatWasChecked(summary: Report['summary'], environment: Environment, targets: Target[]): Report['summary'] {
  if (summary.status !== 'ok') return summary;
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const packages = environment.probe?.distributions?.length ?? 0;
  const interpreter = environment.pythonVersion ? `Python ${environment.pythonVersion}${packages ? ` and its ${count(packages, 'package')}` : ''}` : 'the interpreter';
  const green = targets.filter((t) => targetOutcome(t).kind === 'passed').length;
  const loads = targets.length ? `; ${count(targets.length, 'target')} loaded in stages, ${green === targets.length ? (targets.length === 1 ? 'all green' : 'all of them green') : `${green} all green`}` : '';
  return { ...summary, headline: `No problems found: ${count(CHECKS.length, 'check')} of ${interpreter}${loads}.` };
}

function isolatedEnvironment(id: string, env: IsolatedEnv): Environment {
  return {
    id,
    role: 'isolated',
    resolution: null,
    executable: env.python,
    realPath: env.python,
    kind: 'venv',
    pythonVersion: env.base.version,
    probe: null,
    probeFailure: null,
    torch: null,
    isolated: { dir: env.dir, requirements: env.requirements, lock: env.lock, how: env.how, checkMs: env.checkMs, buildMs: env.buildMs, installer: env.installer ?? 'pip' },
  };
}

/** A clean env that cannot be built says something too: pip's words, classified by the knowledge base. */
function envBuildFinding(id: string, targets: string[], failure: EnvFailure, ctx: CheckContext): Finding {
  const d = classify({ text: failure.output || failure.message, exceptionType: null, stage: ENV_BUILD_STAGE, env: { ...(failure.base ? { pythonVersion: failure.base.version } : {}), interpreter: interpreterPath(ctx.environment), otherInterpreters: ctx.otherInterpreters.map((o) => ({ path: o.path, version: o.version, imports: {} })) } });
  // The exact resolve that failed, to rerun by hand: nothing is installed by a dry run.
  const rerun: Fix = {
    kind: 'command',
    title: `Rerun the resolve that failed${failure.base ? ` (Python ${failure.base.version})` : ''} and read pip's reason`,
    command: pipCommand(interpreterPath(ctx.environment), ['install', '--dry-run', ...failure.requirements]),
    runnable: false,
    verified: null,
  };
  return {
    ruleId: d.ruleId ?? 'isolated-env-unbuildable',
    category: d.category,
    severity: 'error',
    title: `The clean env for ${targets.join(', ')} cannot be built: ${d.ruleId ? d.title : failure.message}`,
    message: `${failure.step === 'dry-run' ? 'The resolver dry run (nothing was installed)' : `Step ${failure.step}`} failed for ${failure.requirements.join(', ')} on Python ${failure.base?.version ?? '?'}.`,
    environment: id,
    evidence: [{ label: 'requirements', value: failure.requirements.join('\n') }, ...d.evidence],
    fixes: d.ruleId ? [...d.fixes, rerun] : [rerun, ...d.fixes],
    fingerprint: fingerprint(['isolated-env', id, failure.step, d.ruleId ?? '', failure.requirements.join(',')]),
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
    fixes: fixCounts(findings),
    headline: (interrupted ? 'Interrupted: this report is partial. ' : '') + headline(findings, counts),
  };
}

/** Exit code for a finished run: 1 when anything at warning level or above was found. */
export function exitCodeFor(report: Report): 0 | 1 {
  return report.summary.status === 'problems' ? 1 : 0;
}

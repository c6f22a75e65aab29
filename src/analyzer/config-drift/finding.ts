// Analysis side of config drift: one finding per drifted target, and the adapter with its verification for the report.
import path from 'node:path';
import type { Finding, ReportAdapter, StageName } from '../../core/report-types.js';
import type { TargetRun } from '../../minimal/run-target.js';
import type { DerivedSchema } from '../../minimal/stages.js';
import { runFileName } from '../../core/safe-path.js';
import { driftOf, VERIFY_STAGES, type AdapterArtifact } from './drift.js';
import { advice, command, quotePath, shellQuote } from '../fix-helpers.js';
import { fingerprint } from '../run-checks.js';
import { typescriptAdapter } from './adapter-ts.js';
import { applyAdapter, pythonAdapter } from './adapter.js';
import { describeIssue, type DriftIssue } from './diff.js';

export const RULE_ID = 'config-params-drifted';

type StageEnd = Extract<TargetRun['events'][number], { type: 'stage-end' }>;

function stageEnds(run: TargetRun | null): StageEnd[] {
  return (run?.events ?? []).filter((e): e is StageEnd => e.type === 'stage-end');
}

/** verified: every verify stage that applies passed and the adapted config no longer drifts where it matters. */
function verification(a: AdapterArtifact | undefined, original: TargetRun, python: string): ReportAdapter['verification'] {
  if (a?.adapterError) return { status: 'failed', how: a.adapterError, stages: [] };
  if (!a?.run) return { status: 'not-run', how: a?.notRun ?? 'the adapter was not run', stages: [] };
  const ends = stageEnds(a.run);
  const stages = VERIFY_STAGES.map((stage) => {
    const e = ends.find((x) => x.stage === stage);
    return { stage, status: e?.status ?? (a.run!.killedFor ?? (a.run!.signal ? 'crashed' : 'missing')), ...(e?.error ? { message: `${e.error.type}: ${e.error.message}`.slice(0, 500) } : {}) };
  });
  const failed = stages.filter((s) => s.status !== 'passed' && s.status !== 'skipped');
  const residual = (driftOf(a.run)?.issues ?? []).filter((i) => i.kind === 'renamed' || (i.kind === 'unknown' && !i.ignored) || i.kind === 'missing');
  const passed = stages.filter((s) => s.status === 'passed').map((s) => s.stage);
  const mustPass: StageName[] = ['config', 'construct-full-meta'];
  const fixedHere = stageEnds(original).filter((e) => e.status === 'failed' && passed.includes(e.stage)).map((e) => e.stage);
  if (failed.length || residual.length || !mustPass.every((s) => passed.includes(s))) {
    const why = failed.length ? `${failed[0]!.stage} ${failed[0]!.status}${failed[0]!.message ? `: ${failed[0]!.message}` : ''}` : residual.length ? `the adapted config still drifts: ${describeIssue(residual[0]!)}` : 'the model was not constructed';
    return { status: 'failed', how: `debug-tts loaded the target again with the adapted config in ${python}: ${why}`, stages };
  }
  return {
    status: 'verified',
    how: `debug-tts loaded the target again with the adapted config in ${python}: ${passed.join(', ')} passed${fixedHere.length ? ` (${fixedHere.join(', ')} failed without the adapter)` : ''}`,
    stages,
  };
}

function severityOf(issues: DriftIssue[]): Finding['severity'] {
  return issues.some((i) => i.kind !== 'unknown' || !i.ignored) ? 'error' : 'warning';
}

/** The adapter's file name (no extension), made from the target id and environment, never taken from a report. */
export const adapterBase = (target: string, environment: string) => runFileName(target, environment === 'user' ? undefined : environment);

/** Where an adapter's three forms go, relative to the output dir. */
export function adapterFiles(target: string, environment: string): { json: string; python: string; typescript: string } {
  const base = adapterBase(target, environment);
  return { json: `adapters/${base}.adapter.json`, python: `adapters/${base}.adapter.py`, typescript: `adapters/${base}.adapter.ts` };
}

export function configDrift(runs: TargetRun[], artifacts: AdapterArtifact[], pythonFor: (run: TargetRun) => string): { findings: Finding[]; adapters: ReportAdapter[] } {
  const findings: Finding[] = [];
  const adapters: ReportAdapter[] = [];
  for (const run of runs) {
    const drift = driftOf(run);
    if (!drift) continue;
    const artifact = artifacts.find((a) => a.targetId === run.id && a.environment === run.environment);
    // The adapter that was verified is the one reported: recomputing could differ after an upgrade of debug-tts.
    const adapter = artifact?.adapter ?? drift.adapter;
    const schema = drift.introspection.schema as DerivedSchema;
    const python = pythonFor(run);
    const v = verification(artifact, run, python);
    const files = adapterFiles(run.id, run.environment);
    const base = adapterBase(run.id, run.environment);
    const lines = drift.issues.map((i) => describeIssue(i, schema));
    adapters.push({
      target: run.id,
      environment: run.environment,
      configClass: adapter.configClass,
      source: adapter.source,
      issues: drift.issues.map((i, n) => ({ kind: i.kind, path: i.path, text: lines[n]!, ...(i.to ? { to: i.to } : {}), ...(i.ignored !== undefined ? { ignored: i.ignored } : {}) })),
      operations: adapter.operations,
      unresolved: adapter.unresolved,
      adaptedConfig: artifact?.adaptedConfig ?? applyAdapter(adapter, drift.introspection.config),
      verification: v,
      files,
      python: pythonAdapter(adapter, base),
      typescript: typescriptAdapter(adapter, schema, base),
    });
    const renames = adapter.operations.filter((o) => o.op === 'rename');
    const cls = adapter.configClass.split('.').pop();
    const fixes = [];
    if (adapter.operations.length) {
      const adapted = path.join(path.dirname(adapter.source), `${path.basename(adapter.source, path.extname(adapter.source))}.adapted.json`);
      fixes.push(command(
        `Adapt ${path.basename(adapter.source)} with the generated adapter (run in the report folder)`,
        `${quotePath(python)} ${files.python} ${shellQuote(adapter.source)} > ${shellQuote(adapted)}`,
        v.status === 'verified' ? v.how : undefined,
      ));
    }
    if (renames.length) {
      fixes.push(advice('Or rename the keys in the config file', `${renames.map((o) => `${o.path.join('.')} -> ${o.to}`).join(', ')}. The adapter is also in ${files.json} (data) and ${files.typescript} (for a Node app that builds this config).`));
    }
    if (adapter.unresolved.length) fixes.push(advice('Set what the adapter cannot know', adapter.unresolved.join('; ')));
    findings.push({
      ruleId: RULE_ID,
      category: 'config-param-mismatch',
      severity: severityOf(drift.issues),
      title: `The config of ${run.id} does not match what ${cls} takes`,
      message: `${adapter.source}: ${lines.length} key${lines.length > 1 ? 's' : ''} drifted from ${adapter.configClass} as installed (${lines[0]}${lines.length > 1 ? ', ...' : ''}). Adapter: ${v.status}.`,
      environment: run.environment,
      target: run.id,
      stage: 'config',
      evidence: [
        ...lines.map((value) => ({ label: 'drift', value })),
        { label: 'schema', value: schema['x-source'] ?? `signature of ${adapter.configClass}` },
        { label: 'adapter', value: `${v.status}: ${v.how}` },
      ],
      fixes,
      fingerprint: fingerprint([RULE_ID, run.environment, run.id, ...drift.issues.map((i) => `${i.kind}:${i.path.join('.')}`).sort()]),
    });
  }
  return { findings, adapters };
}

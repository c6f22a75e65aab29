// Config drift of one run, from its introspection event: the issues, and the adapter that fixes them.
// Pure: gather (orchestrator/verify-adapters.ts) and analysis (finding.ts) both read it.
import type { StageName } from '../../core/report-types.js';
import type { TargetRun } from '../../minimal/run-target.js';
import type { DerivedSchema, StageEvent } from '../../minimal/stages.js';
import { buildAdapter, type Adapter } from './adapter.js';
import { diffConfig, type DriftIssue } from './diff.js';

type Introspection = Extract<StageEvent, { type: 'introspection' }>;

export interface AdapterArtifact {
  targetId: string;
  environment: string;
  adapter: Adapter;
  adaptedConfig: Record<string, unknown>;
  /** The load rerun with the adapted config (stages up to load-weights); null when it was not run. */
  run: TargetRun | null;
  /** Why it was not run. */
  notRun?: string;
  /** The generated Python adapter itself failed on the user's config. */
  adapterError?: string;
}

/** The stages that prove an adapter: the config builds, the model constructs, and the weights load with it. */
export const VERIFY_STAGES: StageName[] = ['preflight', 'import', 'config', 'construct-minimal', 'construct-full-meta', 'load-weights'];

export function introspectionOf(run: Pick<TargetRun, 'events'>): Introspection | null {
  return (run.events.find((e) => e.type === 'introspection') as Introspection | undefined) ?? null;
}

/** The drift of a run's config and the adapter for it; null when the config matches the code. */
export function driftOf(run: Pick<TargetRun, 'events'>): { introspection: Introspection; issues: DriftIssue[]; adapter: Adapter } | null {
  const introspection = introspectionOf(run);
  if (!introspection) return null;
  const issues = diffConfig(introspection.schema as DerivedSchema, introspection.config);
  if (!issues.length) return null;
  return { introspection, issues, adapter: buildAdapter(issues, introspection.configClass, introspection.source) };
}

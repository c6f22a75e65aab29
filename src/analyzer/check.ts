// The contract of an analyzer check: one file each under checks/, `meta` plus one verb, `run`.
import type { Category, Environment, Evidence, Fix, OtherInterpreter, Severity } from '../core/report-types.js';
import type { TargetAssets } from './assets.js';

export interface CheckContext {
  environment: Environment;
  otherInterpreters: OtherInterpreter[];
  /** The env variable the user's app reads its interpreter from, when configured. */
  interpreterEnvVar: string | null;
  /** File facts of every configured target. */
  assets: TargetAssets[];
}

export interface CheckMeta {
  /** = file name: a kebab-case noun naming the failing state. */
  id: string;
  category: Category;
  severity: Severity;
  title: string;
  /** What of the context the check reads; it is handed nothing else. */
  requires: ('probe' | 'resolution' | 'otherInterpreters' | 'torch' | 'assets')[];
}

/** What a check returns; the orchestrator adds rule id, category default, scope and fingerprint. */
export interface CheckResult {
  title?: string;
  message: string;
  severity?: Severity;
  category?: Category;
  evidence: Evidence[];
  fixes: Fix[];
  /** What makes this finding the same one across runs (e.g. the package name). */
  key: string;
  target?: string;
}

export interface Check {
  meta: CheckMeta;
  run(ctx: CheckContext): CheckResult[];
}

// The Comparison: what changed between a baseline report and a new one (mirrors schemas/comparison.schema.json).

export const COMPARISON_VERSION = '1.0.0';

/** off: ignored by the gate; warn: listed, never fails the gate; error: a new one is a regression. */
export type GateLevel = 'off' | 'warn' | 'error';

export type ChangeKind =
  | 'stage-status'
  | 'finding'
  | 'memory'
  | 'time'
  | 'target';

export interface Change {
  kind: ChangeKind;
  /** error: fails the gate (a regression); warn: shown, does not fail it; info: an improvement or a note. */
  level: 'error' | 'warn' | 'info';
  target?: string;
  environment?: string;
  stage?: string;
  /** For findings: the rule (check or signature) id and the finding's stable fingerprint. */
  ruleId?: string;
  fingerprint?: string;
  /** What it was and what it is: a status, a byte count, milliseconds, or null when absent. */
  before: string | number | null;
  after: string | number | null;
  /** For memory and time: the relative change in percent (+12.5 = 12.5% more). */
  changePercent?: number;
  /** One line for people, e.g. `kokoro: load-weights passed -> failed`. */
  message: string;
}

/** What a run ran on, for telling whether base and head are comparable. */
export interface EnvironmentFingerprint {
  python: string | null;
  platform: string | null;
  /** Distribution name (normalised) -> version, for the packages a TTS load depends on. */
  packages: Record<string, string>;
}

export interface ComparedReport {
  file: string | null;
  reportVersion: string;
  /** Set when the report was written by an older debug-tts and upgraded before comparing. */
  upgradedFrom?: string;
  startedAt: string;
  environment: EnvironmentFingerprint;
}

export interface Comparison {
  comparisonVersion: string;
  base: ComparedReport;
  head: ComparedReport;
  /** Differences between the two environments, one line each (`torch 2.13.0 -> 2.14.1`); empty when alike. */
  environmentDifferences: string[];
  status: 'regressed' | 'unchanged' | 'improved';
  regressions: Change[];
  /** Worse, but at a level the config says not to fail on. */
  warnings: Change[];
  improvements: Change[];
  /** Neither better nor worse: targets new in this run. */
  notes: Change[];
  /** Known problems present in both (at error level): why the gate stays green with them. */
  unchangedProblems: number;
  thresholds: { memoryPercent: number; memoryMinBytes: number; timePercent: number | null };
}

/** The gate's settings (config `gate`): what counts as a regression. */
export interface Thresholds {
  /** A stage's peak memory above base by more than this percent (and memoryMinMb) is a regression. */
  memoryPercent?: number;
  /** Ignore growth smaller than this, whatever the percent: small stages are noisy. */
  memoryMinMb?: number;
  /** Off (null) by default: time is noisy; set it with run.repeats so medians are compared. */
  timePercent?: number | null;
  timeMinMs?: number;
}

export interface GateConfig extends Thresholds {
  /** Per check or signature id: off (ignored), warn (listed, never fails), error (a new one fails). */
  levels?: Record<string, GateLevel>;
  /** Per target id: thresholds of its own. */
  targets?: Record<string, Thresholds>;
}

// Compares a baseline report with a new one: regressions fail the CI gate, known unchanged problems do not.
import {
  COMPARISON_VERSION,
  type Change,
  type ComparedReport,
  type Comparison,
  type GateConfig,
  type GateLevel,
  type Thresholds,
} from '../core/comparison-types.js';
import { STAGE_NAMES, type Finding, type Report, type Stage, type StageStatus, type Target } from '../core/report-types.js';
import { signatureId } from '../core/finding-rule.js';
import { fingerprintDifferences, reportFingerprint } from './env-fingerprint.js';

export type { GateConfig, Thresholds } from '../core/comparison-types.js';

export const DEFAULT_THRESHOLDS = { memoryPercent: 10, memoryMinMb: 16, timePercent: null, timeMinMs: 100 } as const;

const FAILING: ReadonlySet<StageStatus> = new Set(['failed', 'crashed', 'timed-out', 'out-of-memory']);
const MiB = 1024 * 1024;

interface Side {
  report: Report;
  file: string | null;
  upgradedFrom?: string;
}

const targetKey = (t: Target) => `${t.environment}\u0000${t.id}`;
const targetLabel = (t: Target) => (t.environment === 'user' || t.environment.startsWith('target:') ? t.id : `${t.id} [${t.environment}]`);

function thresholdsFor(gate: GateConfig, target: string): Required<Thresholds> {
  const own = gate.targets?.[target] ?? {};
  return {
    memoryPercent: own.memoryPercent ?? gate.memoryPercent ?? DEFAULT_THRESHOLDS.memoryPercent,
    memoryMinMb: own.memoryMinMb ?? gate.memoryMinMb ?? DEFAULT_THRESHOLDS.memoryMinMb,
    timePercent: own.timePercent !== undefined ? own.timePercent : (gate.timePercent ?? DEFAULT_THRESHOLDS.timePercent),
    timeMinMs: own.timeMinMs ?? gate.timeMinMs ?? DEFAULT_THRESHOLDS.timeMinMs,
  };
}

/** The config's level for a finding: by the signature that recognised it, else by its rule id. */
function configuredLevel(f: Finding, gate: GateConfig): GateLevel | undefined {
  const signature = signatureId(f);
  return (signature ? gate.levels?.[signature] : undefined) ?? gate.levels?.[f.ruleId];
}

/** A finding's gate level: the config's word for its rule, else error for errors and warn for warnings. */
function findingLevel(f: Finding, gate: GateConfig): GateLevel | 'info' {
  const set = configuredLevel(f, gate);
  if (set) return set;
  return f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warn' : 'info';
}

/** The level of a stage that got worse: the level of the finding that diagnosed it, when the config set one. */
function stageLevel(head: Report, t: Target, stage: string, gate: GateConfig): GateLevel {
  const levels = head.findings
    .filter((f) => f.target === t.id && f.stage === stage)
    .map((f) => configuredLevel(f, gate))
    .filter((l): l is GateLevel => l !== undefined);
  if (!levels.length) return 'error';
  // The most lenient wins: a user who marked the signature as known does not want its stage to fail the gate.
  return levels.includes('off') ? 'off' : levels.includes('warn') ? 'warn' : 'error';
}

const pct = (before: number, after: number) => Math.round(((after - before) / before) * 1000) / 10;

function compareStage(t: Target, b: Stage, h: Stage, head: Report, gate: GateConfig, out: Change[]): void {
  const base = { kind: 'stage-status' as const, target: t.id, environment: t.environment, stage: h.name, before: b.status, after: h.status };
  const label = `${targetLabel(t)}: ${h.name}`;
  if (!FAILING.has(b.status) && FAILING.has(h.status)) {
    const level = stageLevel(head, t, h.name, gate);
    if (level !== 'off') out.push({ ...base, level, message: `${label} ${b.status} -> ${h.status}${h.error ? ` (${h.error.type}: ${firstLine(h.error.message)})` : h.signal ? ` (${h.signal})` : ''}` });
  } else if (FAILING.has(b.status) && h.status === 'passed') {
    out.push({ ...base, level: 'info', message: `${label} ${b.status} -> passed` });
  } else if (FAILING.has(b.status) && FAILING.has(h.status) && b.status !== h.status) {
    out.push({ ...base, level: 'warn', message: `${label} still fails, now ${h.status} (was ${b.status})` });
  }
}

function compareCost(t: Target, bt: Target, b: Stage, h: Stage, gate: GateConfig, out: Change[]): void {
  if (b.status !== 'passed' || h.status !== 'passed') return;
  // A forked target's memory starts above torch: only like is compared with like.
  if (Boolean(bt.process.forkedFrom) !== Boolean(t.process.forkedFrom)) return;
  const th = thresholdsFor(gate, t.id);
  const where = { target: t.id, environment: t.environment, stage: h.name };
  const bm = b.memory.peakBytes;
  const hm = h.memory.peakBytes;
  if (typeof bm === 'number' && typeof hm === 'number' && bm > 0) {
    const change = pct(bm, hm);
    const delta = hm - bm;
    if (Math.abs(change) > th.memoryPercent && Math.abs(delta) > th.memoryMinMb * MiB) {
      const worse = delta > 0;
      out.push({
        kind: 'memory', level: worse ? 'error' : 'info', ...where, before: bm, after: hm, changePercent: change,
        message: `${targetLabel(t)}: ${h.name} peak memory ${mib(bm)} -> ${mib(hm)} (${change > 0 ? '+' : ''}${change}%, threshold ${th.memoryPercent}%)`,
      });
    }
  }
  if (th.timePercent === null) return;
  const bms = b.timing?.medianMs ?? b.durationMs;
  const hms = h.timing?.medianMs ?? h.durationMs;
  if (bms > 0 && Math.abs(hms - bms) > th.timeMinMs && Math.abs(pct(bms, hms)) > th.timePercent) {
    const change = pct(bms, hms);
    const runs = h.timing ? `median of ${h.timing.runs} runs` : 'one run';
    out.push({
      kind: 'time', level: hms > bms ? 'error' : 'info', ...where, before: bms, after: hms, changePercent: change,
      message: `${targetLabel(t)}: ${h.name} took ${Math.round(bms)} ms -> ${Math.round(hms)} ms (${change > 0 ? '+' : ''}${change}%, ${runs}, threshold ${th.timePercent}%)`,
    });
  }
}

function compareTargets(base: Report, head: Report, gate: GateConfig, out: Change[]): void {
  const before = new Map(base.targets.map((t) => [targetKey(t), t]));
  const after = new Map(head.targets.map((t) => [targetKey(t), t]));
  for (const [key, bt] of before) {
    const t = after.get(key);
    if (!t) {
      out.push({ kind: 'target', level: 'error', target: bt.id, environment: bt.environment, before: 'ran', after: null, message: `${targetLabel(bt)}: in the baseline, missing from this run` });
      continue;
    }
    for (const name of STAGE_NAMES) {
      const b = bt.stages.find((s) => s.name === name);
      const h = t.stages.find((s) => s.name === name);
      if (!b || !h) continue;
      compareStage(t, b, h, head, gate, out);
      compareCost(t, bt, b, h, gate, out);
    }
  }
  for (const [key, t] of after) {
    if (!before.has(key)) out.push({ kind: 'target', level: 'info', target: t.id, environment: t.environment, before: null, after: 'ran', message: `${targetLabel(t)}: new in this run (no baseline to compare with)` });
  }
}

function compareFindings(base: Report, head: Report, gate: GateConfig, out: Change[]): number {
  const before = new Map(base.findings.map((f) => [f.fingerprint, f]));
  const after = new Map(head.findings.map((f) => [f.fingerprint, f]));
  let unchanged = 0;
  for (const [fp, f] of after) {
    const level = findingLevel(f, gate);
    if (level === 'off') continue;
    if (before.has(fp)) {
      if (level === 'error') unchanged++;
      continue;
    }
    if (level === 'info') continue;
    out.push({ kind: 'finding', level, ruleId: f.ruleId, fingerprint: fp, ...scope(f), before: null, after: f.severity, message: `new ${f.severity}: ${f.title}` });
  }
  for (const [fp, f] of before) {
    if (after.has(fp) || findingLevel(f, gate) === 'off' || f.severity === 'info') continue;
    out.push({ kind: 'finding', level: 'info', ruleId: f.ruleId, fingerprint: fp, ...scope(f), before: f.severity, after: null, message: `resolved: ${f.title}` });
  }
  return unchanged;
}

function scope(f: Finding): Pick<Change, 'target' | 'stage' | 'environment'> {
  return { ...(f.target ? { target: f.target } : {}), ...(f.stage ? { stage: f.stage } : {}), ...(f.environment ? { environment: f.environment } : {}) };
}

function side(s: Side): ComparedReport {
  return {
    file: s.file,
    reportVersion: s.report.reportVersion,
    ...(s.upgradedFrom ? { upgradedFrom: s.upgradedFrom } : {}),
    startedAt: s.report.run.startedAt,
    environment: reportFingerprint(s.report),
  };
}

export function compareReports(base: Side, head: Side, gate: GateConfig = {}): Comparison {
  const changes: Change[] = [];
  compareTargets(base.report, head.report, gate, changes);
  const unchangedProblems = compareFindings(base.report, head.report, gate, changes);
  const regressions = changes.filter((c) => c.level === 'error');
  const improvements = changes.filter((c) => c.level === 'info' && !(c.kind === 'target' && c.before === null));
  const b = side(base);
  const h = side(head);
  return {
    comparisonVersion: COMPARISON_VERSION,
    base: b,
    head: h,
    environmentDifferences: fingerprintDifferences(b.environment, h.environment),
    status: regressions.length ? 'regressed' : improvements.length ? 'improved' : 'unchanged',
    regressions,
    warnings: changes.filter((c) => c.level === 'warn'),
    improvements,
    notes: changes.filter((c) => c.level === 'info' && c.kind === 'target' && c.before === null),
    unchangedProblems,
    thresholds: {
      memoryPercent: gate.memoryPercent ?? DEFAULT_THRESHOLDS.memoryPercent,
      memoryMinBytes: (gate.memoryMinMb ?? DEFAULT_THRESHOLDS.memoryMinMb) * MiB,
      timePercent: gate.timePercent ?? DEFAULT_THRESHOLDS.timePercent,
    },
  };
}

function mib(bytes: number): string {
  return `${Math.round(bytes / MiB)} MiB`;
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

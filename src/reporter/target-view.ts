// The HTML view of a target's staged load: outcome, one row per stage with its cost, details, and the chart's input.
import type { Stage, Target } from '../core/report-types.js';
import { formatBytes, formatMs } from './format.js';
import type { ChartInput } from './memory-chart.js';
import { orderedStages, stageLabel, targetOutcome } from '../core/target-outcome.js';

const STATUSES = new Set(['passed', 'failed', 'crashed', 'timed-out', 'out-of-memory', 'skipped']);
/** Arrays longer than this show their head and fold the rest away. */
const LIST_HEAD = 8;
/** Nested objects deeper than this are shown as JSON text. */
const MAX_DEPTH = 2;

export type TargetView = ReturnType<typeof targetView>;

export function targetView(t: Target, index: number) {
  const stages = orderedStages(t.stages);
  const outcome = targetOutcome(t);
  const timeline = Array.isArray(t.timeline) ? t.timeline : [];
  const chart: ChartInput = {
    label: t.id,
    timeline,
    stages: stages.map((s) => ({ name: s.name, status: s.status, startMs: s.startMs, durationMs: s.durationMs })),
    durationMs: t.process?.durationMs ?? null,
  };
  return {
    anchor: `target-${index + 1}`,
    id: t.id,
    family: t.family,
    environment: t.environment,
    discoveredBy: t.discoveredBy ?? null,
    forkedFrom: t.process?.forkedFrom ? { modules: t.process.forkedFrom.preloaded.join(', '), importMs: t.process.forkedFrom.importMs } : null,
    outcome: { ...outcome, stage: outcome.stage?.name ?? null, cls: `outcome-${outcome.kind}`, ok: outcome.kind === 'passed' },
    stageCount: stages.length,
    durationMs: t.process?.durationMs ?? null,
    peakBytes: peakOf(stages, timeline),
    exit: exitText(t),
    samples: timeline.length,
    stages: stages.map(stageView),
    chart,
  };
}

function exitText(t: Target): string | null {
  const p = t.process;
  if (!p) return null;
  if (p.interrupted) return 'interrupted (Ctrl-C)';
  if (p.signal) return `killed by ${p.signal}`;
  return typeof p.exitCode === 'number' ? `exit code ${p.exitCode}` : null;
}

// The highest RSS any stage reached, or the timeline's when no stage measured one.
function peakOf(stages: readonly Stage[], timeline: readonly [number, number][]): number | null {
  const peaks = stages.map((s) => s.memory?.peakBytes).filter((b): b is number => typeof b === 'number');
  const sampled = timeline.map(([, v]) => v).filter((v) => Number.isFinite(v));
  const all = peaks.length ? peaks : sampled;
  return all.length ? Math.max(...all) : null;
}

function bytesOrNull(n: number | null | undefined): string | null {
  return typeof n === 'number' ? formatBytes(n) : null;
}

function stageView(s: Stage) {
  const m = s.memory ?? { rssBeforeBytes: null, rssAfterBytes: null, peakBytes: null, maxRssBytes: null, cudaMaxReservedBytes: null };
  const ran = s.startMs !== null || s.status !== 'skipped';
  const delta = typeof m.rssBeforeBytes === 'number' && typeof m.rssAfterBytes === 'number' ? m.rssAfterBytes - m.rssBeforeBytes : null;
  const details = detailEntries(s.details ?? {}, 0);
  const error = s.error ?? null;
  const status = STATUSES.has(s.status) ? s.status : 'unknown';
  return {
    name: s.name,
    status: s.status,
    /** What the status cell says: a neutral skip says why it is neutral. */
    label: stageLabel(s),
    statusClass: `st-${status}`,
    rowClass: `stage-${status}`,
    /** Skipped before it started: nothing was measured, only why it did not run. */
    notRun: s.status === 'skipped' && s.startMs === null,
    start: s.startMs === null ? null : formatMs(s.startMs),
    duration: ran ? formatMs(s.durationMs) : null,
    rssBefore: bytesOrNull(m.rssBeforeBytes),
    rssAfter: bytesOrNull(m.rssAfterBytes),
    delta: delta === null ? null : `${delta > 0 ? '+' : delta < 0 ? '−' : ''}${formatBytes(Math.abs(delta))}`,
    grew: delta !== null && delta > 0,
    peak: bytesOrNull(m.peakBytes),
    cuda: bytesOrNull(m.cudaMaxReservedBytes),
    reason: s.skipReason ?? null,
    signal: s.signal ?? null,
    error,
    stderrTail: s.stderrTail ?? null,
    details,
    hasMore: details.length > 0 || error !== null || Boolean(s.stderrTail),
  };
}

interface DetailEntry {
  key: string;
  /** A scalar, formatted; null with `none` for null. */
  text: string | null;
  none: boolean;
  /** An object of scalars, shown on one line. */
  pairs: { key: string; text: string }[] | null;
  /** An array: its first items, and the rest folded away. */
  list: string[] | null;
  more: string[];
  empty: boolean;
  /** An object holding objects or arrays. */
  children: DetailEntry[] | null;
  /** Takes a whole line: lists, objects and long text. */
  wide: boolean;
}

function isScalar(v: unknown): boolean {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

/** Details are free-form: scalars formatted, byte counts in binary units, arrays as lists, objects nested. */
export function detailEntries(details: Record<string, unknown>, depth: number): DetailEntry[] {
  return Object.entries(details).map(([key, value]) => detailEntry(key, value, depth));
}

/** Short values flow side by side, three or so to a line; anything longer gets a line of its own. */
const SHORT_TEXT = 20;

function detailEntry(key: string, value: unknown, depth: number): DetailEntry {
  const entry = shapeEntry(key, value, depth);
  const short = entry.text === null || (entry.text.length <= SHORT_TEXT && key.length <= SHORT_TEXT);
  return { ...entry, wide: !short || entry.pairs !== null || entry.list !== null || entry.children !== null };
}

function shapeEntry(key: string, value: unknown, depth: number): DetailEntry {
  const entry: DetailEntry = { key, text: null, none: false, pairs: null, list: null, more: [], empty: false, children: null, wide: false };
  if (value === null || value === undefined) return { ...entry, none: true };
  if (Array.isArray(value)) {
    if (!value.length) return { ...entry, empty: true };
    // Short numeric arrays are shapes or ranges: one line reads better than a list.
    if (value.length <= LIST_HEAD && value.every((v) => typeof v === 'number')) return { ...entry, text: `[${value.join(', ')}]` };
    const items = value.map((v) => (isScalar(v) ? scalarText(key, v) : compactJson(v)));
    return { ...entry, list: items.slice(0, LIST_HEAD), more: items.slice(LIST_HEAD) };
  }
  if (typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>);
    if (!fields.length) return { ...entry, empty: true };
    if (fields.every(([, v]) => isScalar(v))) return { ...entry, pairs: fields.map(([k, v]) => ({ key: k, text: scalarText(k, v) })) };
    if (depth >= MAX_DEPTH) return { ...entry, text: compactJson(value) };
    return { ...entry, children: detailEntries(value as Record<string, unknown>, depth + 1) };
  }
  return { ...entry, text: scalarText(key, value) };
}

function scalarText(key: string, v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'number') {
    // A byte count reads as a size; the exact number is one click away in report.json.
    if (/bytes$/i.test(key) && Number.isFinite(v)) return formatBytes(v);
    return Number.isInteger(v) && Math.abs(v) >= 100_000 ? v.toLocaleString('en-US') : String(v);
  }
  return String(v);
}

function compactJson(v: unknown): string {
  return JSON.stringify(v) ?? String(v);
}

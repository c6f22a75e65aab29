// Turns a target's event stream, memory timeline and exit into one Stage per stage name (pure).
import { STAGE_NAMES, type Stage, type StageName, type SkipKind, type StageStatus, type TorchProbe } from '../core/report-types.js';
import { tail } from '../core/text-tail.js';

interface Base {
  t: number;
}
export type StageEvent =
  | (Base & { type: 'hello'; pid: number; python: string; family: string; rss?: number | null })
  | (Base & { type: 'stage-start'; stage: StageName; rss?: number | null })
  | (Base & {
      type: 'stage-end';
      stage: StageName;
      status: 'passed' | 'failed' | 'skipped';
      durationMs: number;
      skipReason?: string;
      skipKind?: SkipKind;
      details?: Record<string, unknown>;
      error?: { type: string; message: string; traceback: string };
      rssBefore?: number | null;
      rssAfter?: number | null;
      maxRss?: number | null;
      cudaMaxReserved?: number | null;
    })
  | (Base & { type: 'introspection'; stage: StageName; configClass: string; source: string; schema: DerivedSchema; config: Record<string, unknown> })
  | (Base & { type: 'torch'; facts: TorchProbe })
  | (Base & { type: 'done'; maxRss?: number | null; threads?: string[] });

/** A JSON Schema derived from the installed code by src/minimal/python/introspect.py. */
export interface DerivedSchema {
  title?: string;
  type?: string | string[];
  properties?: Record<string, DerivedSchema & { default?: unknown; enum?: unknown[]; 'x-python-type'?: string; 'x-from'?: string }>;
  required?: string[];
  /** The callable takes **kwargs: unknown keys are swallowed (transformers keeps them as unused attributes). */
  'x-accepts-extra'?: boolean;
  /** transformers attribute_map: alias -> the parameter it stands for. */
  'x-aliases'?: Record<string, string>;
  /** Keys that are bookkeeping, never drift (model_type, transformers_version...). */
  'x-known'?: string[];
  'x-model-type'?: string | null;
  'x-source'?: string;
  'x-error'?: string;
}

export interface StageInput {
  events: StageEvent[];
  timeline: [number, number][];
  /** Node ms minus Python ms: maps the runner's clock onto the timeline's. */
  offset: number;
  stderr: string;
  exitCode: number | null;
  signal: string | null;
  /** Why debug-tts killed the process: a stage over its limits, Ctrl-C / SIGTERM, or still alive after its last stage (`lingered`). */
  killedFor: 'timed-out' | 'out-of-memory' | 'interrupted' | 'lingered' | null;
  durationMs: number;
  /** The limits the run had: a stage killed past one names it. */
  limits?: { stageTimeoutMs: number; memoryLimitBytes: number | null };
  /** With repeats: every run's duration of each stage that passed in all of them (first run included). */
  repeatDurations?: Partial<Record<StageName, number[]>>;
}

function timingOf(durations: number[] | undefined): Stage['timing'] | undefined {
  if (!durations || durations.length < 2) return undefined;
  const s = [...durations].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  const medianMs = s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  return { runs: s.length, medianMs: Math.round(medianMs * 10) / 10, minMs: s[0]!, maxMs: s[s.length - 1]! };
}

function maxOf(values: (number | null | undefined)[]): number | null {
  const nums = values.filter((v): v is number => typeof v === 'number');
  return nums.length ? Math.max(...nums) : null;
}

function peakIn(timeline: [number, number][], from: number, to: number): number | null {
  return maxOf(timeline.filter(([t]) => t >= from && t <= to).map(([, rss]) => rss));
}

/** How a stage that started but never ended died. */
function deathStatus(i: StageInput): { status: StageStatus; reason: string } {
  const seconds = i.limits ? ` of ${Math.round(i.limits.stageTimeoutMs / 100) / 10} s` : '';
  const mib = i.limits?.memoryLimitBytes ? ` of ${Math.round(i.limits.memoryLimitBytes / 1048576)} MiB` : '';
  if (i.killedFor === 'timed-out') return { status: 'timed-out', reason: `the stage exceeded its time limit${seconds}; the process tree was killed` };
  if (i.killedFor === 'out-of-memory') return { status: 'out-of-memory', reason: `the process tree went past the memory limit${mib} and was killed` };
  if (i.killedFor === 'interrupted') return { status: 'skipped', reason: 'interrupted (Ctrl-C) during this stage' };
  if (i.signal) return { status: 'crashed', reason: `the process was killed by ${i.signal}` };
  return { status: 'crashed', reason: `the process exited with code ${i.exitCode ?? 'unknown'} inside this stage` };
}

export function buildStages(i: StageInput): Stage[] {
  const ends = new Map<StageName, Extract<StageEvent, { type: 'stage-end' }>>();
  const starts = new Map<StageName, Extract<StageEvent, { type: 'stage-start' }>>();
  for (const e of i.events) {
    if (e.type === 'stage-end') ends.set(e.stage, e);
    if (e.type === 'stage-start') starts.set(e.stage, e);
  }
  let previousMaxRss: number | null = i.events.find((e) => e.type === 'hello')?.rss ?? null;
  let deadIn: StageName | null = null;
  return STAGE_NAMES.map((name): Stage => {
    const start = starts.get(name);
    const end = ends.get(name);
    const startMs = start ? Math.round(start.t + i.offset) : null;
    if (end) {
      const endMs = startMs === null ? null : startMs + end.durationMs;
      // The kernel's peak rose during this stage: then the stage's peak is exactly that.
      const roseHere = end.maxRss != null && (previousMaxRss === null || end.maxRss > previousMaxRss);
      if (end.maxRss != null) previousMaxRss = Math.max(previousMaxRss ?? 0, end.maxRss);
      const sampled = startMs !== null && endMs !== null ? peakIn(i.timeline, startMs, endMs) : null;
      const timing = timingOf(i.repeatDurations?.[name]);
      return {
        name,
        status: end.status,
        durationMs: end.durationMs,
        startMs,
        memory: {
          rssBeforeBytes: end.rssBefore ?? null,
          rssAfterBytes: end.rssAfter ?? null,
          peakBytes: end.status === 'skipped' && !start ? null : maxOf([sampled, end.rssBefore, end.rssAfter, roseHere ? end.maxRss : null]),
          maxRssBytes: end.maxRss ?? null,
          cudaMaxReservedBytes: end.cudaMaxReserved ?? null,
        },
        details: end.details ?? {},
        ...(end.skipReason ? { skipReason: end.skipReason } : {}),
        ...(end.status === 'skipped' && end.skipKind ? { skipKind: end.skipKind } : {}),
        ...(end.error ? { error: end.error } : {}),
        ...(timing ? { timing } : {}),
      };
    }
    const emptyMemory = { rssBeforeBytes: null, rssAfterBytes: null, peakBytes: null, maxRssBytes: null, cudaMaxReservedBytes: null };
    if (start && !deadIn) {
      deadIn = name;
      const death = deathStatus(i);
      return {
        name,
        status: death.status,
        durationMs: Math.max(0, i.durationMs - (startMs ?? 0)),
        startMs,
        memory: { ...emptyMemory, rssBeforeBytes: start.rss ?? null, peakBytes: peakIn(i.timeline, startMs ?? 0, i.durationMs) },
        // A stage killed past a limit keeps the limit, so its finding can name it.
        details: i.limits && (death.status === 'timed-out' || death.status === 'out-of-memory') ? { limits: i.limits } : {},
        skipReason: death.reason,
        error: null,
        signal: i.signal,
        stderrTail: tail(i.stderr),
      };
    }
    const reason = deadIn ? `not run: the process died in ${deadIn}` : processReason(i);
    return { name, status: 'skipped', durationMs: 0, startMs: null, memory: emptyMemory, details: {}, skipReason: reason, skipKind: 'after-failure' };
  });
}

function processReason(i: StageInput): string {
  if (i.killedFor === 'interrupted') return 'not run: interrupted (Ctrl-C)';
  if (i.killedFor === 'timed-out') return 'not run: the stage runner went silent for longer than the stage time limit before this stage (a hang at start-up or between stages); the process tree was killed';
  if (!i.events.length) return `not run: the stage runner did not start (exit ${i.exitCode ?? '?'}${i.signal ? `, ${i.signal}` : ''}): ${tail(i.stderr, 500).trim()}`;
  return 'not run: the stage runner ended before this stage';
}

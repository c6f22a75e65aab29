// A target's memory timeline and stage spans as one inline SVG string: no script, no external asset, all text escaped.
import { formatMiB, formatMs, showControls } from './format.js';

export interface ChartStage {
  name: string;
  status: string;
  /** ms since the target's process started; null when the stage never ran. */
  startMs: number | null;
  durationMs: number;
}

export interface ChartInput {
  /** Names the chart for screen readers and tooltips. */
  label: string;
  timeline: readonly (readonly [number, number])[];
  stages: readonly ChartStage[];
  /** The process's run time: the time axis spans at least this. */
  durationMs: number | null;
}

/** Enough for a ~1000-unit-wide chart; more points only add bytes. */
export const MAX_CHART_POINTS = 400;

const W = 1000;
const H = 250;
const LABEL_ROWS = [13, 27, 41];
const PLOT = { left: 62, right: W - 14, top: 50, bottom: H - 40 };
const FONT_PX = 11;
// Stage labels are sized before any font is known: an average glyph width wide enough for system-ui.
const CHAR_PX = 6.4;
const MIB = 1024 * 1024;
const STATUS_CLASSES = new Set(['passed', 'failed', 'crashed', 'timed-out', 'out-of-memory', 'skipped']);

/**
 * XML text and attribute values: markup characters as entities, control characters as visible
 * \xNN. `=` and backticks too, as Handlebars does, so no `name=` of report text survives as such.
 */
export function escapeXml(s: string): string {
  return showControls(s).replace(/[&<>"'=`]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * At most `max` points: the timeline cut into equal time buckets, each keeping its highest sample
 * (at that sample's own time), so a short spike survives and the overall peak is always kept.
 */
export function downsampleMax(timeline: readonly (readonly [number, number])[], max = MAX_CHART_POINTS): [number, number][] {
  const points = timeline.filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v)).map(([t, v]): [number, number] => [t, v]);
  points.sort((a, b) => a[0] - b[0]);
  if (points.length <= max) return points;
  const t0 = points[0]![0];
  const span = points[points.length - 1]![0] - t0 || 1;
  const best = new Map<number, [number, number]>();
  for (const p of points) {
    const bucket = Math.min(max - 1, Math.floor(((p[0] - t0) / span) * max));
    const kept = best.get(bucket);
    if (!kept || p[1] > kept[1]) best.set(bucket, p);
  }
  return [...best.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p);
}

/** Round steps (1, 2 or 5 times a power of ten) giving about `count` ticks from 0 to at least `max`. */
export function niceTicks(max: number, count: number): number[] {
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw - 1e-12) ?? 10 * magnitude;
  const n = Math.ceil(max / step - 1e-9);
  return Array.from({ length: n + 1 }, (_, i) => i * step);
}

function decimalsFor(step: number): number {
  return step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
}

function tickText(value: number, step: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimalsFor(step), maximumFractionDigits: decimalsFor(step) });
}

const n = (v: number) => (Math.round(v * 10) / 10).toString();

interface Scale {
  x: (ms: number) => number;
  y: (bytes: number) => number;
  timeTicks: number[];
  memTicks: number[];
}

function scales(input: ChartInput, points: [number, number][]): Scale {
  const ends = input.stages.filter((s) => s.startMs !== null).map((s) => (s.startMs ?? 0) + Math.max(0, s.durationMs));
  // The time axis ends where the run ended: a rounded-up axis would leave an empty strip.
  const xMax = Math.max(1, input.durationMs ?? 0, ...points.map(([t]) => t), ...ends);
  const timeTicks = niceTicks(xMax / 1000, 8).filter((t) => t * 1000 <= xMax + 1e-6);
  const peak = Math.max(0, ...points.map(([, v]) => v));
  // Headroom above the peak leaves space for its label.
  const memTicks = niceTicks(peak > 0 ? (peak * 1.08) / MIB : 1, 5);
  const yMax = memTicks[memTicks.length - 1]! * MIB;
  return {
    x: (ms) => PLOT.left + (Math.max(0, ms) / xMax) * (PLOT.right - PLOT.left),
    y: (bytes) => PLOT.bottom - (Math.max(0, bytes) / yMax) * (PLOT.bottom - PLOT.top),
    timeTicks,
    memTicks,
  };
}

export function renderMemoryChart(input: ChartInput): string {
  const points = downsampleMax(input.timeline);
  const s = scales(input, points);
  const ran = input.stages.filter((st) => st.startMs !== null && Number.isFinite(st.startMs));
  const peak = points.reduce<[number, number] | null>((best, p) => (!best || p[1] > best[1] ? p : best), null);
  const summary = peak ? `peak ${formatMiB(peak[1])} at ${formatMs(peak[0])}` : 'no memory samples';
  const title = `Memory (RSS) over time of ${input.label}: ${summary}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="memory-chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    bands(ran, s),
    grid(s, points.length > 0),
    series(points, s),
    peak ? peakMarker(peak, s) : `<text class="mc-empty" x="${n((PLOT.left + PLOT.right) / 2)}" y="${n((PLOT.top + PLOT.bottom) / 2)}" text-anchor="middle">no memory samples</text>`,
    stageLabels(ran, s),
    '</svg>',
  ].join('\n');
}

function statusClass(status: string): string {
  return `mc-${STATUS_CLASSES.has(status) ? status : 'unknown'}`;
}

function stageTitle(st: ChartStage): string {
  return `${st.name}: ${st.status}, ${formatMs(st.startMs)} → ${formatMs((st.startMs ?? 0) + st.durationMs)} (${formatMs(st.durationMs)})`;
}

function bands(ran: readonly ChartStage[], s: Scale): string {
  const rects = ran.map((st, i) => {
    const x0 = s.x(st.startMs ?? 0);
    const width = Math.max(2, s.x((st.startMs ?? 0) + st.durationMs) - x0);
    const alt = i % 2 ? ' mc-alt' : '';
    return (
      `<rect class="mc-band ${statusClass(st.status)}${alt}" x="${n(x0)}" y="${PLOT.top}" width="${n(width)}" height="${PLOT.bottom - PLOT.top}"><title>${escapeXml(stageTitle(st))}</title></rect>` +
      `<line class="mc-edge" x1="${n(x0)}" x2="${n(x0)}" y1="${PLOT.top}" y2="${PLOT.bottom}"/>`
    );
  });
  return `<g class="mc-bands">${rects.join('')}</g>`;
}

function grid(s: Scale, withMemory: boolean): string {
  const out: string[] = [];
  const tStep = (s.timeTicks[1] ?? 1) - (s.timeTicks[0] ?? 0);
  for (const t of s.timeTicks) {
    const x = n(s.x(t * 1000));
    out.push(`<line class="mc-grid" x1="${x}" x2="${x}" y1="${PLOT.top}" y2="${PLOT.bottom}"/>`);
    out.push(`<text class="mc-tick" x="${x}" y="${PLOT.bottom + 15}" text-anchor="middle">${escapeXml(tickText(t, tStep))}</text>`);
  }
  if (withMemory) {
    const mStep = (s.memTicks[1] ?? 1) - (s.memTicks[0] ?? 0);
    for (const m of s.memTicks) {
      const y = n(s.y(m * MIB));
      out.push(`<line class="mc-grid" x1="${PLOT.left}" x2="${PLOT.right}" y1="${y}" y2="${y}"/>`);
      out.push(`<text class="mc-tick" x="${PLOT.left - 6}" y="${y}" dy="0.35em" text-anchor="end">${escapeXml(tickText(m, mStep))}</text>`);
    }
  }
  out.push(`<path class="mc-axis" d="M${PLOT.left},${PLOT.top}V${PLOT.bottom}H${PLOT.right}"/>`);
  out.push(`<text class="mc-axis-title" x="${n((PLOT.left + PLOT.right) / 2)}" y="${H - 6}" text-anchor="middle">time (s)</text>`);
  const yMid = n((PLOT.top + PLOT.bottom) / 2);
  out.push(`<text class="mc-axis-title" x="14" y="${yMid}" text-anchor="middle" transform="rotate(-90 14 ${yMid})">memory (MiB)</text>`);
  return `<g class="mc-frame">${out.join('')}</g>`;
}

function series(points: readonly [number, number][], s: Scale): string {
  if (points.length < 2) return '';
  const line = points.map(([t, v], i) => `${i ? 'L' : 'M'}${n(s.x(t))},${n(s.y(v))}`).join('');
  const first = n(s.x(points[0]![0]));
  const last = n(s.x(points[points.length - 1]![0]));
  return `<path class="mc-area" d="${line}L${last},${PLOT.bottom}L${first},${PLOT.bottom}Z"/><path class="mc-line" d="${line}"/>`;
}

function peakMarker([t, v]: readonly [number, number], s: Scale): string {
  const x = s.x(t);
  const y = s.y(v);
  const right = x > PLOT.left + (PLOT.right - PLOT.left) * 0.7;
  const label = `peak ${formatMiB(v)}`;
  return (
    `<g class="mc-peak"><line class="mc-peak-rule" x1="${PLOT.left}" x2="${n(x)}" y1="${n(y)}" y2="${n(y)}"/>` +
    `<circle cx="${n(x)}" cy="${n(y)}" r="4"/>` +
    `<text class="mc-peak-label" x="${n(right ? x - 8 : x + 8)}" y="${n(y - 7)}" text-anchor="${right ? 'end' : 'start'}">${escapeXml(label)}</text></g>`
  );
}

/**
 * Stage names sit in rows above the plot, each joined to its band by a leader line. A label may sit
 * anywhere over its band; past the band's end it gets a horizontal leader back to it. Rows fill from
 * the top, so a crowded run of short stages steps down towards the plot, and no label is put where
 * a leader already passes or where its own leader would cross another label.
 */
function stageLabels(ran: readonly ChartStage[], s: Scale): string {
  const spans: [number, number][][] = LABEL_ROWS.map(() => []);
  const leaders: number[][] = LABEL_ROWS.map(() => []);
  const sorted = [...ran].sort((a, b) => (a.startMs ?? 0) - (b.startMs ?? 0));
  const out = sorted.map((st) => {
    const x0 = s.x(st.startMs ?? 0);
    const x1 = Math.max(x0 + 1, s.x((st.startMs ?? 0) + st.durationMs));
    const width = st.name.length * CHAR_PX + 4;
    const { row, x } = placeLabel(x0, x1, width, spans, leaders);
    // Down from the label's start when that is over the band, else from the band's start.
    const lx = x >= x0 && x < x1 ? x + 0.5 : x0 + 0.5;
    spans[row]!.push([x, x + width]);
    for (let below = row + 1; below < LABEL_ROWS.length; below += 1) leaders[below]!.push(lx);
    const y = LABEL_ROWS[row]!;
    return (
      `<path class="mc-leader" d="M${n(lx)},${PLOT.top}V${y + 4}H${n(Math.max(x, lx))}"/>` +
      `<text class="mc-stage-label ${statusClass(st.status)}" x="${n(x + 2)}" y="${y}">${escapeXml(st.name)}<title>${escapeXml(stageTitle(st))}</title></text>`
    );
  });
  return `<g class="mc-labels" font-size="${FONT_PX}">${out.join('')}</g>`;
}

function placeLabel(x0: number, x1: number, width: number, spans: [number, number][][], leaders: number[][]): { row: number; x: number } {
  const gap = 6;
  // How far a label may start right of its band's start and still sit over the band.
  const slack = Math.max(0, x1 - x0 - width);
  let best = { row: LABEL_ROWS.length - 1, x: Infinity, cost: Infinity };
  LABEL_ROWS.forEach((_, row) => {
    let x = x0;
    for (let moved = true; moved; ) {
      moved = false;
      for (const [a, b] of spans[row]!) {
        if (x < b + gap && x + width > a - gap) {
          x = b + gap;
          moved = true;
        }
      }
      for (const lx of leaders[row]!) {
        if (lx >= x - 3 && lx <= x + width + 3) {
          x = lx + 4;
          moved = true;
        }
      }
    }
    x = Math.min(x, PLOT.right - width);
    const lx = x >= x0 && x < x1 ? x : x0;
    // This label's leader runs down through every row nearer the plot.
    const crosses = spans.slice(row + 1).some((rowSpans) => rowSpans.some(([a, b]) => lx >= a - 2 && lx <= b + 2));
    if (crosses && row < LABEL_ROWS.length - 1) return;
    const cost = Math.max(0, Math.abs(x - x0) - slack);
    if (cost < best.cost - 0.5) best = { row, x, cost };
  });
  return best;
}

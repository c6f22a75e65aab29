// The memory chart SVG: downsampling that keeps peaks, axes and stage bands, degenerate timelines, escaping.
import { describe, expect, it } from 'vitest';
import { downsampleMax, escapeXml, MAX_CHART_POINTS, niceTicks, renderMemoryChart, type ChartInput } from '../../src/reporter/memory-chart.js';
import { targetView } from '../../src/reporter/target-view.js';
import { HOSTILE } from './fixtures.js';
import { crashedTarget, passingTarget, weightsMismatchTarget } from './target-fixtures.js';

const MIB = 1024 * 1024;

function chartOf(make: typeof passingTarget): ChartInput {
  return targetView(make(), 0).chart;
}

/** Every tag closed in order: the string is one well-formed element (no parser in the dependencies). */
function expectWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, close, name, selfClose] = m;
    if (selfClose) continue;
    if (close) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
}

const ATTRIBUTES = new Set(['xmlns', 'class', 'viewBox', 'role', 'aria-label', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'width', 'height', 'd', 'dy', 'text-anchor', 'transform', 'font-size']);

/** The name of every attribute of every tag; a tag that is not `<name attr="..." ...>` fails the test. */
function tagAttributes(svg: string): string[] {
  return [...svg.matchAll(/<([a-zA-Z][^>]*)>/g)].flatMap((m) => {
    const body = m[1]!.replace(/\/$/, '');
    expect(body).toMatch(/^[a-zA-Z]+(\s+[\w:-]+="[^"<>]*")*\s*$/);
    return [...body.matchAll(/\s([\w:-]+)="/g)].map((a) => a[1]!);
  });
}

/** The numbers in every coordinate attribute and path: finite, inside the viewBox. */
function coordinates(svg: string): number[] {
  const attrs = [...svg.matchAll(/\s(?:x|y|x1|x2|y1|y2|cx|cy|width|height)="([^"]*)"/g)].map((m) => Number(m[1]));
  const paths = [...svg.matchAll(/\sd="([^"]*)"/g)].flatMap((m) => m[1]!.match(/-?\d+(?:\.\d+)?/g)?.map(Number) ?? []);
  return [...attrs, ...paths];
}

function spike(n: number, at: number): [number, number][] {
  return Array.from({ length: n }, (_, i): [number, number] => [i * 10, i === at ? 2000 * MIB : 300 * MIB + (i % 7) * MIB]);
}

describe('downsampleMax', () => {
  it('keeps a short timeline as it is', () => {
    const t = spike(250, 40);
    expect(downsampleMax(t)).toEqual(t);
  });

  it('cuts thousands of samples to at most 400 and keeps a one-sample spike', () => {
    for (const at of [0, 1234, 4321, 4999]) {
      const t = spike(5000, at);
      const d = downsampleMax(t);
      expect(d.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
      expect(d.length).toBeGreaterThan(MAX_CHART_POINTS * 0.9);
      expect(d).toContainEqual(t[at]);
      expect(d.map(([x]) => x)).toEqual([...d.map(([x]) => x)].sort((a, b) => a - b));
      const samples = new Set(t.map(([x, v]) => `${x}:${v}`));
      expect(d.filter(([x, v]) => !samples.has(`${x}:${v}`))).toEqual([]);
    }
  });

  it('keeps each bucket maximum, not a sample picked by stride', () => {
    // One sample in 13 is high, mid-bucket: taking any fixed sample of a bucket would miss it.
    const t = Array.from({ length: 5200 }, (_, i): [number, number] => [i, i % 13 === 7 ? 900 : 100]);
    expect(downsampleMax(t).every(([, v]) => v === 900)).toBe(true);
  });

  it('drops non-finite samples and sorts by time', () => {
    expect(downsampleMax([[20, 5], [Number.NaN, 9], [10, 4], [30, Number.POSITIVE_INFINITY]])).toEqual([[10, 4], [20, 5]]);
  });
});

describe('niceTicks', () => {
  it.each([
    [30.7, 8, [0, 5, 10, 15, 20, 25, 30, 35]],
    [1266, 5, [0, 500, 1000, 1500]],
    [1266, 6, [0, 250, 500, 750, 1000, 1250, 1500]],
    [0.742, 8, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]],
  ])('%s in about %s steps', (max, count, expected) => {
    const ticks = niceTicks(max, count);
    expect(ticks.map((t) => Number(t.toFixed(6)))).toEqual(expected);
  });
});

describe('renderMemoryChart', () => {
  it('draws the timeline, a band and a label per stage that ran, and the peak in MiB', () => {
    const input = chartOf(passingTarget);
    const svg = renderMemoryChart(input);
    expectWellFormed(svg);
    expect(svg).toContain('<text class="mc-axis-title"');
    expect(svg).toContain('>time (s)</text>');
    expect(svg).toContain('>memory (MiB)</text>');
    expect(svg.match(/<rect class="mc-band /g)).toHaveLength(8);
    expect(svg.match(/<text class="mc-stage-label /g)).toHaveLength(8);
    const peak = Math.max(...input.timeline.map(([, v]) => v));
    expect(svg).toContain(`>peak ${(peak / MIB).toLocaleString('en-US', { maximumFractionDigits: 0 })} MiB</text>`);
    expect(svg).toContain('class="mc-line"');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    for (const v of coordinates(svg)) {
      expect(v).toBeGreaterThanOrEqual(-1);
      expect(v).toBeLessThanOrEqual(1001);
    }
  });

  it('bands only the stages that ran, the failing one marked as failed', () => {
    const svg = renderMemoryChart(chartOf(weightsMismatchTarget));
    expect(svg.match(/<rect class="mc-band /g)).toHaveLength(6);
    expect(svg).toMatch(/<rect class="mc-band mc-failed[^"]*"[^>]*><title>load-weights: failed, 6\.46 s → 13\.8 s \(7\.34 s\)<\/title>/);
    expect(svg).toMatch(/<text class="mc-stage-label mc-failed"[^>]*>load-weights</);
    expect(svg).not.toContain('load-voice');
  });

  it('places stage labels without overlaps in a row', () => {
    for (const make of [passingTarget, weightsMismatchTarget, crashedTarget]) {
      const svg = renderMemoryChart(chartOf(make));
      const labels = [...svg.matchAll(/<text class="mc-stage-label [^"]*" x="([\d.]+)" y="([\d.]+)">([^<]*)</g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), w: m[3]!.length * 6.4 }));
      for (const a of labels) {
        for (const b of labels) {
          if (a !== b && a.y === b.y) expect(a.x + a.w <= b.x || b.x + b.w <= a.x, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(true);
        }
      }
    }
  });

  it('says "no memory samples" for an empty timeline and still shows the stages', () => {
    const input = { ...chartOf(crashedTarget), timeline: [] };
    const svg = renderMemoryChart(input);
    expectWellFormed(svg);
    expect(svg).toContain('>no memory samples</text>');
    expect(svg).not.toContain('mc-line');
    expect(svg).not.toContain('mc-peak');
    expect(svg.match(/<rect class="mc-band /g)).toHaveLength(4);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('draws a single sample as a marked peak', () => {
    const svg = renderMemoryChart({ label: 'one', timeline: [[0, 48 * MIB]], stages: [], durationMs: 0 });
    expectWellFormed(svg);
    expect(svg).toContain('<circle');
    expect(svg).toContain('>peak 48 MiB</text>');
    expect(svg).not.toContain('mc-line');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('handles nothing at all: no samples, no stages, no duration', () => {
    const svg = renderMemoryChart({ label: 'none', timeline: [], stages: [], durationMs: null });
    expectWellFormed(svg);
    expect(svg).toContain('no memory samples');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('escapes a hostile target id and stage name in every label, title and attribute', () => {
    const evil = '</text><script>alert(1)</script>';
    const input = chartOf(weightsMismatchTarget);
    const svg = renderMemoryChart({
      ...input,
      label: `${evil} ${HOSTILE.img} ${HOSTILE.ansi}`,
      stages: input.stages.map((s) => (s.name === 'load-weights' ? { ...s, name: evil, status: `${HOSTILE.attr}` } : s)),
    });
    expectWellFormed(svg);
    expect(svg).not.toContain(evil);
    expect(svg).not.toMatch(/<script|<img/i);
    expect(tagAttributes(svg).filter((a) => !ATTRIBUTES.has(a))).toEqual([]);
    expect(svg).not.toContain('\u001b');
    expect(svg).toContain('&#60;/text&#62;&#60;script&#62;alert(1)&#60;/script&#62;');
    // An unknown status never becomes a class name.
    expect(svg).toContain('class="mc-band mc-unknown');
  });

  it('escapes XML metacharacters and = and shows control characters', () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0007`)).toBe('&#60;a href&#61;&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;\\x07');
  });
});

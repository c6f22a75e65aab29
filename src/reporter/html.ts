// The HTML report: one self-contained offline page from reports/*.hbs, every report string escaped.
import { readdirSync, readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { Comparison } from '../core/comparison-types.js';
import type { Report, Severity } from '../core/report-types.js';
import { formatBytes, formatMs, SEVERITIES, showControls } from './format.js';
import { comparisonView, toPageView, type ComparisonView, type PageView } from './html-view.js';
import { renderMemoryChart, type ChartInput } from './memory-chart.js';

// From src/reporter and dist/reporter alike the package root is two levels up.
const REPORTS_DIR = new URL('../../reports/', import.meta.url);

const HELPERS = {
  formatBytes: (n: unknown) => formatBytes(typeof n === 'number' ? n : null),
  formatMs: (n: unknown) => formatMs(typeof n === 'number' ? n : null),
  eq: (a: unknown, b: unknown) => a === b,
  jsonPretty: (v: unknown) => JSON.stringify(v, null, 2) ?? '',
  severityClass: (s: unknown) => `sev-${SEVERITIES.includes(s as Severity) ? String(s) : 'unknown'}`,
  /**
   * The one raw insertion of report-derived markup, used as {{{memoryChart}}} inside a target: it
   * takes no argument, so what it emits can only be memory-chart.ts's SVG, whose text is escaped there.
   */
  memoryChart(this: unknown): string {
    const chart = (this as { chart?: ChartInput } | null)?.chart;
    return chart ? renderMemoryChart(chart) : '';
  },
};

// knownHelpersOnly: a mustache naming anything else is a plain data lookup, never a helper call.
const COMPILE_OPTIONS = {
  preventIndent: true, // partials must not re-indent <pre> contents
  knownHelpersOnly: true,
  knownHelpers: Object.fromEntries(Object.keys(HELPERS).map((k) => [k, true])),
} as const;

type RenderFn = (view: PageView & { comparison: ComparisonView | null }) => string;
let cachedRender: RenderFn | undefined;

function readText(url: URL): string {
  return readFileSync(url, 'utf8');
}

function compileTemplates(): RenderFn {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(HELPERS)) hb.registerHelper(name, fn);
  const partialsDir = new URL('partials/', REPORTS_DIR);
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs')).sort()) {
    hb.registerPartial(file.slice(0, -'.hbs'.length), hb.compile(readText(new URL(file, partialsDir)), COMPILE_OPTIONS));
  }
  const page = hb.compile<PageView & { comparison: ComparisonView | null; css: string }>(readText(new URL('report.hbs', REPORTS_DIR)), COMPILE_OPTIONS);
  const css = readText(new URL('report.css', REPORTS_DIR));
  // The CSS is raw too (besides the memory chart); a stray </style> in it would end the style element early.
  if (/<\/style/i.test(css)) throw new Error('reports/report.css must not contain "</style"');
  return (view) => page({ ...view, css });
}

/** With a comparison (run --baseline), the page opens with the gate's verdict. */
export function renderHtml(report: Report, comparison: Comparison | null = null): string {
  cachedRender ??= compileTemplates();
  return cachedRender({ ...toPageView(visibleControls(report)), comparison: comparison ? comparisonView(visibleControls(comparison)) : null });
}

// Control characters (terminal escapes in a traceback, say) are not valid HTML text: show them as \xNN.
function visibleControls<T>(value: T): T {
  if (typeof value === 'string') return showControls(value, '\t\n\r') as T;
  if (Array.isArray(value)) return value.map(visibleControls) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [showControls(k), visibleControls(v)])) as T;
  }
  return value;
}

// The HTML report: one self-contained offline page from reports/*.hbs, every report string escaped.
// `npm run build` precompiles the templates; a run uses those specs with handlebars' runtime only.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type Handlebars from 'handlebars';
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

/**
 * knownHelpersOnly: a mustache naming anything else is a plain data lookup, never a helper call.
 * A fresh object per call: handlebars writes its defaults into the options it is given.
 */
export function compileOptions(): { preventIndent: true; knownHelpersOnly: true; knownHelpers: Record<string, true> } {
  return {
    preventIndent: true, // partials must not re-indent <pre> contents
    knownHelpersOnly: true,
    knownHelpers: Object.fromEntries(Object.keys(HELPERS).map((k) => [k, true as const])),
  };
}

type RenderFn = (view: PageView & { comparison: ComparisonView | null }) => string;
let cachedRender: RenderFn | undefined;

/** The page's sources: every partial under reports/partials, the page and its CSS, in a fixed order. */
export function templateSources(): { partials: [string, string][]; page: string; css: string } {
  const partialsDir = new URL('partials/', REPORTS_DIR);
  const partials = readdirSync(partialsDir)
    .filter((f) => f.endsWith('.hbs'))
    .sort()
    .map((f): [string, string] => [f.slice(0, -'.hbs'.length), readFileSync(new URL(f, partialsDir), 'utf8')]);
  const css = readFileSync(new URL('report.css', REPORTS_DIR), 'utf8');
  // The CSS is raw too (besides the memory chart); a stray </style> in it would end the style element early.
  if (/<\/style/i.test(css)) throw new Error('reports/report.css must not contain "</style"');
  return { partials, page: readFileSync(new URL('report.hbs', REPORTS_DIR), 'utf8'), css };
}

/** One digest of the templates and of the options they compile with: precompiled specs are used only for these. */
export function templatesDigest(src = templateSources()): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(compileOptions()));
  for (const [name, text] of src.partials) h.update(`${name}\0${text}\0`);
  h.update(`\0${src.page}`);
  return h.digest('hex');
}

type Hb = Pick<typeof Handlebars, 'registerHelper' | 'registerPartial'>;

/**
 * Helpers and partials registered on `hb`, the page returned. `template(partial, text)` gives a
 * partial's template by name (null for the page) from its text or from the build's spec.
 */
function renderer(hb: Hb, src: ReturnType<typeof templateSources>, template: (partial: string | null, text: string) => Handlebars.TemplateDelegate): RenderFn {
  for (const [name, fn] of Object.entries(HELPERS)) hb.registerHelper(name, fn);
  for (const [name, text] of src.partials) hb.registerPartial(name, template(name, text));
  const page = template(null, src.page);
  return (view) => page({ ...view, css: src.css });
}

/** Compiled now, with the full handlebars compiler: from src/, or when the templates changed since the build. */
export function compiledRenderer(src = templateSources()): RenderFn {
  const hb = (createRequire(import.meta.url)('handlebars') as typeof Handlebars).create();
  return renderer(hb, src, (_partial, text) => hb.compile(text, compileOptions()));
}

interface PrecompiledTemplates {
  digest: string;
  partials: Record<string, TemplateSpecification>;
  page: TemplateSpecification;
}

/**
 * The specs `npm run build` precompiled (scripts/precompile.mjs), run by handlebars' runtime alone,
 * when they came from exactly these templates; null otherwise.
 */
export function precompiledRenderer(src = templateSources()): RenderFn | null {
  const file = fileURLToPath(new URL('../generated/templates.cjs', import.meta.url));
  if (!existsSync(file)) return null;
  const require = createRequire(import.meta.url);
  const pre = require(file) as PrecompiledTemplates;
  if (pre.digest !== templatesDigest(src)) return null;
  const runtime = (require('handlebars/runtime') as typeof Handlebars).create();
  return renderer(runtime, src, (partial) => runtime.template(partial === null ? pre.page : pre.partials[partial]!));
}

/** With a comparison (run --baseline), the page opens with the gate's verdict. */
export function renderHtml(report: Report, comparison: Comparison | null = null): string {
  if (!cachedRender) {
    const src = templateSources();
    cachedRender = precompiledRenderer(src) ?? compiledRenderer(src);
  }
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

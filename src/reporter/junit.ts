// JUnit XML for CI test tabs: one testsuite per target, one testcase per stage, other findings in an "environment" suite.
import { signatureId } from '../core/finding-rule.js';
import type { Finding, Report, Stage, Target } from '../core/report-types.js';

/*
 * Shape checked against the Jenkins xUnit plugin's junit-10.xsd (test/fixtures/junit/junit.xsd):
 * - <testsuites> has no `skipped` attribute there (xmllint rejects it), so skips are counted per suite only.
 * - `timestamp` is xs:string there, so run.startedAt is kept as is, zone included: it is unambiguous.
 * - an empty <testsuites/> is valid (minOccurs 0), so a report with nothing in it yields exactly that.
 *
 * failure vs error, the JUnit sense (failure = an expected check said no, error = it could not run):
 * - failed stage + a known signature -> <failure type="<signature id>">: debug-tts knows what broke and how to fix it.
 * - failed stage, nothing known -> <error>: an unexplained exception.
 * - crashed / timed-out / out-of-memory -> <error> always, even when a signature read the stderr: the process
 *   died, so the stage never finished, and a CI "errors" count should say that whatever the guess about why.
 */

type Tag = 'failure' | 'error' | 'skipped';

interface Result {
  tag: Tag;
  message?: string;
  type?: string;
  text?: string;
}

interface Case {
  classname: string;
  name: string;
  /** Seconds; absent when nothing was timed (environment findings). */
  time?: string;
  result: Result | null;
  out: string;
  err: string;
}

interface Suite {
  name: string;
  pkg: string;
  time?: string;
  cases: Case[];
}

const BROKEN: ReadonlySet<string> = new Set(['failed', 'crashed', 'timed-out', 'out-of-memory']);

/** Everything XML 1.0 has no character for: C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

// Parsers turn a raw CR into LF, and a raw tab or newline in an attribute into a space; character references survive.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' };

function clean(value: unknown): string {
  return String(value ?? '').replace(NOT_XML_CHAR, '');
}

/**
 * Element text: never CDATA, since untrusted text may itself contain `]]>` (escaping `>` covers it).
 * Quotes mean nothing in element content, so they stay literal and the JSON and tracebacks stay readable.
 */
function xmlText(value: unknown): string {
  return clean(value).replace(/[&<>\r]/g, (c) => ENTITIES[c]!);
}

function xmlAttr(value: unknown): string {
  return clean(value).replace(/[&<>"'\r\n\t]/g, (c) => ENTITIES[c]!);
}

function attrs(pairs: [string, string | number | undefined][]): string {
  return pairs
    .filter((p): p is [string, string | number] => p[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(v)}"`)
    .join('');
}

/** SUREFIRE_TIME allows digits and a dot only: no sign, no exponent, so bad input becomes 0. */
function seconds(ms: number | null | undefined): string {
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? (ms / 1000).toFixed(3) : '0.000';
}

function findingText(f: Finding): string {
  const parts = [f.title, f.message];
  if (f.evidence.length) parts.push(['Evidence:', ...f.evidence.map((e) => `- ${e.label}: ${e.value}`)].join('\n'));
  if (f.fixes.length) parts.push(['Fixes:', ...f.fixes.map((x) => `- ${x.title}: ${x.command ?? x.text ?? ''}`)].join('\n'));
  return parts.join('\n\n');
}

/** One line for a broken stage no finding explains. */
function stageProblem(s: Stage): string {
  if (s.status === 'crashed') return `crashed in ${s.name}${s.signal ? ` (${s.signal})` : ''}`;
  if (s.status === 'timed-out') return `timed out in ${s.name}`;
  if (s.status === 'out-of-memory') return `ran out of memory in ${s.name}`;
  return s.error ? `${s.error.type}: ${s.error.message.split('\n')[0]}` : `failed in ${s.name}`;
}

function brokenResult(s: Stage, matched: Finding[]): Result {
  const known = s.status === 'failed' ? matched.find((f) => signatureId(f) !== null) : undefined;
  const primary = known ?? matched[0];
  const text = matched.length ? matched.map(findingText).join('\n\n') : [stageProblem(s), s.skipReason ?? ''].filter(Boolean).join('\n');
  if (known) return { tag: 'failure', message: known.title, type: signatureId(known)!, text };
  const type = s.status === 'failed' ? (s.error?.type ?? 'failed') : s.status;
  return { tag: 'error', message: primary?.title ?? stageProblem(s), type, text };
}

function stageResult(s: Stage, matched: Finding[]): Result | null {
  if (BROKEN.has(s.status)) return brokenResult(s, matched);
  if (s.status === 'skipped') return { tag: 'skipped', ...(s.skipReason ? { message: s.skipReason } : {}) };
  return null;
}

/** The stage's own log: what it raised, the signal, and the details it recorded. */
function stageOut(s: Stage): string {
  const parts: string[] = [];
  if (s.error) parts.push(`error: ${s.error.type}: ${s.error.message}`, s.error.traceback);
  if (s.signal) parts.push(`signal: ${s.signal}`);
  if (s.details && Object.keys(s.details).length) parts.push(`details: ${JSON.stringify(s.details, null, 2)}`);
  return parts.filter(Boolean).join('\n');
}

function isFor(f: Finding, t: Target, s: Stage): boolean {
  // A merged matrix report can hold one target id in several environments.
  return f.target === t.id && f.stage === s.name && (f.environment === undefined || f.environment === t.environment);
}

function targetSuite(t: Target, findings: Finding[], shown: Set<Finding>): Suite {
  const cases = (t.stages ?? []).map((s): Case => {
    const matched = BROKEN.has(s.status) ? findings.filter((f) => isFor(f, t, s)) : [];
    for (const f of matched) shown.add(f);
    return { classname: `debug-tts.${t.id}`, name: s.name, time: seconds(s.durationMs), result: stageResult(s, matched), out: stageOut(s), err: s.stderrTail ?? '' };
  });
  const name = t.environment && t.environment !== 'user' ? `${t.id} [${t.environment}]` : t.id;
  return { name, pkg: `debug-tts.${t.family}`, time: seconds(t.process?.durationMs ?? t.stages.reduce((n, s) => n + s.durationMs, 0)), cases };
}

/**
 * Findings no stage testcase shows: environment-level ones, and target ones on no broken stage
 * (an asset check, say), which would otherwise vanish from CI. Errors fail; warnings and info pass.
 */
function findingCase(f: Finding): Case {
  const scope = f.target ? [f.target, f.environment].filter(Boolean).join(' in ') : f.environment;
  const result: Result | null = f.severity === 'error' ? { tag: 'failure', message: f.title, type: f.ruleId, text: findingText(f) } : null;
  const out = result ? '' : `${f.severity}: ${findingText(f)}`;
  return { classname: f.target ? `debug-tts.${f.target}` : 'debug-tts.environment', name: scope ? `${f.ruleId} (${scope})` : f.ruleId, result, out, err: '' };
}

function count(cases: Case[], tag: Tag): number {
  return cases.filter((c) => c.result?.tag === tag).length;
}

function caseXml(c: Case): string[] {
  const open = `    <testcase${attrs([['classname', c.classname], ['name', c.name], ['time', c.time]])}`;
  const body: string[] = [];
  if (c.result) {
    const a = attrs([['message', c.result.message], ['type', c.result.type]]);
    body.push(c.result.text ? `      <${c.result.tag}${a}>${xmlText(c.result.text)}</${c.result.tag}>` : `      <${c.result.tag}${a}/>`);
  }
  if (c.out) body.push(`      <system-out>${xmlText(c.out)}</system-out>`);
  if (c.err) body.push(`      <system-err>${xmlText(c.err)}</system-err>`);
  return body.length ? [`${open}>`, ...body, '    </testcase>'] : [`${open}/>`];
}

function suiteXml(s: Suite, id: number, report: Report): string[] {
  const open = `  <testsuite${attrs([
    ['name', s.name],
    ['tests', s.cases.length],
    ['failures', count(s.cases, 'failure')],
    ['errors', count(s.cases, 'error')],
    ['skipped', count(s.cases, 'skipped')],
    ['time', s.time],
    ['timestamp', report.run.startedAt],
    ['hostname', report.run.host.hostname],
    ['id', id],
    ['package', s.pkg],
  ])}`;
  return s.cases.length ? [`${open}>`, ...s.cases.flatMap(caseXml), '  </testsuite>'] : [`${open}/>`];
}

export function renderJunit(report: Report): string {
  const shown = new Set<Finding>();
  const suites = (report.targets ?? []).map((t) => targetSuite(t, report.findings ?? [], shown));
  const rest = (report.findings ?? []).filter((f) => !shown.has(f));
  if (rest.length) suites.push({ name: 'environment', pkg: 'debug-tts.environment', cases: rest.map(findingCase) });
  const all = suites.flatMap((s) => s.cases);
  const head = `<testsuites${attrs([
    ['name', 'debug-tts'],
    ['tests', all.length],
    ['failures', count(all, 'failure')],
    ['errors', count(all, 'error')],
    ['time', seconds(report.run.durationMs)],
  ])}`;
  const body = suites.flatMap((s, i) => suiteXml(s, i, report));
  const root = body.length ? [`${head}>`, ...body, '</testsuites>'] : [`${head}/>`];
  return ['<?xml version="1.0" encoding="UTF-8"?>', ...root, ''].join('\n');
}

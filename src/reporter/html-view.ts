// The HTML report's view model: what the templates show, computed here so templates stay dumb and null-safe.
import type {
  Distribution,
  Environment,
  EnvProbe,
  Evidence,
  Finding,
  Fix,
  InterpreterResolution,
  OtherInterpreter,
  Report,
  Severity,
  TorchProbe,
} from '../core/report-types.js';
import type { Change, Comparison } from '../core/comparison-types.js';
import { formatArgv, formatBytes, formatMs, fixesSentence, plural, SEVERITIES, sortFindings } from './format.js';
import { matrixView } from './matrix-view.js';
import { targetView } from './target-view.js';
import { appScanView } from './app-scan-view.js';

interface Fact {
  label: string;
  value: string;
  mono: boolean;
  missing: boolean;
}

interface FactGroup {
  title: string;
  facts: Fact[];
}

export type PageView = ReturnType<typeof toPageView>;

function fact(label: string, value: string | number | boolean | null | undefined, mono = false): Fact {
  if (value === null || value === undefined || value === '') return { label, value: 'unknown', mono: false, missing: true };
  const text = typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
  return { label, value: text, mono, missing: false };
}

const VERDICT_LABELS: Record<NonNullable<Report['differentials']>[number]['verdict'], string> = {
  environmental: 'your environment',
  'model-or-config': 'the model or its config',
  healthy: 'healthy',
  'isolated-only': 'the clean env',
};

const ADAPTER_LABELS: Record<NonNullable<Report['adapters']>[number]['verification']['status'], string> = {
  verified: 'adapter verified',
  failed: 'adapter failed',
  'not-run': 'adapter not verified',
};

function adapterView(a: NonNullable<Report['adapters']>[number]) {
  const opText = (o: (typeof a.operations)[number]) => (o.op === 'rename' ? `rename -> ${o.to}` : o.op === 'drop' ? 'drop' : `${o.op} ${JSON.stringify(o.value)}`);
  return {
    ...a,
    statusLabel: ADAPTER_LABELS[a.verification.status],
    rows: a.issues.map((i) => {
      const op = a.operations.find((o) => o.path.join('.') === i.path.join('.'));
      return { key: i.path.join('.'), text: i.text, op: op ? opText(op) : null };
    }),
    adaptedJson: JSON.stringify(a.adaptedConfig, null, 2),
  };
}

export function toPageView(report: Report) {
  const targets = report.targets.map(targetView);
  return {
    matrix: matrixView(report, targets.map((t) => t.anchor)),
    differentials: (report.differentials ?? []).map((d) => ({ ...d, verdictLabel: VERDICT_LABELS[d.verdict] })),
    adapters: (report.adapters ?? []).map(adapterView),
    status: statusView(report),
    findings: sortFindings(report.findings).map(findingView),
    recommendations: (report.recommendations ?? []).map(recommendationView),
    environments: report.environments.map(environmentView),
    otherInterpreters: report.otherInterpreters.map((o) => otherInterpreterView(o, report.environments)),
    targets,
    unitErrors: report.unitErrors,
    run: runView(report),
  };
}

function statusView(report: Report) {
  const { counts, status, headline } = report.summary;
  const primary = report.environments.find((e) => e.role === 'user') ?? report.environments[0];
  return {
    ok: status === 'ok',
    title: status === 'ok' ? 'No problems found' : 'Problems found',
    headline,
    fixes: fixesSentence(report.summary.fixes),
    counts: SEVERITIES.map((s) => countView(s, counts[s] ?? 0)),
    toolVersion: report.tool.version,
    startedAt: report.run.startedAt,
    duration: formatMs(report.run.durationMs),
    interrupted: report.run.interrupted,
    fromArtifacts: report.run.fromArtifacts,
    interpreter: primary ? interpreterLine(primary) : null,
    unitErrors: report.unitErrors.length ? `${plural(report.unitErrors.length, 'check')} broke` : null,
    hasAdapters: Boolean(report.adapters?.length),
    hasMatrix: Boolean(report.matrix?.columns.length),
    engines: report.availability && report.availability.engines.length > 1
      ? { sentence: report.availability.sentence, loading: report.availability.engines.filter((e) => e.status === 'loads').length, total: report.availability.engines.length }
      : null,
  };
}

function countView(severity: Severity, n: number) {
  return { severity, n, word: severity === 'info' || n === 1 ? severity : `${severity}s` };
}

function interpreterLine(env: Environment) {
  return {
    path: env.executable ?? env.resolution?.commandPath ?? env.resolution?.requested ?? 'not found',
    version: env.pythonVersion ? `Python ${env.pythonVersion}` : 'Python version unknown',
    kind: env.kind,
    rule: env.resolution?.rule ?? null,
  };
}

function findingView(f: Finding, index: number) {
  const scope = [
    f.environment ? { label: 'environment', value: f.environment } : null,
    f.target ? { label: 'target', value: f.target } : null,
    f.stage ? { label: 'stage', value: f.stage } : null,
  ].filter((s) => s !== null);
  return { ...f, anchor: findingAnchor(f, index), scope, evidence: (f.evidence ?? []).map(evidenceView), fixes: (f.fixes ?? []).map(fixView) };
}

/** Stable per finding, so recommendations can link to the findings they fix. */
function findingAnchor(f: Finding, index: number): string {
  return /^[0-9a-f]{16}$/.test(f.fingerprint ?? '') ? `finding-${f.fingerprint}` : `finding-${index + 1}`;
}

function recommendationView(r: Report['recommendations'][number]) {
  return {
    rank: r.rank,
    title: r.title,
    category: r.category,
    because: r.because,
    fix: fixView(r.fix),
    links: r.findings.map((fp, i) => ({ href: `#finding-${fp}`, label: r.findings.length > 1 ? `finding ${i + 1}` : 'the finding' })),
    where: r.stages.length ? r.stages.join(', ') : r.targets.length ? r.targets.join(', ') : 'the interpreter',
  };
}

// Long or multi-line values (tracebacks, lists) read better in a scrolling <pre> than inline.
function evidenceView(e: Evidence) {
  const value = String(e.value ?? '');
  return { label: e.label, value, block: value.includes('\n') || value.length > 120 };
}

function fixView(fix: Fix) {
  const command = fix.kind === 'command' && fix.command ? fix.command : null;
  return {
    title: fix.title,
    command,
    text: fix.text ?? null,
    // Commands flagged not runnable are the destructive ones: say so next to them.
    reviewFirst: command !== null && !fix.runnable,
    verified: fix.verified ?? null,
  };
}

function environmentView(env: Environment, index: number) {
  const probe = env.probe;
  return {
    anchor: `env-${index + 1}`,
    id: env.id,
    role: env.role,
    kind: env.kind,
    pythonVersion: env.pythonVersion,
    interpreter: [
      fact('executable', env.executable, true),
      fact('real path', env.realPath, true),
      fact('kind', env.kind),
      fact('Python', env.pythonVersion),
    ],
    resolution: env.resolution ? resolutionView(env.resolution) : null,
    probe: probe ? probeView(probe) : null,
    probeFailure: env.probeFailure,
    torch: env.torch ? torchView(env.torch) : null,
  };
}

function resolutionView(r: InterpreterResolution) {
  return {
    ...r,
    steps: (r.steps ?? []).map((step, i) => ({ ...step, n: i + 1, chosen: step.outcome === 'chosen' })),
    appScan: r.appScan ? appScanView(r.appScan) : null,
  };
}

function probeView(p: EnvProbe) {
  return {
    groups: [pythonFacts(p), platformFacts(p), prefixFacts(p), packagingFacts(p), espeakFacts(p), resourceFacts(p)],
    distributions: sortedDistributions(p.distributions),
    distributionsCollected: Array.isArray(p.distributions),
    shadowed: p.shadowedDistributions ?? [],
    sysPath: p.paths?.sysPath ?? [],
    pyvenvCfg: p.prefixes?.pyvenvCfg ?? null,
    envVars: Object.entries(p.envVars ?? {}).map(([name, value]) => ({ name, value: String(value) })),
    envVarsCollected: p.envVars !== null && p.envVars !== undefined,
    errors: Object.entries(p.errors ?? {}).map(([field, message]) => ({ field, message: String(message) })),
  };
}

function pythonFacts(p: EnvProbe): FactGroup {
  const py = p.python ?? {};
  return {
    title: 'Python',
    facts: [
      fact('version', py.version),
      fact('implementation', py.implementation),
      fact('compiler', py.compiler),
      fact('bits', py.bits),
    ],
  };
}

function platformFacts(p: EnvProbe): FactGroup {
  const pl = p.platform ?? {};
  const system = [pl.system, pl.release, pl.machine].filter(Boolean).join(' ');
  return {
    title: 'Platform',
    facts: [
      fact('system', system),
      fact('OS', pl.macVersion ? `macOS ${pl.macVersion}` : pl.osName),
      fact('libc', pl.libc ? `${pl.libc.name} ${pl.libc.version}` : null),
      fact('platform tag', pl.platform, true),
    ],
  };
}

function prefixFacts(p: EnvProbe): FactGroup {
  const x = p.prefixes ?? {};
  const cfg = x.pyvenvCfg ?? null;
  return {
    title: 'Prefixes',
    facts: [
      fact('prefix', x.prefix, true),
      fact('base prefix', x.basePrefix, true),
      fact('venv', x.isVenv),
      ...(cfg?.home ? [fact('pyvenv.cfg home', cfg.home, true)] : []),
      fact('conda', x.isConda),
      ...(x.condaPrefix ? [fact('conda prefix', x.condaPrefix, true)] : []),
    ],
  };
}

function packagingFacts(p: EnvProbe): FactGroup {
  const pip = p.pip;
  return {
    title: 'Packaging',
    facts: [
      fact('pip', pip ? (pip.available ? `pip ${pip.version ?? '(version unknown)'}` : 'not available') : null),
      fact('site-packages', p.paths?.sitePackages?.join('\n'), true),
      fact('user site', p.paths?.userSite ? `${p.paths.userSite}${p.paths.userSiteEnabled === false ? ' (disabled)' : ''}` : null, true),
      fact('distributions', Array.isArray(p.distributions) ? p.distributions.length : null),
    ],
  };
}

function espeakFacts(p: EnvProbe): FactGroup {
  const e = p.espeak;
  const none = (v: string | null | undefined) => (e ? (v ?? 'not found') : null);
  return {
    title: 'espeak-ng',
    facts: [
      fact('library', none(e?.library), true),
      fact('binary', none(e?.binary), true),
      fact('PHONEMIZER_ESPEAK_LIBRARY', e ? (e.phonemizerLibraryEnv ?? 'unset') : null, true),
      fact('espeakng-loader', none(e?.loaderPackageLibrary), true),
    ],
  };
}

function resourceFacts(p: EnvProbe): FactGroup {
  const r = p.resources ?? {};
  const disks = Object.entries(r.diskFreeBytes ?? {}).map(([where, bytes]) => fact(`disk free (${where})`, formatBytes(bytes)));
  return {
    title: 'Resources',
    facts: [
      fact('CPUs', r.cpuCount),
      fact('memory total', r.memTotalBytes == null ? null : formatBytes(r.memTotalBytes)),
      fact('memory available', r.memAvailableBytes == null ? null : formatBytes(r.memAvailableBytes)),
      ...disks,
    ],
  };
}

function sortedDistributions(d: Distribution[] | null | undefined): Distribution[] {
  return [...(d ?? [])].sort((a, b) => String(a.name).toLowerCase().localeCompare(String(b.name).toLowerCase()));
}

function torchView(t: TorchProbe) {
  return {
    imported: t.imported,
    importError: t.importError,
    facts: t.imported ? torchFacts(t) : [],
    errors: Object.entries(t.errors ?? {}).map(([field, message]) => ({ field, message: String(message) })),
  };
}

function torchFacts(t: TorchProbe): Fact[] {
  const devices = (t.cudaDevices ?? []).map((d) => `${d.name} (${formatBytes(d.totalMemoryBytes)}, sm ${d.capability})`);
  // A null CUDA version means a CPU wheel, unless the CUDA facts could not be collected at all.
  const cudaBuild = t.cudaBuild ?? (t.errors?.cuda ? null : 'none (CPU build)');
  return [
    fact('version', t.version),
    fact('CUDA build', cudaBuild),
    fact('CUDA available', t.cudaAvailable),
    fact('CUDA devices', devices.length ? devices.join('\n') : t.cudaDeviceCount),
    fact('cuDNN', t.cudnnVersion),
    fact('MPS built / available', t.mpsBuilt === null && t.mpsAvailable === null ? null : `${yesNo(t.mpsBuilt)} / ${yesNo(t.mpsAvailable)}`),
    fact('threads', t.numThreads),
    fact('debug build', t.debugBuild),
    fact('import time', t.importSeconds == null ? null : formatMs(t.importSeconds * 1000)),
  ];
}

function yesNo(v: boolean | null): string {
  return v === true ? 'yes' : v === false ? 'no' : 'unknown';
}

function otherInterpreterView(o: OtherInterpreter, envs: readonly Environment[]) {
  return {
    ...o,
    // The same real file as an examined environment: say which, since a venv's real path is its base Python.
    usedBy: envs.filter((e) => e.realPath !== null && e.realPath === o.realPath).map((e) => e.id).join(', '),
    showRealPath: o.realPath !== o.path,
  };
}

function runView(report: Report) {
  const r = report.run;
  return {
    facts: [
      fact('command', `debug-tts ${formatArgv(r.argv ?? [])}`.trim(), true),
      fact('working directory', r.cwd, true),
      fact('started', r.startedAt),
      fact('finished', r.finishedAt),
      fact('duration', formatMs(r.durationMs)),
      fact('host', r.host ? `${r.host.hostname} (${r.host.platform} ${r.host.arch}, Node ${r.host.node})` : null),
      fact('config file', r.configFile ?? 'none', r.configFile !== null),
      fact('replayed from artifacts', r.fromArtifacts ?? 'no (live run)', r.fromArtifacts !== null),
      fact('interrupted', r.interrupted),
      fact('report version', report.reportVersion),
      fact('debug-tts', report.tool.version),
    ],
  };
}

export type ComparisonView = ReturnType<typeof comparisonView>;

/** The gate's verdict for the page: groups in the order people act on them. */
export function comparisonView(c: Comparison) {
  const show = (ch: Change) => ({ ...ch, before: changeValue(ch, ch.before), after: changeValue(ch, ch.after), stage: ch.stage ?? '' });
  const groups = [
    { key: 'regressions', title: 'Regressions', changes: c.regressions },
    { key: 'warnings', title: 'Worse, at a level that does not fail the gate', changes: c.warnings },
    { key: 'improvements', title: 'Improvements', changes: c.improvements },
    { key: 'notes', title: 'Notes', changes: c.notes },
  ]
    .filter((g) => g.changes.length)
    .map((g) => ({ ...g, changes: g.changes.map(show) }));
  return {
    regressed: c.status === 'regressed',
    regressions: c.regressions,
    unchangedProblems: c.unchangedProblems,
    baseFile: c.base.file ?? 'the baseline',
    baseStartedAt: c.base.startedAt,
    upgradedFrom: c.base.upgradedFrom ?? null,
    environmentDifferences: c.environmentDifferences,
    groups,
  };
}

function changeValue(ch: Change, v: string | number | null): string {
  if (v === null) return '—';
  if (typeof v === 'number') return ch.kind === 'memory' ? formatBytes(v) : ch.kind === 'time' ? formatMs(v) : String(v);
  return v;
}

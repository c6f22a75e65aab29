// The Report: the one data structure every renderer reads (mirrors schemas/report.schema.json).

export const REPORT_VERSION = '1.4.0';

/** The failure categories (README, What it checks today); a finding's `category` is always one of these. */
export const CATEGORIES = [
  'missing-package',
  'wrong-interpreter',
  'python-version',
  'platform-constraint',
  'dependency-conflict',
  'api-break-import',
  'weights-only-unpickling',
  'missing-asset-file',
  'weights-shape-mismatch',
  'missing-or-unexpected-keys',
  'config-param-mismatch',
  'hub-offline-or-cache',
  'out-of-memory',
  'device-unavailable',
  'native-library-missing',
  'abi-break',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export type Severity = 'error' | 'warning' | 'info';

/** How the interpreter under test was chosen, in the order an app would choose it. */
export type ResolutionRule =
  | 'flag'
  | 'config'
  | 'DEBUG_TTS_PYTHON'
  | 'app-env'
  | 'app-default'
  | 'VIRTUAL_ENV'
  | 'project-venv'
  | 'path';

export type InterpreterKind = 'venv' | 'conda' | 'pyenv' | 'system' | 'homebrew' | 'unknown';

export interface ResolutionStep {
  rule: ResolutionRule;
  /** What the rule looked at, e.g. `VOXWEAVE_KOKORO_PYTHON=<unset>`. */
  source: string;
  /** The command or path the rule yields, when it yields one. */
  value: string | null;
  outcome: 'chosen' | 'not-set' | 'not-found' | 'shadowed';
}

export interface InterpreterResolution {
  rule: ResolutionRule;
  /** The command or path exactly as the app would invoke it. */
  requested: string;
  /** `requested` looked up on PATH when it is a bare command; null when it is nowhere. */
  commandPath: string | null;
  /** Every rule in order with what it saw: the "why this one" of the report. */
  steps: ResolutionStep[];
  /** One sentence for people: which interpreter and why. */
  explanation: string;
  /** How the host app spawns Python, read from its source (config `app`); absent when no app is configured. */
  appScan?: HostAppScan;
}

/** One place where the host app starts a Python process, as read statically from its source. */
export interface SpawnSite {
  /** Relative to the config file's folder. */
  file: string;
  line: number;
  column: number;
  /** The function called: `spawn`, `execFileSync`, `exec`, `fork`, `execa`, `$`... */
  call: string;
  module: 'child_process' | 'execa';
  /** The command expression as written at the call. */
  command: string;
  /** The command when it is a constant (string, template, const followed through imports). */
  value: string | null;
  /** The environment variable the command reads, and what the app falls back to when it is unset. */
  envVar: string | null;
  default: string | null;
  /** `file:line` where the variable is read (may be another file than the call). */
  envRead: string | null;
  /** The arguments when every one is a constant. */
  args: string[] | null;
  /** What Python is asked to run: `-c <code>` (with the modules it imports), `-m <module>` or a `.py` file. */
  script: { kind: 'inline' | 'module' | 'file'; value: string; imports: string[] } | null;
}

export interface HostAppScan {
  /** The scanned directory or file, absolute. */
  app: string;
  files: number;
  durationMs: number;
  sites: SpawnSite[];
  /** Files that could not be read or parsed cleanly; the scan went on without (or around) them. */
  problems: { file: string; line: number | null; message: string }[];
  /** Set when the scan itself failed. */
  error: string | null;
  /** The variable the app reads its interpreter from (the first site that reads one). */
  appEnv: { name: string; default: string | null; site: string; read: string } | null;
  /** The config's own `interpreterEnv`, which wins over the scan; null when there is none. */
  configured: { name: string; default: string } | null;
  /** True when `appEnv` became the resolution's app variable. */
  applied: boolean;
}

export interface Fix {
  /** `command`: a shell command that can be pasted; `advice`: prose. */
  kind: 'command' | 'advice';
  title: string;
  command?: string;
  text?: string;
  /** Destructive steps are never runnable. */
  runnable: boolean;
  verified?: { how: string } | null;
}

export interface Evidence {
  label: string;
  value: string;
}

export interface Finding {
  /** The id of the check or signature that produced it (kebab-case, = file name). */
  ruleId: string;
  category: Category;
  severity: Severity;
  title: string;
  message: string;
  environment?: string;
  target?: string;
  stage?: string;
  evidence: Evidence[];
  fixes: Fix[];
  /** Stable across runs: rule, scope and key evidence; never message text. */
  fingerprint: string;
  /** A symptom of another finding's cause: that finding's fingerprint (1.3.0). The symptom is info. */
  explainedBy?: string;
}

/** One thing to do, for every finding it fixes; rank 1 blocks the load first. */
export interface Recommendation {
  rank: number;
  title: string;
  category: Category;
  /** The title of the first finding it fixes. */
  because: string;
  fix: Fix;
  /** Fingerprints of the findings it fixes (the evidence lives there). */
  findings: string[];
  targets: string[];
  /** `target: stage` where the problems showed. */
  stages: string[];
}

export interface UnitError {
  unit: string;
  message: string;
  stack?: string;
}

export interface ProcessFailure {
  /** What failed to run: `spawn`, `timeout`, `signal`, `exit`, `invalid-output`. */
  kind: 'spawn' | 'timeout' | 'signal' | 'exit' | 'invalid-output';
  message: string;
  exitCode?: number | null;
  signal?: string | null;
  stderrTail?: string;
  /** With run.repeats > 1: the stage's duration over every run (durationMs is the first run's). */
  timing?: { runs: number; medianMs: number; minMs: number; maxMs: number };
}

export interface Environment {
  /** `user`: the interpreter the app would run; later issues add isolated envs. */
  id: string;
  role: 'user' | 'isolated';
  resolution: InterpreterResolution | null;
  /** sys.executable as the interpreter reports it. */
  executable: string | null;
  /** The real file behind `executable`, shims and symlinks resolved. */
  realPath: string | null;
  kind: InterpreterKind;
  pythonVersion: string | null;
  probe: EnvProbe | null;
  probeFailure: ProcessFailure | null;
  torch: TorchProbe | null;
  /** For role isolated: what it was built from and what got installed. */
  isolated?: IsolatedEnvFacts;
}

export interface IsolatedEnvFacts {
  dir: string;
  requirements: string[];
  /** Names, versions and archive hashes, from pip's install report. */
  lock: { name: string; version: string; sha256: string | null }[];
  how: 'reused' | 'built' | 'skipped-check';
  checkMs: number;
  buildMs: number | null;
  /** What built it (older reports lack it: pip). */
  installer?: 'pip' | 'uv';
}

/** A target run in the user's env and in a clean one, and what the pair says. */
export interface Differential {
  target: string;
  userEnvironment: string;
  isolatedEnvironment: string;
  userFailedAt: StageName | null;
  isolatedFailedAt: StageName | null;
  /** environmental: passes clean, fails in yours; model-or-config: fails in both. */
  verdict: 'environmental' | 'model-or-config' | 'healthy' | 'isolated-only';
  sentence: string;
  packageDiff: { name: string; user: string | null; isolated: string }[];
}

export interface OtherInterpreter {
  path: string;
  realPath: string;
  /** Where it was found: `project-venv`, `pyenv`, `conda`, `system`, `path`. */
  source: string;
  kind: InterpreterKind;
  version: string | null;
  prefix: string | null;
  error?: string;
  /** Modules a failing target lacked, as debug-tts found them here (find_spec, then a real import). */
  imports?: Record<string, { found: boolean; imported: boolean | null; error?: string }>;
}

export const STAGE_NAMES = [
  'preflight',
  'import',
  'config',
  'construct-minimal',
  'construct-full-meta',
  'load-weights',
  'load-voice',
  'synthesize',
] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** skipped never counts as passed; crashed = killed by a signal; timed-out = killed by debug-tts. */
export type StageStatus = 'passed' | 'failed' | 'crashed' | 'timed-out' | 'out-of-memory' | 'skipped';

export interface StageMemory {
  rssBeforeBytes: number | null;
  rssAfterBytes: number | null;
  /** Highest RSS of the process tree while the stage ran: samples, boundaries and the kernel's peak. */
  peakBytes: number | null;
  /** The kernel's ru_maxrss at the end of the stage (process lifetime peak). */
  maxRssBytes: number | null;
  cudaMaxReservedBytes: number | null;
}

/**
 * not-applicable: the stage cannot apply to this model (a codec's voices); not-requested: the
 * target's `stages` left it out; no-input: it needs something the target was not given (a model
 * folder, a voice); refused: a static check refused it (an unsafe checkpoint); after-failure: an
 * earlier stage failed or the process died.
 */
export type SkipKind = 'not-applicable' | 'not-requested' | 'no-input' | 'refused' | 'after-failure';

export interface Stage {
  name: StageName;
  status: StageStatus;
  durationMs: number;
  /** ms since the target's process started. */
  startMs: number | null;
  memory: StageMemory;
  details: Record<string, unknown>;
  skipReason?: string;
  /** Why a skipped stage did not run (1.4.0); only not-applicable and not-requested leave a target all green. */
  skipKind?: SkipKind;
  error?: { type: string; message: string; traceback: string } | null;
  signal?: string | null;
  stderrTail?: string;
  /** With run.repeats > 1: the stage's duration over every run (durationMs is the first run's). */
  timing?: { runs: number; medianMs: number; minMs: number; maxMs: number };
}

export interface Target {
  id: string;
  family: string;
  environment: string;
  /** Set when debug-tts found the target itself (no targets configured): why. */
  discoveredBy?: string;
  stages: Stage[];
  /** [ms since start, RSS bytes of the process tree] at >= 10 samples a second. */
  timeline: [number, number][];
  process: {
    exitCode: number | null;
    signal: string | null;
    durationMs: number;
    interrupted: boolean;
    /** Still alive after its last stage (non-daemon threads): killed after `graceMs`. */
    lingered?: { threads: string[]; graceMs: number };
    /** Forked from a server that had imported these already (their cost is not in the import stage). */
    forkedFrom?: { preloaded: string[]; importMs: number };
  };
}

export interface Report {
  $schema?: string;
  reportVersion: string;
  tool: { name: 'debug-tts'; version: string };
  run: {
    argv: string[];
    cwd: string;
    startedAt: string;
    finishedAt: string;
    durationMs: number;
    host: { hostname: string; platform: string; arch: string; node: string };
    configFile: string | null;
    fromArtifacts: string | null;
    interrupted: boolean;
    /** The run's name in a CI matrix; merge uses it as the environment's label. */
    label?: string;
  };
  environments: Environment[];
  otherInterpreters: OtherInterpreter[];
  targets: Target[];
  findings: Finding[];
  recommendations: Recommendation[];
  unitErrors: UnitError[];
  summary: {
    status: 'ok' | 'problems';
    counts: Record<Severity, number>;
    headline: string;
    /** Error findings, those with a fix specific to the failure, those with a verified fix (1.3.0). */
    fixes?: { errors: number; specific: number; verified: number };
  };
  /** With --isolated: each target in the user's env against a clean pinned one. */
  differentials?: Differential[];
  /** Config drift: per target, the parameter adapter and whether loading with it worked. */
  adapters?: ReportAdapter[];
  /** Which engines initialise here, for an app that routes between several (graceful degradation). */
  availability?: Availability;
  /** Set on a merged report: one column per merged run (CI matrix job); environment ids are the labels. */
  matrix?: { columns: MatrixColumn[] };
}

export interface MatrixColumn {
  label: string;
  file: string;
  startedAt: string;
  host: string;
  upgradedFrom?: string;
  /** What the column's run ran on (its user environment): the Python and torch versions, when known (1.4.0). */
  python?: string | null;
  torch?: string | null;
}

// ---- What the Python probes emit (mirrors schemas/env-probe.schema.json) ----

export interface Distribution {
  name: string;
  version: string;
  requiresPython: string | null;
  requiresDist: string[];
  location: string | null;
  installer: string | null;
}

export interface EnvProbe {
  probeVersion: string;
  python: {
    executable: string | null;
    version: string | null;
    versionInfo: [number, number, number, string, number] | null;
    implementation: string | null;
    compiler: string | null;
    bits: number | null;
  };
  platform: {
    system: string | null;
    release: string | null;
    machine: string | null;
    platform: string | null;
    libc: { name: string; version: string } | null;
    osName: string | null;
    macVersion: string | null;
  };
  prefixes: {
    prefix: string | null;
    basePrefix: string | null;
    execPrefix: string | null;
    isVenv: boolean | null;
    pyvenvCfg: Record<string, string> | null;
    isConda: boolean | null;
    condaPrefix: string | null;
  };
  paths: {
    sitePackages: string[] | null;
    userSite: string | null;
    userSiteEnabled: boolean | null;
    sysPath: string[] | null;
  };
  distributions: Distribution[] | null;
  /** Names installed more than once on sys.path: the first one shadows the others. */
  shadowedDistributions: { name: string; versions: string[]; locations: string[] }[] | null;
  pip: { available: boolean; version: string | null } | null;
  espeak: {
    library: string | null;
    binary: string | null;
    phonemizerLibraryEnv: string | null;
    loaderPackageLibrary: string | null;
  } | null;
  envVars: Record<string, string> | null;
  resources: {
    cpuCount: number | null;
    memTotalBytes: number | null;
    memAvailableBytes: number | null;
    diskFreeBytes: Record<string, number> | null;
  };
  /** Field path -> "could not collect: <why>". */
  errors: Record<string, string>;
}

export interface TorchProbe {
  probeVersion: string;
  imported: boolean;
  version: string | null;
  debugBuild: boolean | null;
  cudaBuild: string | null;
  cudaAvailable: boolean | null;
  cudaDeviceCount: number | null;
  cudaDevices: { name: string; totalMemoryBytes: number; capability: string }[] | null;
  cudnnVersion: number | null;
  mpsBuilt: boolean | null;
  mpsAvailable: boolean | null;
  numThreads: number | null;
  importError: { type: string; message: string; traceback: string } | null;
  importSeconds: number | null;
  errors: Record<string, string>;
}

/** A generated parameter adapter (rename, drop, default, coerce) and its verification by a real load. */
export interface ReportAdapter {
  target: string;
  environment: string;
  /** The config class the config is handed to, as installed. */
  configClass: string;
  /** The config file as the user wrote it. */
  source: string;
  issues: { kind: 'renamed' | 'unknown' | 'missing' | 'type-mismatch'; path: string[]; text: string; to?: string; ignored?: boolean }[];
  operations: (
    | { op: 'rename'; path: string[]; to: string; reason: string }
    | { op: 'drop'; path: string[]; reason: string }
    | { op: 'default'; path: string[]; value: unknown; source: string }
    | { op: 'coerce'; path: string[]; value: unknown; reason: string }
  )[];
  unresolved: string[];
  adaptedConfig: Record<string, unknown>;
  verification: {
    status: 'verified' | 'failed' | 'not-run';
    how: string;
    stages: { stage: StageName; status: string; message?: string }[];
  };
  /** Where the adapter is written, relative to the output dir. */
  files: { json: string; python: string; typescript: string };
  python: string;
  typescript: string;
}

export interface Availability {
  engines: {
    target: string;
    family: string;
    environment: string;
    status: 'loads' | 'fails';
    /** The target's outcome in one phrase (`all stages passed`, `failed at import`). */
    outcome: string;
    at?: StageName | null;
    reason?: string;
  }[];
  /** One sentence: how many engines initialise, which, and which not. */
  sentence: string;
}

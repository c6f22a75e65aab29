// The contract of a failure signature: one file each under src/diagnostics/signatures/.
import type { Category, Evidence, Fix, Severity } from '../core/report-types.js';

/** What a signature may look at. Everything but `text` is optional: `explain` has only text. */
export interface SignatureInput {
  /** Traceback, stderr or pasted log. */
  text: string;
  /** The Python exception type when known (e.g. `ModuleNotFoundError`). */
  exceptionType?: string | null;
  /** The stage it happened in, when it came from a staged load. */
  stage?: string | null;
  /**
   * How a staged load's stage died when it raised nothing itself: killed past the memory limit or
   * the time limit, or crashed by a signal. A fact of the run, so it outranks what stderr happens to say.
   */
  death?: StageDeath | null;
  /** Where the failing load's config came from, when debug-tts ran it: a file, or `minimalConfig of target x`. */
  configSource?: string | null;
  env?: SignatureEnv;
}

export interface StageDeath {
  status: 'crashed' | 'timed-out' | 'out-of-memory';
  /** `SIGSEGV`, `SIGKILL`, ... for a crash. */
  signal?: string | null;
  /** The process tree's peak in the stage, as sampled. */
  peakBytes?: number | null;
  /** The limits the run had (`memoryLimitMb`, `stageTimeoutSeconds`). */
  memoryLimitBytes?: number | null;
  timeoutMs?: number | null;
}

/** Facts about the machine that turn a text match into a diagnosis for this user. */
export interface SignatureEnv {
  /** The interpreter that failed, as the app invokes it (absolute path when known). */
  interpreter?: string;
  pythonVersion?: string;
  /** `linux`, `darwin`, `win32`. */
  platform?: string;
  /** `x86_64`, `arm64`, `aarch64`. */
  machine?: string;
  /** Installed distributions in the failing interpreter: normalised name -> version. */
  distributions?: Record<string, string>;
  /** The env variable the app reads its interpreter from, e.g. `VOXWEAVE_KOKORO_PYTHON`. */
  interpreterEnvVar?: string | null;
  /** The app's relevant environment variables as the probe saw them (secrets redacted): HF_HOME, HF_HUB_CACHE, HF_HUB_OFFLINE, ... */
  envVars?: Record<string, string>;
  /** Other interpreters on the machine and the modules debug-tts saw them import. */
  otherInterpreters?: { path: string; version: string | null; imports: Record<string, boolean> }[];
}

export interface SignatureMatch {
  /** 0..1; context (env facts) should raise or lower it, not only the text. */
  confidence: number;
  evidence: Evidence[];
  /** Named values the fixes need (module name, missing file, rejected global...). */
  captures: Record<string, string>;
  /** A signature may refine its category from context (e.g. wrong-interpreter vs missing-package). */
  category?: Category;
  title?: string;
}

export interface SignatureMeta {
  /** = file name, kebab-case noun naming the failing state. */
  id: string;
  category: Category;
  severity: Severity;
  title: string;
  /** Public reports or docs that motivated it (issue threads, docs pages). */
  sources: string[];
}

export interface Signature {
  meta: SignatureMeta;
  match(input: SignatureInput): SignatureMatch | null;
  fixes(match: SignatureMatch, input: SignatureInput): Fix[];
}

// The shape of one known version constraint: when it applies, what it breaks, how to fix it, and where it is written down.
import type { Category, Severity } from '../../core/report-types.js';

/**
 * A fix, with placeholders filled from the match: {version} (installed version of `when.package`),
 * {other} / {otherVersion} (the conflicting package), {python} (the interpreter's version).
 */
export type FixTemplate =
  /** A pip command for the interpreter under test; `runnable: false` for destructive steps (uninstall). */
  | { title: string; pip: string[]; runnable?: boolean }
  | { title: string; advice: string }
  /** Build an env from another interpreter on the machine whose version satisfies `python`, then pip `install`. */
  | { title: string; python: string; install: string[] };

export interface VersionRule {
  /** kebab-case, stable: part of the finding's fingerprint. */
  id: string;
  category: Category;
  severity: Severity;
  title: string;
  when: {
    /** Distribution name as on PyPI (compared PEP 503-normalised). */
    package: string;
    /** PEP 440 specifier the installed version must satisfy. */
    version?: string;
    /** PEP 440 specifier the interpreter's version must satisfy. */
    python?: string;
    /** platform.system() values (Linux, Darwin, Windows). */
    system?: string[];
    /** platform.machine() values (arm64, x86_64, aarch64). */
    machine?: string[];
  };
  /** The rule fires only when this package is installed too (in this range). */
  conflictsWith?: { package: string; version?: string };
  /** The rule fires only when none of these is installed (a backend, a companion package). */
  requiresAnyOf?: string[];
  message: string;
  fix: FixTemplate[];
  /** Public pages that state the constraint: issue threads, changelogs, PyPI metadata. */
  source: string[];
  /** How the version boundaries were checked (the files or metadata looked at). */
  verified: string;
  /** Why the package metadata (and so requires-python-violated or pip) does not already catch this. */
  notInMetadata: string;
}

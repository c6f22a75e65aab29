// The fix invariant: every finding at warning or error carries a fix specific to this machine and
// this failure. The test suite checks it over every report it makes; the summary counts it.
import type { Finding, Fix, Report } from '../core/report-types.js';

/** A placeholder the user has to fill in (`<pkg>`, `<path>`): not a fix for their failure yet. */
const PLACEHOLDER = /<(?!redacted>)[a-z][\w -]*>/i;

/**
 * What makes advice specific: it names a path or file, a config key with its value, a version
 * (package or Python), an environment variable's value, or a command in backticks.
 */
const SPECIFIC: RegExp[] = [
  /(?:^|[\s"'`(])(?:~|\.{1,2})?\/[\w.@+-]+/, // a path
  /\b[\w.-]+\.(?:json|ya?ml|toml|cfg|ini|pt|pth|ckpt|bin|onnx|safetensors|npz|npy|pkl|wav|py|txt|so|dylib|dll)\b/, // a file
  /\b\d+\.\d+(?:\.\d+)?\b/, // a version
  /\b[A-Za-z_][\w.]*\s*(?:==|>=|<=|~=|!=|<|>)\s*\d/, // a requirement
  /"[\w.-]+"\s*:\s*[^\s,]+/, // a config key and its value
  /\b[A-Z][A-Z0-9_]{2,}=\S+/, // an environment variable's value
  /`[^`\n]*[\s=/.][^`\n]*`/, // a command or key=value in backticks (one bare word is not)
];

export type FixProblem = 'no-fix' | 'placeholder' | 'not-specific';

/** Why a fix is not one the user can act on as written, or null when it is. */
export function fixProblem(fix: Fix): Exclude<FixProblem, 'no-fix'> | null {
  const words = [fix.title, fix.command ?? '', fix.text ?? ''].join('\n');
  if (fix.kind === 'command') {
    if (!fix.command?.trim()) return 'not-specific';
    return PLACEHOLDER.test(fix.command) ? 'placeholder' : null;
  }
  return SPECIFIC.some((re) => re.test(words)) ? null : 'not-specific';
}

export interface InvariantViolation {
  ruleId: string;
  title: string;
  problem: FixProblem;
}

/** A finding's violation of the invariant, or null when at least one of its fixes is specific. */
export function findingViolation(f: Finding): InvariantViolation | null {
  if (f.severity === 'info') return null;
  if (!f.fixes.length) return { ruleId: f.ruleId, title: f.title, problem: 'no-fix' };
  const problems = f.fixes.map(fixProblem);
  if (problems.includes(null)) return null;
  return { ruleId: f.ruleId, title: f.title, problem: problems.includes('placeholder') ? 'placeholder' : 'not-specific' };
}

export function invariantViolations(report: Pick<Report, 'findings'>): InvariantViolation[] {
  return report.findings.flatMap((f) => findingViolation(f) ?? []);
}

/** The summary's fix figures: error findings, how many carry a specific fix, how many a verified one. */
export function fixCounts(findings: Finding[]): { errors: number; specific: number; verified: number } {
  const errors = findings.filter((f) => f.severity === 'error');
  return {
    errors: errors.length,
    specific: errors.filter((f) => !findingViolation(f)).length,
    verified: errors.filter((f) => f.fixes.some((x) => x.verified && typeof x.verified.how === 'string')).length,
  };
}

// Evaluates the version-rule table against an interpreter's probed facts: pure, no Python, PEP 440 throughout.
import pep440 from '@renovatebot/pep440';
import type { EnvProbe } from '../../core/report-types.js';
import type { VersionRule } from './rule.js';
import { normalizeName } from '../../core/package-name.js';

export interface InstalledDist {
  name: string;
  version: string;
}

/** What the rules look at, taken from the env probe. */
export interface RuleFacts {
  python: string | null;
  system: string | null;
  machine: string | null;
  /** PEP 503-normalised name -> the distribution Python imports (the first on sys.path). */
  dists: Map<string, InstalledDist>;
}

export interface RuleMatch {
  rule: VersionRule;
  dist: InstalledDist;
  other: InstalledDist | null;
}

export { normalizeName };

export function factsOf(probe: EnvProbe): RuleFacts {
  const dists = new Map<string, InstalledDist>();
  for (const d of probe.distributions ?? []) {
    const key = normalizeName(d.name);
    if (!dists.has(key)) dists.set(key, { name: d.name, version: d.version });
  }
  return { python: probe.python.version, system: probe.platform.system, machine: probe.platform.machine, dists };
}

/** A version that is not PEP 440 (a VCS build, garbage) matches no specifier: unknown is not a violation. */
function within(version: string | null, spec: string | undefined): boolean {
  if (spec === undefined) return true;
  return version !== null && pep440.valid(version) !== null && pep440.satisfies(version, spec);
}

function oneOf(value: string | null, allowed: string[] | undefined): boolean {
  if (!allowed) return true;
  return value !== null && allowed.some((a) => a.toLowerCase() === value.toLowerCase());
}

export function matchRule(rule: VersionRule, facts: RuleFacts): RuleMatch | null {
  const { when } = rule;
  const dist = facts.dists.get(normalizeName(when.package));
  if (!dist || !within(dist.version, when.version)) return null;
  if (!within(facts.python, when.python) || !oneOf(facts.system, when.system) || !oneOf(facts.machine, when.machine)) return null;
  let other: InstalledDist | null = null;
  if (rule.conflictsWith) {
    other = facts.dists.get(normalizeName(rule.conflictsWith.package)) ?? null;
    if (!other || !within(other.version, rule.conflictsWith.version)) return null;
  }
  if (rule.requiresAnyOf?.some((p) => facts.dists.has(normalizeName(p)))) return null;
  return { rule, dist, other };
}

export function evaluateRules(rules: readonly VersionRule[], facts: RuleFacts): RuleMatch[] {
  return rules.map((r) => matchRule(r, facts)).filter((m): m is RuleMatch => m !== null);
}

/** Fills {version}, {other}, {otherVersion} and {python} from a match; unknown placeholders stay as written. */
export function fillTemplate(text: string, m: RuleMatch, python: string | null): string {
  const values: Record<string, string | undefined> = {
    version: m.dist.version,
    other: m.other?.name,
    otherVersion: m.other?.version,
    python: python ?? undefined,
  };
  return text.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all);
}

/** The constraint as one line, e.g. `kokoro>=0.7.6,<0.8.1 on Python>=3.13`. */
export function describeWhen(rule: VersionRule): string {
  const w = rule.when;
  const parts = [`${w.package}${w.version ?? ''}`];
  if (w.python) parts.push(`on Python${w.python}`);
  if (w.system) parts.push(`on ${w.system.join('/')}`);
  if (w.machine) parts.push(`(${w.machine.join('/')})`);
  if (rule.conflictsWith) parts.push(`with ${rule.conflictsWith.package}${rule.conflictsWith.version ?? ''}`);
  if (rule.requiresAnyOf) parts.push(`without any of ${rule.requiresAnyOf.join(', ')}`);
  return parts.join(' ');
}

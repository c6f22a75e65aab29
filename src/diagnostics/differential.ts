// The differential diagnosis: the same target in the user's env and in a clean pinned one, and what that says.
import { STAGE_NAMES, type Differential, type Environment, type Finding, type Stage, type Target } from '../core/report-types.js';
import { normalizeName } from '../core/package-name.js';

const STAGE_ORDER: readonly string[] = STAGE_NAMES;

const FAILING = new Set(['failed', 'crashed', 'timed-out', 'out-of-memory']);

function firstFailure(t: Target): Stage | null {
  return t.stages.find((s) => FAILING.has(s.status)) ?? null;
}

/** Locked packages of the clean env whose version in the user's env differs (absent included). */
export function packageDiff(user: Environment | undefined, isolated: Environment): Differential['packageDiff'] {
  const have = new Map((user?.probe?.distributions ?? []).map((d) => [normalizeName(d.name), d.version]));
  return (isolated.isolated?.lock ?? [])
    .map((l) => ({ name: l.name, user: have.get(normalizeName(l.name)) ?? null, isolated: l.version }))
    .filter((d) => d.user !== d.isolated);
}

function listDiff(diff: Differential['packageDiff'], max = 5): string {
  const shown = diff.slice(0, max).map((d) => `${d.name} ${d.user ?? '(absent)'} vs ${d.isolated}`);
  return `${shown.join(', ')}${diff.length > max ? ` and ${diff.length - max} more` : ''}`;
}

function verdictOf(user: Stage | null, clean: Stage | null): Differential['verdict'] {
  if (user && !clean) return 'environmental';
  if (user && clean) return 'model-or-config';
  if (!user && clean) return 'isolated-only';
  return 'healthy';
}

function sentence(id: string, v: Differential['verdict'], envName: string, user: Stage | null, clean: Stage | null, diff: Differential['packageDiff']): string {
  switch (v) {
    case 'environmental':
      return `${id} loads in a clean env (${envName}) but fails in yours at ${user!.name}: your environment is the problem${diff.length ? `; its packages differ: ${listDiff(diff)}` : ''}.`;
    case 'model-or-config': {
      const earlier = STAGE_ORDER.indexOf(user!.name) < STAGE_ORDER.indexOf(clean!.name);
      return earlier
        ? `${id} fails in a clean env too (at ${clean!.name}): the model, its files or its config are the problem; your env fails earlier (at ${user!.name}), so fix that as well.`
        : `${id} fails in your env (at ${user!.name}) and in a clean one (at ${clean!.name}): the model, its files or its config are the problem, not your packages.`;
    }
    case 'isolated-only':
      return `${id} loads in your env but fails in the clean one (${envName}) at ${clean!.name}: the pinned requirement set lacks something your env provides.`;
    default:
      return `${id} loads in your env and in a clean one (${envName}).`;
  }
}

/** One differential per target that ran in both; isolated runs never become findings of their own. */
export function differentials(targets: Target[], environments: Environment[]): Differential[] {
  const out: Differential[] = [];
  const user = environments.find((e) => e.role === 'user');
  for (const clean of targets.filter((t) => t.environment.startsWith('isolated:'))) {
    const mine = targets.find((t) => t.id === clean.id && !t.environment.startsWith('isolated:'));
    const env = environments.find((e) => e.id === clean.environment);
    if (!mine || !env) continue;
    const u = firstFailure(mine);
    const c = firstFailure(clean);
    const verdict = verdictOf(u, c);
    const diff = packageDiff(user, env);
    out.push({
      target: clean.id,
      userEnvironment: mine.environment,
      isolatedEnvironment: clean.environment,
      userFailedAt: u?.name ?? null,
      isolatedFailedAt: c?.name ?? null,
      verdict,
      sentence: sentence(clean.id, verdict, clean.environment.slice('isolated:'.length), u, c, diff),
      packageDiff: diff,
    });
  }
  return out;
}

/** The verdict on the user's stage finding: evidence, and for an environmental one the verified fix. */
export function annotateFindings(findings: Finding[], diffs: Differential[], python: string): void {
  for (const d of diffs) {
    const f = findings.find((x) => x.target === d.target && x.stage === d.userFailedAt && x.environment === d.userEnvironment);
    if (!f) continue;
    f.evidence.push({ label: 'differential', value: d.sentence });
    if (d.verdict !== 'environmental' || !d.packageDiff.length) continue;
    const pins = d.packageDiff.map((p) => `'${p.name}==${p.isolated}'`).join(' ');
    f.fixes.unshift({
      kind: 'command',
      title: `Install the versions that load in the clean env (${d.isolatedEnvironment.slice('isolated:'.length)})`,
      command: `"${python}" -m pip install ${pins}`,
      runnable: true,
      verified: { how: `debug-tts ran the same stages in ${d.isolatedEnvironment}, which has these versions: they passed` },
    });
  }
}

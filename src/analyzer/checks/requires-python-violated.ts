// An installed distribution declares a Requires-Python that excludes this interpreter (installed with a forced or foreign pip).
import pep440 from '@renovatebot/pep440';
import type { Check, CheckContext } from '../check.js';
import type { Fix } from '../../core/report-types.js';
import { advice, command, interpreterPath, pipCommand } from '../fix-helpers.js';
import { factsOf, matchRule, type RuleFacts } from '../version-rules/evaluate.js';
import { VERSION_RULES } from '../version-rules/rules.js';

export const meta = {
  id: 'requires-python-violated',
  category: 'python-version',
  severity: 'warning',
  title: 'An installed package does not support this Python version',
  requires: ['probe'],
} as const satisfies Check['meta'];

/** Python minors a fix may suggest, newest first. */
const MINORS = ['3.14', '3.13', '3.12', '3.11', '3.10', '3.9'];

/**
 * The newest Python minor that every installed distribution's Requires-Python admits (from the
 * probe's metadata) and at which no Python-bound rule of the version table fires for the installed
 * versions (kokoro 0.7.6-0.8.0 needs a misaki that stops at 3.12), so the suggested interpreter does
 * not trade one violation for another.
 */
export function pythonForAll(dists: { requiresPython: string | null }[], facts?: RuleFacts): string | null {
  const ranges = dists.map((d) => d.requiresPython).filter((r): r is string => Boolean(r) && Boolean(pep440.validRange(r!)));
  const admits = (m: string) => ranges.every((r) => pep440.satisfies(`${m}.0`, r) || pep440.satisfies(`${m}.99`, r));
  const ruleFires = (m: string) => facts !== undefined && VERSION_RULES.some((r) => r.when.python !== undefined && matchRule(r, { ...facts, python: `${m}.0` }) !== null);
  return MINORS.find((m) => admits(m) && !ruleFires(m)) ?? null;
}

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  const probe = ctx.environment.probe;
  const version = probe?.python.version;
  if (!probe?.distributions || !version) return [];
  return probe.distributions
    .filter((d) => d.requiresPython && pep440.validRange(d.requiresPython) && !pep440.satisfies(version, d.requiresPython))
    .map((d) => ({
      message: `${d.name} ${d.version} declares Requires-Python "${d.requiresPython}", but this interpreter is Python ${version}. It was installed anyway (pip --ignore-requires-python, or copied from another environment) and may fail to import or misbehave.`,
      evidence: [
        { label: 'package', value: `${d.name}==${d.version}` },
        { label: 'Requires-Python', value: d.requiresPython ?? '' },
        { label: 'interpreter', value: `Python ${version}` },
      ],
      fixes: fixesFor(d, version, pythonForAll(probe.distributions ?? [], factsOf(probe)), interpreterPath(ctx.environment)),
      key: d.name.toLowerCase(),
    }));
}

function fixesFor(d: { name: string; version: string }, version: string, target: string | null, python: string): Fix[] {
  const fixes: Fix[] = [];
  if (target) {
    fixes.push(command(`Create the env with Python ${target}, which every installed package's Requires-Python and the known version rules admit`, `uv venv --python ${target} .venv && uv pip install --python .venv/bin/python -r requirements.txt`));
    fixes.push(advice(`Without uv: pyenv install ${target}`, `\`pyenv install ${target}\`, then \`"$(pyenv prefix ${target})/bin/python" -m venv .venv\` and install the app's requirements into it; point the app at .venv/bin/python.`));
  }
  // Letting pip choose on this Python can fall back to an old release with known problems of its
  // own (kokoro 0.7.x on 3.13): shown, never marked runnable.
  fixes.push({ ...command(`Or stay on Python ${version}: let pip pick a ${d.name} release that supports it (check what it picks)`, pipCommand(python, ['install', '--force-reinstall', d.name])), runnable: false });
  return fixes;
}

export const check: Check = { meta, run };

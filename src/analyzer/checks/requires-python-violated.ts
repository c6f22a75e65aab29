// An installed distribution declares a Requires-Python that excludes this interpreter (installed with a forced or foreign pip).
import pep440 from '@renovatebot/pep440';
import type { Check, CheckContext } from '../check.js';
import { interpreterPath, pipCommand, command } from '../fix-helpers.js';

export const meta = {
  id: 'requires-python-violated',
  category: 'python-version',
  severity: 'warning',
  title: 'An installed package does not support this Python version',
  requires: ['probe'],
} as const satisfies Check['meta'];

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
      fixes: [command(`Let pip pick a ${d.name} release that supports Python ${version}`, pipCommand(interpreterPath(ctx.environment), ['install', '--force-reinstall', d.name]))],
      key: d.name.toLowerCase(),
    }));
}

export const check: Check = { meta, run };

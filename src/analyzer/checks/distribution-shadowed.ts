// One distribution installed twice on sys.path: Python imports the first, pip may report the other.
import type { Check, CheckContext } from '../check.js';
import { advice } from '../fix-helpers.js';

export const meta = {
  id: 'distribution-shadowed',
  category: 'dependency-conflict',
  severity: 'warning',
  title: 'A package is installed twice and one copy shadows the other',
  requires: ['probe'],
} as const satisfies Check['meta'];

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  const shadowed = ctx.environment.probe?.shadowedDistributions ?? [];
  return shadowed.map((s) => ({
    message: `${s.name} is installed ${s.versions.length} times on sys.path (${s.versions.join(', ')}). Python imports the copy in ${s.locations[0] ?? '?'}; the others are ignored, so the version you upgraded may not be the one that runs.`,
    evidence: s.versions.map((v, i) => ({ label: i === 0 ? 'imported' : 'shadowed', value: `${s.name}==${v} in ${s.locations[i] ?? '?'}` })),
    fixes: [advice('Remove the copies you do not want', `Uninstall ${s.name} from the locations that should not provide it (often the user site, ~/.local/lib/pythonX.Y/site-packages, or a PYTHONPATH entry), or run the app with PYTHONNOUSERSITE=1.`)],
    key: s.name.toLowerCase(),
  }));
}

export const check: Check = { meta, run };

// Distributions installed twice on sys.path: Python imports the first copy, pip may report the other.
// One finding per folder whose copies win (a PYTHONPATH entry shadowing nine packages is one problem,
// not nine), a warning only where a winning copy is another version than the one it hides, and the
// fix for where that folder comes from: PYTHONPATH, the user site, or another site-packages.
import path from 'node:path';
import type { Check, CheckContext } from '../check.js';
import { advice, command, interpreterPath, quotePath } from '../fix-helpers.js';

export const meta = {
  id: 'distribution-shadowed',
  category: 'dependency-conflict',
  severity: 'warning',
  title: 'A package is installed twice and one copy shadows the other',
  requires: ['probe', 'resolution'],
} as const satisfies Check['meta'];

const same = (a: string, b: string) => path.resolve(a) === path.resolve(b);

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  const probe = ctx.environment.probe;
  const shadowed = probe?.shadowedDistributions ?? [];
  const byWinner = new Map<string, typeof shadowed>();
  for (const s of shadowed) {
    const winner = s.locations[0] ?? '?';
    byWinner.set(winner, [...(byWinner.get(winner) ?? []), s]);
  }
  const pythonPath = (probe?.envVars?.PYTHONPATH ?? '').split(path.delimiter).filter(Boolean);
  const userSite = probe?.paths.userSite ?? null;
  const python = interpreterPath(ctx.environment);
  return [...byWinner.entries()].map(([winner, list]) => {
    // A copy that differs from what it hides is what breaks imports; identical copies are clutter.
    const differs = list.filter((s) => new Set(s.versions).size > 1);
    const names = list.map((s) => `${s.name} ${s.versions[0]}`).join(', ');
    const fromPythonPath = pythonPath.some((p) => same(p, winner));
    const fromUserSite = userSite !== null && same(userSite, winner);
    const where = fromPythonPath ? `${winner} (on PYTHONPATH)` : fromUserSite ? `${winner} (the user site)` : winner;
    const fixes = fromPythonPath
      ? [
          advice(`Take ${winner} off PYTHONPATH for the app`, `PYTHONPATH=${probe?.envVars?.PYTHONPATH ?? ''} puts ${winner} before the interpreter's own site-packages, so its copies win. Remove that entry where the app's environment is set (or unset PYTHONPATH); PYTHONNOUSERSITE does not affect PYTHONPATH.`),
        ]
      : fromUserSite
        ? [
            command(`Run the app without the user site`, 'export PYTHONNOUSERSITE=1'),
            // Uninstalling is destructive: shown, never marked runnable.
            { ...command(`Or remove the user-site copies`, `${quotePath(python)} -m pip uninstall --yes ${list.map((s) => s.name).join(' ')}`), runnable: false },
          ]
        : [advice(`Remove the copies in ${winner} you do not want`, `${winner} comes before the other copy on sys.path. Uninstall ${list.map((s) => s.name).join(', ')} from the environment that owns it, or drop it from sys.path (a .pth file, a sitecustomize).`)];
    return {
      title: `${list.length === 1 ? `${list[0]!.name} is` : `${list.length} packages are`} installed twice; the copies in ${where} win${differs.length ? `, ${differs.length === 1 ? 'a different version' : `${differs.length} of them different versions`}` : ''}`,
      message: `Python imports ${names} from ${where}; the other copies${differs.length ? ` (${differs.map((s) => `${s.name} ${s.versions.slice(1).join('/')}`).join(', ')})` : ''} are ignored, so the version you upgraded may not be the one that runs.${differs.length ? '' : ' Every copy here is the same version: nothing breaks yet, but the next upgrade will only change one of them.'}`,
      severity: differs.length ? 'warning' : 'info',
      evidence: [...differs, ...list.filter((s) => !differs.includes(s))].flatMap((s) => s.versions.map((v, i) => ({ label: i === 0 ? 'imported' : 'shadowed', value: `${s.name}==${v} in ${s.locations[i] ?? '?'}` }))).slice(0, 12),
      fixes,
      key: winner,
    };
  });
}

export const check: Check = { meta, run };

// The interpreter has no pip, so every `python -m pip install` fix would fail as written.
import type { Check, CheckContext } from '../check.js';
import { command, interpreterPath } from '../fix-helpers.js';

export const meta = {
  id: 'pip-unavailable',
  category: 'missing-package',
  severity: 'info',
  title: 'pip is not available in this interpreter',
  requires: ['probe'],
} as const satisfies Check['meta'];

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  const pip = ctx.environment.probe?.pip;
  if (!pip || pip.available) return [];
  const python = interpreterPath(ctx.environment);
  return [{
    message: `${python} has no pip module: install commands in this report need it first (venvs made with --without-pip, and some distro Pythons, lack it).`,
    evidence: [{ label: 'importlib.util.find_spec("pip")', value: 'None' }],
    fixes: [command('Bootstrap pip into this interpreter', `"${python}" -m ensurepip --upgrade`)],
    key: python,
  }];
}

export const check: Check = { meta, run };

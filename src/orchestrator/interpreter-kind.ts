// Names what kind of interpreter a path is (venv, conda, pyenv, system, homebrew) from cheap facts.
import type { InterpreterKind } from '../core/report-types.js';

export interface KindFacts {
  realPath: string | null;
  prefix: string | null;
  isVenv: boolean | null;
  isConda: boolean | null;
}

export function interpreterKind(f: KindFacts): InterpreterKind {
  if (f.isConda) return 'conda';
  if (f.isVenv) return 'venv';
  const real = f.realPath ?? '';
  if (/[\\/]\.?pyenv[\\/](pyenv-win[\\/])?versions[\\/]/.test(real)) return 'pyenv';
  if (real.startsWith('/opt/homebrew/') || real.includes('/Cellar/python')) return 'homebrew';
  if (/^\/(usr\/)?(bin|lib|lib64)\//.test(real) || real.startsWith('/System/Library/') || real.startsWith('/Library/Developer/')) {
    return 'system';
  }
  return 'unknown';
}

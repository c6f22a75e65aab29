// torch is installed but `import torch` fails or crashes: every torch-based TTS model fails with it.
import type { Check, CheckContext } from '../check.js';
import type { Category } from '../../core/report-types.js';
import { advice } from '../fix-helpers.js';

export const meta = {
  id: 'torch-import-failed',
  category: 'other',
  severity: 'error',
  title: 'torch is installed but cannot be imported',
  requires: ['torch'],
} as const satisfies Check['meta'];

/** A first cut by message; the diagnostics knowledge base refines the category when it knows more. */
function categorise(type: string, message: string): Category {
  if (/NumPy 1\.x cannot be run in\s+NumPy 2|_ARRAY_API|numpy\.core\.multiarray failed/i.test(message)) return 'abi-break';
  if (/undefined symbol|version `GLIBC|GLIBCXX/i.test(message)) return 'abi-break';
  if (/lib\S+\.so|\.dylib|DLL load failed|cannot open shared object/i.test(message)) return 'native-library-missing';
  if (type === 'ModuleNotFoundError') return 'missing-package';
  return 'other';
}

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  const t = ctx.environment.torch;
  if (!t || t.imported || !t.importError) return [];
  const { type, message, traceback } = t.importError;
  return [{
    category: categorise(type, `${message}\n${traceback}`),
    message: `import torch failed with ${type}: ${message.split('\n')[0]}`,
    evidence: [
      { label: 'exception', value: `${type}: ${message}` },
      { label: 'traceback', value: traceback },
    ],
    fixes: [advice('Reinstall a torch build that matches this interpreter', 'Reinstall torch for this exact interpreter and platform (CPU or the CUDA version you have), and keep numpy within the range that torch build supports.')],
    key: type,
  }];
}

export const check: Check = { meta, run };

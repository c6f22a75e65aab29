// torch is installed but `import torch` fails or crashes: every torch-based TTS model fails with it.
import type { Check, CheckContext } from '../check.js';
import { advice } from '../fix-helpers.js';

export const meta = {
  id: 'torch-import-failed',
  category: 'other',
  severity: 'error',
  title: 'torch is installed but cannot be imported',
  requires: ['torch'],
} as const satisfies Check['meta'];

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  const t = ctx.environment.torch;
  if (!t || t.imported || !t.importError) return [];
  const { type, message, traceback } = t.importError;
  // The category and the specific fixes come from the classifier (orchestrator/analyze.ts), the one
  // place that decides categories; this check only reports the fact, with a generic fix.
  return [{
    category: 'other',
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

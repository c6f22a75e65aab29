// A checkpoint whose pickle imports callables that can run code on load (os.system, eval, subprocess...).
import type { Check, CheckContext } from '../check.js';
import { advice } from '../fix-helpers.js';

export const meta = {
  id: 'checkpoint-executes-code',
  category: 'weights-only-unpickling',
  severity: 'error',
  title: 'A checkpoint can execute code when loaded',
  requires: ['assets'],
} as const satisfies Check['meta'];

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  return ctx.assets.flatMap((a) =>
    a.checkpoints
      .filter((c) => c.dangerous.length)
      .map((c) => ({
        message: `${c.file} imports ${c.dangerous.join(', ')} in its pickle: loading it with weights_only=False runs that code. debug-tts did not load it. Treat the file as hostile unless you made it.`,
        evidence: [
          { label: 'file', value: c.file },
          { label: 'code-executing globals', value: c.dangerous.join('\n') },
          { label: 'all globals', value: c.globals.join('\n') },
        ],
        fixes: [advice(`Do not load ${c.file}`, `Get the checkpoint from its original publisher (prefer .safetensors, which cannot execute code). If you created it yourself and trust it, add \`"trustedWeights": [${JSON.stringify(c.file)}]\` to target ${a.targetId} so debug-tts will load it.`)],
        key: `${a.targetId}:${c.file}`,
        target: a.targetId,
      })),
  );
}

export const check: Check = { meta, run };

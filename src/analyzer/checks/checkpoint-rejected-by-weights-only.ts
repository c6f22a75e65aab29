// A torch checkpoint pickles objects outside torch's weights_only allowlist: torch >= 2.6 refuses to load it.
import pep440 from '@renovatebot/pep440';
import type { Check, CheckContext } from '../check.js';
import { safeGlobalsSnippet } from '../checkpoint/inspect-checkpoint.js';
import { TORCH_ALLOWLIST_VERSION } from '../checkpoint/torch-allowlist.js';
import { advice } from '../fix-helpers.js';

export const meta = {
  id: 'checkpoint-rejected-by-weights-only',
  category: 'weights-only-unpickling',
  severity: 'error',
  title: 'torch.load(weights_only=True) will refuse this checkpoint',
  requires: ['assets', 'probe', 'torch'],
} as const satisfies Check['meta'];

function torchVersion(ctx: CheckContext): string | null {
  const d = ctx.environment.probe?.distributions?.find((x) => x.name.toLowerCase() === 'torch');
  return d?.version ?? ctx.environment.torch?.version ?? null;
}

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  const version = torchVersion(ctx);
  const defaultOn = version !== null && pep440.gte(version.split('+')[0]!, '2.6.0');
  return ctx.assets.flatMap((a) =>
    a.checkpoints
      .filter((c) => c.rejectedByWeightsOnly.length && !c.dangerous.length)
      .map((c) => ({
        severity: defaultOn ? ('error' as const) : ('warning' as const),
        message: `${c.file} pickles ${c.rejectedByWeightsOnly.join(', ')}, which torch's weights_only unpickler does not allow. ${defaultOn ? `torch ${version} loads with weights_only=True by default, so torch.load fails with "Unsupported global".` : `torch ${version ?? '(not installed)'} still defaults to weights_only=False; the load will fail once torch is 2.6 or newer.`}`,
        evidence: [
          { label: 'file', value: c.file },
          { label: 'globals outside the allowlist', value: c.rejectedByWeightsOnly.join('\n') },
          { label: 'allowlist from', value: `torch ${TORCH_ALLOWLIST_VERSION}` },
          { label: 'torch in this interpreter', value: version ?? 'not installed' },
        ],
        fixes: [
          advice(`Allow exactly these globals for ${c.file} (keeps weights_only on)`, safeGlobalsSnippet(c.rejectedByWeightsOnly)),
          advice('Or, only if you trust where the file came from', `Load it with \`torch.load(${JSON.stringify(c.file)}, map_location="cpu", weights_only=False)\`. Never do this for a file from an untrusted source: unpickling can run arbitrary code.`),
        ],
        key: `${a.targetId}:${c.file}`,
        target: a.targetId,
      })),
  );
}

export const check: Check = { meta, run };

// A Piper voice without its config beside it: piper loads <voice>.onnx.json next to <voice>.onnx, by that exact name.
import type { Check, CheckContext } from '../check.js';
import { advice, command } from '../fix-helpers.js';

export const meta = {
  id: 'piper-voice-config-missing',
  category: 'missing-asset-file',
  severity: 'error',
  title: 'A Piper voice has no <voice>.onnx.json beside it',
  requires: ['assets'],
} as const satisfies Check['meta'];

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  return ctx.assets
    .filter((a) => a.family === 'piper' && a.modelDir && a.modelDirExists)
    .flatMap((a) => {
      const names = a.files.map((f) => f.name);
      return names
        .filter((n) => n.endsWith('.onnx') && !names.includes(`${n}.json`))
        .map((onnx) => {
          const stem = onnx.replace(/\.onnx$/, '');
          const candidates = names.filter((n) => n.endsWith('.json') && n !== `${onnx}.json`);
          const misnamed = candidates.find((n) => n.startsWith(stem)) ?? candidates[0];
          const dir = a.modelDir!;
          return {
            message: `${dir}/${onnx} has no ${onnx}.json beside it${misnamed ? `; ${misnamed} is there, probably the same config under another name` : ''}. PiperVoice.load looks for "<model>.json" and fails without it.`,
            evidence: [
              { label: 'model', value: `${dir}/${onnx}` },
              { label: 'expected config', value: `${dir}/${onnx}.json` },
              { label: 'json files present', value: candidates.join(', ') || '(none)' },
            ],
            fixes: misnamed
              ? [command('Give the config the name piper expects (a copy: the old name keeps working)', `cp '${dir}/${misnamed}' '${dir}/${onnx}.json'`)]
              : [advice('Download the voice config', `Fetch ${onnx}.json from the same place as ${onnx} and put it beside it.`)],
            key: `${a.targetId}:${onnx}`,
            target: a.targetId,
          };
        });
    });
}

export const check: Check = { meta, run };

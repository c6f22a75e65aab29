// A Piper voice without its config beside it: piper loads <voice>.onnx.json next to <voice>.onnx, by that exact name.
import type { Check, CheckContext } from '../check.js';
import path from 'node:path';
import type { TargetAssets } from '../assets.js';
import { advice, command, shellQuote } from '../fix-helpers.js';

export const meta = {
  id: 'piper-voice-config-missing',
  category: 'missing-asset-file',
  severity: 'error',
  title: 'A Piper voice has no <voice>.onnx.json beside it',
  requires: ['assets'],
} as const satisfies Check['meta'];

/** The voices to check in one folder: every .onnx of a modelDir, or the one a `model:` names. */
function voiceFolders(a: TargetAssets): { dir: string; names: string[]; voices: string[]; option: string }[] {
  const out = [];
  if (a.modelDir && a.modelDirExists) {
    const names = a.files.map((f) => f.name);
    out.push({ dir: a.modelDir, names, voices: names.filter((n) => n.endsWith('.onnx')), option: 'modelDir' });
  }
  const model = typeof a.options.model === 'string' ? a.options.model : null;
  const folder = (a.extraDirs ?? []).find((d) => d.option === 'model');
  if (model && folder) out.push({ dir: folder.dir, names: folder.files.map((f) => f.name), voices: [path.basename(model)], option: 'model' });
  return out;
}

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  return ctx.assets
    .filter((a) => a.family === 'piper')
    .flatMap((a) =>
      voiceFolders(a).flatMap(({ dir, names, voices, option }) =>
        voices
          .filter((onnx) => !names.includes(`${onnx}.json`))
          .map((onnx) => {
            const stem = onnx.replace(/\.onnx$/, '');
            const candidates = names.filter((n) => n.endsWith('.json') && n !== `${onnx}.json`);
            const misnamed = candidates.find((n) => n.startsWith(stem)) ?? (candidates.length === 1 ? candidates[0] : undefined);
            const model = path.join(dir, onnx);
            return {
              message: `${model} has no ${onnx}.json beside it${misnamed ? `; ${misnamed} is there, probably the same config under another name` : ''}. PiperVoice.load looks for "<model>.json" and fails without it.`,
              evidence: [
                { label: option, value: model },
                { label: 'expected config', value: `${model}.json` },
                { label: 'json files present', value: candidates.join(', ') || '(none)' },
              ],
              fixes: misnamed
                ? [command('Give the config the name piper expects (a copy: the old name keeps working)', `cp ${shellQuote(path.join(dir, misnamed))} ${shellQuote(`${model}.json`)}`)]
                : [advice('Download the voice config', `Fetch ${onnx}.json from the same place as ${onnx} (the voice's release, e.g. rhasspy/piper-voices on the Hugging Face Hub) and put it at ${model}.json.`)],
              key: `${a.targetId}:${onnx}`,
              target: a.targetId,
            };
          }),
      ),
    );
}

export const check: Check = { meta, run };

// A pip/script launcher points at an interpreter that is not there: the script belongs to another Python.
import type { Signature } from '../signature.js';
import { advice, command, pip } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const LAUNCHER = /Fatal error in launcher: Unable to create process using '"?([^"']+?python[^"']*?\.exe)"?/i;
const SHEBANG = /bad interpreter: ([^\s:]+): No such file or directory/;

export const signature: Signature = {
  meta: {
    id: 'pip-launcher-stale-interpreter',
    category: 'wrong-interpreter',
    severity: 'error',
    title: 'The pip launcher was made for an interpreter that does not exist here',
    sources: ['https://github.com/Comfy-Org/ComfyUI/issues/6998', 'https://github.com/Comfy-Org/ComfyUI/issues/3263'],
  },

  match(input) {
    const hit = firstHit(input, LAUNCHER) ?? firstHit(input, SHEBANG);
    if (!hit) return null;
    return { confidence: 0.92, evidence: evidenceOf([hit]), captures: { stale: hit.match[1]! } };
  },

  fixes(m, input) {
    return [
      command('Run pip through the interpreter instead of its launcher (name the package)', pip(input, ['install', '<package>']), { runnable: false }),
      advice('Why the launcher fails', `pip.exe / pip3 carry the path of the interpreter they were installed with (${m.captures.stale}). A copied or moved environment keeps the old path; \`python -m pip\` always uses the interpreter you name.`),
    ];
  },
};

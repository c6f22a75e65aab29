// PEP 668: pip refused to install into the distribution's own Python; the app needs a venv interpreter instead.
import type { Signature } from '../signature.js';
import { advice, command, shellQuote } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const PEP668 = /externally-managed-environment/;
const WANTED = /pip3?\s+install\s+([^\s`'"]+)/;

export const signature: Signature = {
  meta: {
    id: 'externally-managed-environment',
    category: 'wrong-interpreter',
    severity: 'error',
    title: 'pip may not install into the system Python; the app needs its own environment',
    sources: ['https://github.com/OHF-Voice/piper1-gpl/issues/133', 'https://github.com/paulpreibisch/AgentVibes/issues/205', 'https://peps.python.org/pep-0668/'],
  },

  match(input) {
    const hit = firstHit(input, PEP668);
    if (!hit) return null;
    const wanted = firstHit(input, WANTED)?.match[1] ?? '';
    return { confidence: 0.9, evidence: evidenceOf([hit]), captures: { wanted } };
  },

  fixes(m, input) {
    const spec = m.captures.wanted || '<package>';
    const variable = input.env?.interpreterEnvVar;
    const fixes = [
      command(`Create a venv for the TTS engine and install ${spec} into it`, `python3 -m venv ~/.venvs/tts && ~/.venvs/tts/bin/python -m pip install ${shellQuote(spec)}`, { runnable: Boolean(m.captures.wanted) }),
      variable
        ? command(`Point ${variable} at the venv's interpreter`, `export ${variable}=~/.venvs/tts/bin/python`)
        : advice('Run the app with the venv interpreter', 'Start the app (or its Python bridge) with ~/.venvs/tts/bin/python, or `debug-tts --python ~/.venvs/tts/bin/python` to check it.'),
      advice('Do not force it into the system Python', '`--break-system-packages` can break OS tools that depend on the distribution Python; a venv keeps the TTS stack separate.'),
    ];
    return fixes;
  },
};

// A model file (weights, config, vocab) is not where the code looks for it.
import type { Signature } from '../signature.js';
import { advice } from '../fix-kit.js';
import { evidenceOf, firstHit, type Hit } from '../text-scan.js';

// Weights, configs, vocabularies, and reference audio a voice-cloning model is given.
const EXT = String.raw`(?:pth|pt|onnx|bin|safetensors|ckpt|json|npz|npy|yaml|yml|model|txt|wav|mp3|flac)`;
const PATTERNS = [
  // onnxruntime: NO_SUCHFILE : Load model from x.onnx failed:Load model x.onnx failed. File doesn't exist
  /NO_SUCHFILE : Load model from (\S+?) failed/,
  // The opening quote is optional: issue titles and log collectors drop it.
  new RegExp(String.raw`No such file or directory: '?([^'\n]+?\.${EXT})'`),
  new RegExp(String.raw`([\w./\\-]+\.${EXT}) not found(?: at ([^\s'"]+))?`, 'i'),
  new RegExp(String.raw`(?:Could not|Can't|Cannot) (?:find|open|load) (?:file |model )?'?([^\s']+\.${EXT})`, 'i'),
];
// A Rust/C++ host reporting ENOENT right after naming the model it loads.
const ENOENT = /kind: NotFound|os error 2\b/;
// A cheap literal test first: the path patterns backtrack on every word of a long log.
const GATE = /not found|No such file|NO_SUCHFILE|Could not|Can't|Cannot|os error 2/i;
const LOADING = new RegExp(String.raw`load(?:ing)? model from:? (\S+\.${EXT})`, 'i');

export const signature: Signature = {
  meta: {
    id: 'model-file-missing',
    category: 'missing-asset-file',
    severity: 'error',
    title: 'A model file is missing',
    sources: ['https://github.com/PierrunoYT/Kokoro-TTS-Local/issues/1', 'https://github.com/lucasjinreal/Kokoros/issues/67', 'https://github.com/microsoft/onnxruntime/issues/5460'],
  },

  match(input) {
    if (!GATE.test(input.text)) return null;
    let hit: Hit | null = null;
    for (const re of PATTERNS) if ((hit = firstHit(input, re))) break;
    if (hit) return { confidence: 0.8, title: `Model file not found: ${hit.match[1]}`, evidence: evidenceOf([hit]), captures: { file: hit.match[1]!, where: hit.match[2] ?? '' } };
    const enoent = firstHit(input, ENOENT);
    const loading = firstHit(input, LOADING);
    if (enoent && loading) return { confidence: 0.6, title: 'A model file the loader opens is missing', evidence: evidenceOf([loading, enoent]), captures: { file: loading.match[1]!, where: '' } };
    return null;
  },

  fixes(m) {
    const { file, where } = m.captures;
    return [
      advice(`Put ${file} where the loader looks`, `${where ? `The loader looked in ${where}. ` : ''}Check the path the app passes (relative paths resolve against the working directory, not the script) and that every file of the model was copied: weights, config.json, vocab/voices. \`ls -l\` the directory the error names.`),
    ];
  },
};

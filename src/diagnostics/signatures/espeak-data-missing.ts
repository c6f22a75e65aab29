// espeak-ng loaded but its data directory (phontab, voices) is not where it looks.
import type { Signature } from '../signature.js';
import { advice, command, pip } from '../fix-kit.js';
import { evidenceOf, facts, firstHit } from '../text-scan.js';

const PHONTAB = /Error processing file '([^']*espeak-ng-data[^']*)': No such file or directory/;
const NO_DATA = /Could not find espeak-ng-data directory/;

export const signature: Signature = {
  meta: {
    id: 'espeak-data-missing',
    category: 'native-library-missing',
    severity: 'error',
    title: "espeak-ng's data directory is missing",
    sources: ['https://github.com/ayutaz/piper-plus/issues/169', 'https://github.com/amanvirparhar/weebo/issues/2', 'https://github.com/Blaizzy/mlx-audio/issues/6'],
  },

  match(input) {
    const hit = firstHit(input, PHONTAB);
    const warn = firstHit(input, NO_DATA);
    if (!hit && !warn) return null;
    return { confidence: 0.9, evidence: evidenceOf([warn, hit]), captures: { file: hit?.match[1] ?? '' } };
  },

  fixes(m, input) {
    const f = facts(input);
    const fixes = [];
    if (f.platform === 'linux') fixes.push(command('Install the espeak-ng data (Debian/Ubuntu)', 'sudo apt-get install -y espeak-ng-data'));
    if (f.platform === 'darwin') fixes.push(command('Install espeak-ng with its data (Homebrew)', 'brew install espeak-ng'));
    fixes.push(command('Or use the data bundled with espeakng-loader', pip(input, ['install', 'espeakng-loader', 'phonemizer-fork'])));
    fixes.push(advice('Point espeak-ng at its data', `${m.captures.file ? `It looked for ${m.captures.file}. ` : ''}Set ESPEAK_DATA_PATH to the espeak-ng-data directory (for espeakng-loader: espeakng_loader.get_data_path()), or pass it with EspeakWrapper.set_data_path (phonemizer-fork).`));
    return fixes;
  },
};

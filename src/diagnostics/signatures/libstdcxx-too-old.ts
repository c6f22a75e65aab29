// A native extension needs a newer libstdc++ than the one the process loaded (often a conda env's old copy).
import type { Signature } from '../signature.js';
import { advice, command } from '../fix-kit.js';
import { evidenceOf, facts, firstHit } from '../text-scan.js';

const GLIBCXX = /version `?(GLIBCXX_[\d.]+|CXXABI_[\d.]+)'? not found(?: \(required by ([^)]+)\))?/;

export const signature: Signature = {
  meta: {
    id: 'libstdcxx-too-old',
    category: 'native-library-missing',
    severity: 'error',
    title: 'The C++ runtime (libstdc++) is older than a native library needs',
    sources: ['https://github.com/bootphon/phonemizer/issues/189'],
  },

  match(input) {
    const hit = firstHit(input, GLIBCXX);
    if (!hit) return null;
    return { confidence: 0.9, title: `libstdc++ lacks ${hit.match[1]}`, evidence: evidenceOf([hit]), captures: { symbol: hit.match[1]!, by: hit.match[2] ?? '' } };
  },

  fixes(m, input) {
    const fixes = [];
    if (facts(input).conda) fixes.push(command("Update the conda environment's libstdc++", 'conda install -y -c conda-forge "libstdcxx-ng>=12"'));
    fixes.push(command('List the versions the loaded libstdc++ provides', `strings "$(g++ -print-file-name=libstdc++.so.6)" | grep GLIBCXX_ | sort -V | tail -3`));
    fixes.push(advice('Load a newer libstdc++ first', `${m.captures.by ? `${m.captures.by} needs ${m.captures.symbol}. ` : ''}The system library is usually newer than a conda or app-bundled copy: put the newer one first with LD_LIBRARY_PATH, or install the package from the same channel as the rest of the environment.`));
    return fixes;
  },
};

// `No module named 'x'`: missing from the interpreter that ran, or installed in another one (context decides).
import type { Evidence, Fix } from '../../core/report-types.js';
import type { Signature, SignatureInput, SignatureMatch } from '../signature.js';
import { advice, belowCeiling, command, installedDistribution, installSpec, isolatedEnv, pip, pointAppAt, pythonCeiling } from '../fix-kit.js';
import { evidenceOf, facts, firstHit, pyNumber } from '../text-scan.js';

const NO_MODULE = /No module named '?([A-Za-z_][\w.]*)'?/;

function workingInterpreters(input: SignatureInput, module: string): { path: string; version: string | null }[] {
  return (input.env?.otherInterpreters ?? []).filter((o) => o.imports[module] === true);
}


export const signature: Signature = {
  meta: {
    id: 'module-not-found',
    category: 'missing-package',
    severity: 'error',
    title: 'A Python module is not installed in the interpreter that ran',
    sources: [
      'https://github.com/suno-ai/bark/issues/200',
      'https://github.com/eel-brah/kokorodoki/issues/3',
      'https://github.com/jundot/omlx/issues/515',
      'https://github.com/coqui-ai/TTS/issues/3712',
    ],
  },

  match(input): SignatureMatch | null {
    const hit = firstHit(input, NO_MODULE);
    if (!hit) return null;
    const full = hit.match[1]!;
    const module = full.split('.')[0]!;
    const installed = full !== module ? installedDistribution(input, module) : null;
    if (installed) {
      // `No module named 'packaging.licenses'` with packaging installed: not a missing package, the
      // installed release lacks a module the code was written against (too old, or too new).
      const evidence: Evidence[] = [...evidenceOf([hit]), { label: 'installed', value: `${installed.name} ${installed.version}, which has no module ${full}` }];
      return {
        confidence: 0.9,
        category: 'api-break-import',
        title: `The installed ${installed.name} ${installed.version} lacks ${full}, which the code imports`,
        evidence,
        captures: { module, full, dist: installed.name, version: installed.version },
      };
    }
    const working = workingInterpreters(input, module);
    const evidence: Evidence[] = evidenceOf([hit]);
    if (working.length) {
      // Context beats text: the module imports fine elsewhere, so the app simply runs the wrong Python.
      evidence.push(...working.map((o) => ({ label: 'imports it', value: `${o.path} (Python ${o.version ?? '?'})` })));
      return {
        confidence: 0.97,
        category: 'wrong-interpreter',
        title: `${module} is installed in another interpreter, not in the one the app runs`,
        evidence,
        captures: { module, full, working: working.map((o) => o.path).join('\n') },
      };
    }
    if (input.env?.otherInterpreters?.length) evidence.push({ label: 'other interpreters with it', value: `none of the ${input.env.otherInterpreters.length} found` });
    return { confidence: 0.8, title: `Module ${module} is not installed`, evidence, captures: { module, full } };
  },

  fixes(m: SignatureMatch, input: SignatureInput): Fix[] {
    const module = m.captures.module!;
    if (m.captures.working) {
      return m.captures.working.split('\n').slice(0, 2).map((path) =>
        command(
          input.env?.interpreterEnvVar ? `Point ${input.env.interpreterEnvVar} at an interpreter that has ${module}` : `Run with an interpreter that has ${module}`,
          pointAppAt(input, path),
          { verified: `debug-tts ran \`import ${module}\` with ${path}: it succeeded` },
        ));
    }
    if (m.captures.dist) {
      const { dist, version, full } = m.captures;
      return [
        command(`Install the ${dist} the code was written for (${version} lacks ${full})`, pip(input, ['install', '--upgrade', installSpec(module, input)])),
        advice(`Or pin ${dist} to the release the model's requirements name`, `${full} is not part of ${dist} ${version}. If a newer release dropped it, pin the last release that had it (\`${dist}<${version}\` and older; the model's requirements or lock file say which).`),
      ];
    }
    // The full name picks the distribution where the top level is a shared namespace (google.cloud.*).
    const spec = installSpec(m.captures.full ?? module, input);
    const fixes: Fix[] = [];
    const ceiling = pythonCeiling(module);
    const py = pyNumber(facts(input).pythonVersion);
    if (ceiling && py !== null && py >= pyNumber(ceiling.below)!) {
      const version = belowCeiling(ceiling.below);
      fixes.push(...isolatedEnv(input, spec, version));
      fixes.push(advice(`${module} does not install on Python ${facts(input).pythonVersion}`, `${ceiling.source}; pip on this interpreter will answer "No matching distribution". Use Python ${version} or older for it.`));
      return fixes;
    }
    fixes.push(command(`Install ${spec} into the interpreter the app runs`, pip(input, ['install', spec])));
    // Without a probe of the machine the likeliest cause (README, scenario S1) cannot be ruled out: say how to check it.
    if (!input.env?.otherInterpreters) {
      const variable = input.env?.interpreterEnvVar;
      fixes.push(advice(`If ${module} is already installed, the app runs another Python`, `Run \`debug-tts\` to see which interpreter the app resolves and which others on this machine import ${module}${variable ? `; then set ${variable} to the one that does` : ''}.`));
    }
    if (m.captures.full !== module) {
      fixes.push(advice(`${module} is there but ${m.captures.full} is not`, `The submodule ${m.captures.full} is missing: the installed ${module} is older or newer than the code importing it expects. Upgrade both together, or install the version the importing package requires.`));
    }
    return fixes;
  },
};

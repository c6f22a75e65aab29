// The log shows a package installed and then not importable: pip and python are two different interpreters.
import type { Fix } from '../../core/report-types.js';
import type { Signature } from '../signature.js';
import { advice, command, installSpec, pip, pyRun } from '../fix-kit.js';
import { allHits, evidenceOf, firstHit } from '../text-scan.js';

const NO_MODULE = /No module named '?([A-Za-z_]\w*)/;
// `!pip` in a notebook runs the pip first on PATH, not the kernel's interpreter.
const NOTEBOOK_PIP = /^\s*!\s*pip3?\s+install\s+(.+)$/gm;
const BARE_PIP = /(?:^|[\s`$>])pip(?:3(?:\.\d+)?)?\s+install\s+([^\n`]+)/gm;
const ALREADY = /(?:Requirement already satisfied|Successfully installed):?\s+([^\n]+)/gm;

const norm = (s: string) => s.toLowerCase().replace(/[-_.]/g, '');

function names(args: string): string[] {
  return args.split(/\s+/).filter((a) => a && !a.startsWith('-')).map((a) => a.replace(/[\[<>=!~;].*$/, ''));
}

/** Does one of the installed names provide this import name (equal, or a distribution that contains it)? */
function provides(installed: string[], module: string): boolean {
  const m = norm(module);
  return installed.some((n) => {
    const p = norm(n);
    return p === m || (m.length >= 3 && p.includes(m)) || norm(installSpecName(module)) === p;
  });
}

function installSpecName(module: string): string {
  return installSpec(module, { text: '' }).replace(/\[.*$/, '');
}

export const signature: Signature = {
  meta: {
    id: 'pip-interpreter-mismatch',
    category: 'wrong-interpreter',
    severity: 'error',
    title: 'pip installed the package for one interpreter and another one ran',
    sources: [
      'https://github.com/coqui-ai/TTS/issues/3180',
      'https://github.com/asweigart/pyautogui/issues/429',
      'https://github.com/svix/python-ksuid/issues/22',
      'https://github.com/anthropics/courses/issues/30',
    ],
  },

  match(input) {
    const missing = firstHit(input, NO_MODULE);
    if (!missing) return null;
    const module = missing.match[1]!;
    const notebook = allHits(input, NOTEBOOK_PIP).filter((h) => provides(names(h.match[1]!), module));
    const bare = allHits(input, BARE_PIP).filter((h) => h.match.index < missing.match.index && provides(names(h.match[1]!), module));
    const already = allHits(input, ALREADY).filter((h) => provides(names(h.match[1]!.replace(/ in .*$/, '')), module));
    const installs = [...notebook, ...bare, ...already];
    if (!installs.length) return null;
    return {
      confidence: notebook.length ? 0.93 : 0.88,
      title: `${module} was installed, but not into the interpreter that imports it`,
      evidence: evidenceOf([...installs.slice(0, 2), missing]),
      captures: { module, notebook: notebook.length ? 'yes' : '' },
    };
  },

  fixes(m, input): Fix[] {
    const module = m.captures.module!;
    const spec = installSpec(module, input);
    const fixes: Fix[] = [];
    if (m.captures.notebook) fixes.push(advice('Install from the notebook with %pip, which targets the kernel', `Replace \`!pip install ...\` with \`%pip install ${spec}\` and restart the kernel: %pip installs into the interpreter the kernel runs.`));
    fixes.push(command(`Install ${spec} with the interpreter itself, not a bare pip`, pip(input, ['install', spec])));
    fixes.push(command('See which interpreter runs and where it looks for packages', pyRun(input, ['-c', 'import sys; print(sys.executable); print(sys.path)'])));
    if (input.env?.interpreterEnvVar) fixes.push(advice(`Or point ${input.env.interpreterEnvVar} at the interpreter pip installed into`, `\`pip --version\` prints the interpreter pip belongs to; set ${input.env.interpreterEnvVar} to that interpreter's python.`));
    return fixes;
  },
};

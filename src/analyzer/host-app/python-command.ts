// Is this command a Python interpreter, and what does it run (`-c` code and its imports, `-m` module, a .py file)?
import type { SpawnSite } from '../../core/report-types.js';

const PYTHON = /^(python|pypy)(\d+(\.\d+)*)?[mtw]?(\.exe)?$/i;

export function isPythonCommand(command: string | null): boolean {
  if (!command) return false;
  const base = command.trim().split(/[\\/]/).pop() ?? '';
  return PYTHON.test(base) || /^py(\.exe)?$/i.test(base);
}

/** A variable meant to hold an interpreter even when the app gives no default (`TTS_PYTHON`, `PYTHON_BIN`). */
export function isPythonVariable(name: string): boolean {
  return /PYTHON|(^|_)PY(_|$)/i.test(name);
}

/** Top-level packages an inline script imports, in order: what the bridge needs in that interpreter. */
export function scriptImports(code: string): string[] {
  const names: string[] = [];
  // `python -c "import piper; print(piper.__file__)"`: statements split on `;` as well as lines.
  for (const line of code.split(/[\n;]/)) {
    const from = /^\s*from\s+([A-Za-z_][\w.]*)\s+import\b/.exec(line);
    const imp = from ? null : /^\s*import\s+([A-Za-z_][\w.]*(?:\s+as\s+\w+)?(?:\s*,\s*[A-Za-z_][\w.]*(?:\s+as\s+\w+)?)*)\s*(#.*)?$/.exec(line);
    const modules = from ? [from[1]!] : imp ? imp[1]!.split(',').map((m) => m.trim().split(/\s+/)[0]!) : [];
    for (const m of modules) {
      const top = m.split('.')[0]!;
      if (top && !names.includes(top)) names.push(top);
    }
  }
  return names;
}

/** What Python is asked to run, from the first arguments (options before it are skipped). */
export function scriptOf(args: (string | null)[]): SpawnSite['script'] {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === null || a === undefined) return null;
    if (a === '-c' || a === '-m') {
      const value = args[i + 1];
      if (typeof value !== 'string') return null;
      return a === '-c' ? { kind: 'inline', value, imports: scriptImports(value) } : { kind: 'module', value, imports: [value.split('.')[0]!] };
    }
    if (a.startsWith('-')) continue;
    return /\.py[w]?$/i.test(a) ? { kind: 'file', value: a, imports: [] } : null;
  }
  return null;
}

/** Splits a constant shell command the way a shell would for simple quoting: `python3 -c "import x"`. */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]!));
  return words;
}

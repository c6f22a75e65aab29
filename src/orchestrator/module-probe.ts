// Asks other interpreters whether they have a module the target's interpreter lacks: find_spec first, then a real import.
import type { OtherInterpreter } from '../core/report-types.js';
import { runPython } from './python-process.js';

export interface ModuleAnswer {
  found: boolean;
  /** debug-tts really imported it there (null: not tried, because find_spec found nothing). */
  imported: boolean | null;
  error?: string;
}

const FIND = 'import importlib.util,json,sys;print(json.dumps({m: importlib.util.find_spec(m) is not None for m in sys.argv[1:]}))';
const IMPORT = 'import importlib,sys;importlib.import_module(sys.argv[1]);print("true")';

/** Module names from "No module named 'x'" / "No module named 'x.y'" (top-level package). */
export function missingModules(texts: string[]): string[] {
  const names = texts.flatMap((t) => [...t.matchAll(/No module named '([\w.]+)'/g)].map((m) => m[1]!.split('.')[0]!));
  return [...new Set(names)].sort();
}

export async function probeModules(
  others: OtherInterpreter[],
  modules: string[],
  o: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<OtherInterpreter[]> {
  if (!modules.length) return others;
  const out: OtherInterpreter[] = [];
  for (const other of others) {
    if (other.error) {
      out.push(other);
      continue;
    }
    const find = await runPython(other.path, ['-c', FIND, ...modules], { ...o, timeoutMs: 15_000 });
    const found = (find.json ?? {}) as Record<string, boolean>;
    const imports: Record<string, ModuleAnswer> = {};
    for (const m of modules) {
      if (!found[m]) {
        imports[m] = { found: false, imported: null };
        continue;
      }
      const imp = await runPython(other.path, ['-c', IMPORT, m], o);
      imports[m] = imp.failure
        ? { found: true, imported: false, error: (imp.failure.stderrTail ?? imp.failure.message).trim().split('\n').pop() ?? imp.failure.message }
        : { found: true, imported: true };
    }
    out.push({ ...other, imports });
  }
  return out;
}

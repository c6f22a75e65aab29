// The last layer of the classifier: when no signature or generic rule matched, a guess from the final
// exception and the words of the log, with a low, calibrated confidence and the runner-ups; and what
// the log shows (exception, package that raised, file opened) for a person to start from.
import type { Category, Evidence } from '../core/report-types.js';

export interface Guess {
  category: Category;
  confidence: number;
  why: string;
}

/** The final exception line of the last traceback, e.g. `KeyError: 'x'`. */
export function finalException(text: string): { type: string; message: string; line: number } | null {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^\s*(?:[\w.]+\.)?(\w*(?:Error|Exception|Exit|Interrupt|Warning))(?::\s*(.*))?$/.exec(lines[i]!);
    if (m && !/^\s*(?:raise|except|File)\b/.test(lines[i]!)) return { type: m[1]!, message: (m[2] ?? '').trim(), line: i + 1 };
  }
  return null;
}

/** The package of the innermost frame under site-packages / dist-packages. */
export function raisingPackage(text: string): string | null {
  const frames = [...text.matchAll(/File "[^"]*?[\\/](?:site|dist)-packages[\\/]([\w.-]+)/g)];
  return frames.length ? frames[frames.length - 1]![1]!.replace(/\.py$/, '') : null;
}

/** A file the failing code named (quoted path with an extension). */
export function fileNamed(text: string): string | null {
  const m = [...text.matchAll(/['"]([^'"\n]{1,200}\.(?:pth|pt|onnx|bin|safetensors|ckpt|json|yaml|yml|npz|npy|txt|wav|model))['"]/g)].pop();
  return m ? m[1]! : null;
}

const BY_TYPE: [RegExp, Category, number, string][] = [
  [/^ModuleNotFoundError$/, 'missing-package', 0.55, 'a module is not installed in this interpreter'],
  [/^ImportError$/, 'api-break-import', 0.5, 'an import of a name failed (moved, renamed or not built)'],
  [/^AttributeError$/, 'api-break-import', 0.35, 'code reads an attribute a library module no longer has'],
  [/^FileNotFoundError$|^NotFoundError$/, 'missing-asset-file', 0.55, 'a file the code opens is not there'],
  [/^(?:Unpickling|Pickle)Error$/, 'missing-asset-file', 0.45, 'a file read as a checkpoint is not one'],
  [/^KeyError$/, 'config-param-mismatch', 0.35, 'code reads a key the data does not have'],
  [/^TypeError$/, 'config-param-mismatch', 0.35, 'a call got arguments its signature does not take'],
  [/^(?:OutOfMemoryError|MemoryError)$/, 'out-of-memory', 0.6, 'memory ran out'],
  [/^(?:ConnectionError|HTTPError|SSLError|HfHubHTTPError|LocalEntryNotFoundError)$/, 'hub-offline-or-cache', 0.5, 'a download failed'],
  [/^(?:OSError|DLLLoadError)$/, 'native-library-missing', 0.3, 'the operating system refused to load something'],
];

const WORDS: [RegExp, Category, number][] = [
  [/No module named|pip install|not installed/i, 'missing-package', 2],
  [/ResolutionImpossible|conflict|incompatible|requires [\w-]+[<>=]/i, 'dependency-conflict', 2],
  [/Python 3\.1[3-9]|python_requires|Requires-Python|python version/i, 'python-version', 2],
  [/\bcuda\b|\bgpu\b|nvidia|driver/i, 'device-unavailable', 1],
  [/\bmps\b|macos|darwin|arm64|aarch64|windows|win_amd64|wheel/i, 'platform-constraint', 1],
  [/No such file|not found|does not exist|missing file|\.onnx|\.pth|\.safetensors/i, 'missing-asset-file', 1],
  [/\.so\b|\.dll\b|\.dylib\b|shared object|library/i, 'native-library-missing', 1],
  [/undefined symbol|ABI|compiled against|binary incompatib/i, 'abi-break', 2],
  [/huggingface|hf_hub|from_pretrained|offline|timed out|proxy/i, 'hub-offline-or-cache', 1],
  [/out of memory|Killed|OOM|allocate/i, 'out-of-memory', 2],
  [/size mismatch|shape/i, 'weights-shape-mismatch', 2],
  [/state_dict|Missing key|Unexpected key/i, 'missing-or-unexpected-keys', 2],
  [/unexpected keyword|positional argument|config|parameter/i, 'config-param-mismatch', 1],
  [/weights_only|Unsupported global|torch\.load/i, 'weights-only-unpickling', 2],
  [/cannot import name|has no attribute|deprecated|removed/i, 'api-break-import', 1],
];

/** Categories the words of the log point at, best first (scores, not probabilities). */
export function wordVotes(text: string): { category: Category; score: number }[] {
  const tail = text.length > 20_000 ? text.slice(-20_000) : text;
  const scores = new Map<Category, number>();
  for (const [re, c, w] of WORDS) if (re.test(tail)) scores.set(c, (scores.get(c) ?? 0) + w);
  return [...scores.entries()].map(([category, score]) => ({ category, score })).sort((a, b) => b.score - a.score || a.category.localeCompare(b.category));
}

/** The guess and its runner-ups; confidence stays below what any rule gives (they are right more often). */
export function bestGuess(text: string): { guess: Guess | null; alternatives: Guess[] } {
  const exc = finalException(text);
  // An object's missing attribute or a None passed as a path is as often a code bug as a version
  // change: only the forms that name a module or an argument count as evidence.
  const typeCounts = (e: NonNullable<typeof exc>) =>
    (e.type !== 'AttributeError' || /^module '/.test(e.message)) && (e.type !== 'TypeError' || /argument|keyword|positional/.test(e.message)) && (e.type !== 'KeyError' || /^'[A-Za-z_]/.test(e.message));
  const byType = exc && typeCounts(exc) ? BY_TYPE.find(([re]) => re.test(exc.type)) : undefined;
  const votes = wordVotes(text);
  const guesses: Guess[] = [];
  if (byType) guesses.push({ category: byType[1], confidence: byType[2], why: `the final exception is ${exc!.type}: ${byType[3]}` });
  for (const v of votes) {
    if (guesses.some((g) => g.category === v.category)) continue;
    guesses.push({ category: v.category, confidence: Math.min(0.3, 0.1 * v.score), why: `words of the log point at ${v.category}` });
  }
  guesses.sort((a, b) => b.confidence - a.confidence);
  const [first, ...rest] = guesses;
  // A guess from words alone is too weak to name a category: it stays an alternative of `other`.
  if (!first || first.confidence < 0.3) return { guess: null, alternatives: guesses };
  return { guess: first, alternatives: rest };
}

/** What a person reading the log would look at first. */
export function whatItSaw(text: string): Evidence[] {
  const out: Evidence[] = [];
  const exc = finalException(text);
  if (exc) out.push({ label: `line ${exc.line}`, value: `${exc.type}${exc.message ? `: ${exc.message.slice(0, 280)}` : ''}` });
  const pkg = raisingPackage(text);
  if (pkg) out.push({ label: 'raised in package', value: pkg });
  const file = fileNamed(text);
  if (file) out.push({ label: 'file named', value: file });
  return out;
}

// Finds the log lines a signature matched, and the facts a log gives away about the machine it came from.
import type { Evidence } from '../core/report-types.js';
import { lineStarts as lineStartsOf, positionFromStarts } from '../core/line-starts.js';
import type { SignatureEnv, SignatureInput } from './signature.js';

export interface Hit {
  /** 1-based line number in the input text. */
  line: number;
  /** The whole line the match starts on, trimmed and shortened for display. */
  text: string;
  match: RegExpExecArray;
}

const MAX_LINE = 300;

// Line starts are computed once per input: every signature asks for line numbers of its matches.
const lineStarts = new WeakMap<SignatureInput, number[]>();

function starts(input: SignatureInput): number[] {
  let s = lineStarts.get(input);
  if (!s) {
    s = lineStartsOf(input.text);
    lineStarts.set(input, s);
  }
  return s;
}

function lineAt(input: SignatureInput, index: number): { line: number; text: string } {
  const s = starts(input);
  const lo = positionFromStarts(s, index).line - 1;
  const end = input.text.indexOf('\n', s[lo]!);
  const raw = input.text.slice(s[lo]!, end === -1 ? undefined : end).trim();
  return { line: lo + 1, text: raw.length > MAX_LINE ? `${raw.slice(0, MAX_LINE - 1)}…` : raw };
}

/** The first match of a non-global regex, with its line. */
export function firstHit(input: SignatureInput, re: RegExp): Hit | null {
  const match = re.exec(input.text);
  return match ? { ...lineAt(input, match.index), match } : null;
}

/** Every match of a global regex (matchAll clones it, so shared regexes keep no state). */
export function allHits(input: SignatureInput, re: RegExp, max = 50): Hit[] {
  const hits: Hit[] = [];
  for (const match of input.text.matchAll(re)) {
    hits.push({ ...lineAt(input, match.index), match });
    if (hits.length >= max) break;
  }
  return hits;
}

/** Evidence from hits, one entry per distinct line, at most `max`. */
export function evidenceOf(hits: (Hit | null | undefined)[], max = 4): Evidence[] {
  const seen = new Set<number>();
  const out: Evidence[] = [];
  for (const h of hits) {
    if (!h || seen.has(h.line)) continue;
    seen.add(h.line);
    out.push({ label: `line ${h.line}`, value: h.text });
    if (out.length >= max) break;
  }
  return out.sort((a, b) => Number(a.label.slice(5)) - Number(b.label.slice(5)));
}

/** What the machine was, from the env when debug-tts probed it, else from traces the log leaves. */
export interface Facts {
  platform: string | null;
  machine: string | null;
  /** `3.13` style, from the env or from wheel tags and site-packages paths in the log. */
  pythonVersion: string | null;
  conda: boolean;
}

const RE = {
  darwin: /\/Users\/|\/opt\/homebrew\/|macosx_\d+_\d+_|Darwin|\.dylib\b/,
  win32: /[A-Za-z]:\\|\\AppData\\|\.dll\b|win_amd64|\.exe\b/,
  linux: /\/home\/|\/usr\/lib\/python|\/usr\/local\/lib\/python|\.so(\.\d+)*\b|manylinux|\/content\//,
  arm64: /macosx_\d+_\d+_arm64|\barm64\b|\baarch64\b/,
  x86: /\bx86_64\b|\bamd64\b|win_amd64/,
  cpTag: /-cp3(\d{1,2})-/,
  pyPath: /python3\.(\d{1,2})[\\/](?:site|dist)-packages|[Pp]ython3(\d{1,2})[\\/]lib[\\/]site-packages|\(python 3\.(\d{1,2})\)|Python 3\.(\d{1,2})\.\d+/,
  conda: /conda3?[\\/]envs[\\/]|miniconda|anaconda|miniforge/i,
} as const;

const factCache = new WeakMap<SignatureInput, Facts>();

export function facts(input: SignatureInput): Facts {
  let f = factCache.get(input);
  if (f) return f;
  const env: SignatureEnv = input.env ?? {};
  const t = input.text;
  const py = RE.cpTag.exec(t) ?? RE.pyPath.exec(t);
  const minor = py ? py.slice(1).find((g) => g !== undefined) : undefined;
  f = {
    platform: env.platform ?? (RE.darwin.test(t) ? 'darwin' : RE.win32.test(t) ? 'win32' : RE.linux.test(t) ? 'linux' : null),
    machine: env.machine ?? (RE.arm64.test(t) ? 'arm64' : RE.x86.test(t) ? 'x86_64' : null),
    pythonVersion: env.pythonVersion?.split('.').slice(0, 2).join('.') ?? (minor ? `3.${minor}` : null),
    conda: RE.conda.test(t),
  };
  factCache.set(input, f);
  return f;
}

/** 3.13 -> 313, for comparisons; null when unknown. */
export function pyNumber(version: string | null): number | null {
  const m = /^3\.(\d+)/.exec(version ?? '');
  return m ? 300 + Number(m[1]) : null;
}

// What a pasted traceback reveals about the interpreter that ran it: the executable its site-packages
// belongs to, its Python version and platform, and the packages in its frames. Pure: no filesystem.
// Layouts (where each installer puts site-packages and the executable next to it):
//   venv / virtualenv   <env>/lib/python3.X/site-packages            -> <env>/bin/python
//                       <env>\Lib\site-packages                       -> <env>\Scripts\python.exe
//   conda / pyenv       <prefix>/lib/python3.X/site-packages          -> <prefix>/bin/python
//                       <conda>\envs\<name>\Lib\site-packages          -> <conda>\envs\<name>\python.exe
//   Windows installer   ...\Python310\Lib\site-packages                -> ...\Python310\python.exe
//   embedded (ComfyUI)  ...\python_embeded\Lib\site-packages           -> ...\python_embeded\python.exe
//   Homebrew            /opt/homebrew/lib/python3.X/site-packages      -> /opt/homebrew/bin/python3.X
//   /usr/local, /usr    <p>/lib/python3.X/site-packages (python.org, docker, Fedora) -> <p>/bin/python3.X
//   Debian / Ubuntu     /usr/lib/python3/dist-packages, /usr/local/lib/python3.X/dist-packages -> /usr/bin/python3(.X)
//   user site           ~/.local/lib/python3.X/site-packages, ~/Library/Python/3.X/lib/python/site-packages -> python3.X
// https://docs.python.org/3/library/venv.html, https://docs.python.org/3/library/site.html,
// https://wiki.debian.org/Python (dist-packages), https://docs.brew.sh/Homebrew-and-Python,
// https://docs.conda.io/projects/conda/en/latest/user-guide/concepts/environments.html

export type TextPlatform = 'win32' | 'darwin' | 'linux';

export interface TextContext {
  /** The Python executable the traceback's site-packages belongs to (or one the text names). */
  interpreter?: string;
  /** `3.12` from paths, `3.12.1` from a `Python 3.12.1` line. */
  pythonVersion?: string;
  platform?: TextPlatform;
  /** The site-packages (or dist-packages) folder the interpreter was derived from. */
  sitePackages?: string;
  /** Top-level import packages of the frames under site-packages, in order of first appearance. */
  packages: string[];
  /** The package of the innermost frame under site-packages. */
  raisingPackage?: string;
}

interface Root {
  sitePackages: string;
  interpreter?: string;
  pythonVersion?: string;
  platform?: TextPlatform;
  /** 0 an environment of its own (venv, conda, pyenv), 1 a system Python, 2 a user site. */
  rank: number;
}

const TRACEBACK = 'Traceback (most recent call last):';
const FRAME = /^[ \t]*File "([^"\n]+)", line \d+/gm;
const SITE = /^(.*?)([\\/])((?:site|dist)-packages)(?:[\\/](.*))?$/i;
const INTERPRETER_NAME = /^python(?:w)?(?:3(?:\.\d{1,2})?)?(?:\.exe)?$/i;
const WINDOWS_PATH = /^(?:[A-Za-z]:[\\/]|\\\\)/;
// Lines pip writes: the site-packages they name is pip's interpreter, not necessarily the one that failed.
const PIP_LINE = /Requirement already satisfied|^\s*(?:Collecting|Downloading|Using cached|Installing|Successfully|Attempting|Found existing|Uninstalling|Defaulting|Processing|Building|Obtaining|Preparing|Looking in|Location:|Requires:|Required-by:|Editable project location:)|\bpip[\d.]*\b/i;
const PATH_START = String.raw`(?:[A-Za-z]:[\\/]|\\\\|~?\/)`;
const PATH_MENTION = new RegExp(String.raw`["'](${PATH_START}[^"'\n]*?[\\/](?:site|dist)-packages)(?:[\\/][^"'\n]*)?["']|(?<![\w.~/\\-])(${PATH_START}[^\s"'\`()<>|,;]*?[\\/](?:site|dist)-packages)(?=[\\/\s"'\`),:;]|$)`, 'gi');
const EXPLICIT = /(?:\bsys\.executable|\bPython (?:executable|interpreter))\s*(?:[:=]|\bis\b)\s*['"]?([^'"\n]*?python[\w.]*)['"]?\s*$/gim;
const PRINTED_EXECUTABLE = /print\(\s*sys\.executable\s*\)[^\n]*\n\s*['"]?([^'"\n]*?python[\w.]*)['"]?\s*$/gim;
const PIP_COMMAND = /(?:^|[\s$>`&(])("[^"\n]*?python[\w.]*"|'[^'\n]*?python[\w.]*'|[^\s"'`]*python[\w.]*)\s+-m\s+pip\b/gim;
const VERSION_LINE = /\bPython\s+(?:version:?\s*)?(3\.\d{1,2}\.\d{1,2})\b/g;

const base = (p: string) => p.split(/[\\/]/).pop() ?? p;
const isWindows = (p: string) => WINDOWS_PATH.test(p);
const dotted = (digits: string) => `${digits[0]}.${digits.slice(1)}`;

/** The interpreter and facts of one site-packages folder, from its path alone. */
function rootOf(dir: string, sep: string, kind: string): Root | null {
  const sitePackages = `${dir}${sep}${kind}`;
  if (isWindows(dir) || sep === '\\') {
    const parts = dir.split(/[\\/]/);
    const last = parts[parts.length - 1] ?? '';
    // The per-user site (AppData\Roaming\Python\Python312) and the Store app's local-packages name no executable.
    if (/^Python3\d{1,2}(?:-32|-arm64)?$/i.test(last) && /\\(?:Roaming\\Python|local-packages)\\/i.test(`${dir}\\`)) {
      return { sitePackages, pythonVersion: dotted(/\d+/.exec(last)![0]), platform: 'win32', rank: 2 };
    }
    if (!/^lib$/i.test(last)) return null;
    const prefix = parts.slice(0, -1).join(sep);
    const top = parts[parts.length - 2] ?? '';
    // An installed or embedded Python (Python310, python_embeded) keeps python.exe at its root; a venv in Scripts\.
    const version = /^Python(3\d{1,2})(?:-32|-arm64)?$/i.exec(top);
    if (/python/i.test(top)) return { sitePackages, interpreter: `${prefix}${sep}python.exe`, ...(version ? { pythonVersion: dotted(version[1]!) } : {}), platform: 'win32', rank: 1 };
    // conda keeps python.exe at the root of the base env and of every env under envs\.
    if (/(?:conda|miniforge|mambaforge|micromamba)/i.test(prefix)) return { sitePackages, interpreter: `${prefix}${sep}python.exe`, platform: 'win32', rank: 0 };
    return { sitePackages, interpreter: `${prefix}${sep}Scripts${sep}python.exe`, platform: 'win32', rank: 0 };
  }
  const macUser = /^(.*\/Library\/Python\/(3\.\d{1,2}))\/lib\/python$/.exec(dir);
  if (macUser) return { sitePackages, interpreter: `python${macUser[2]}`, pythonVersion: macUser[2]!, platform: 'darwin', rank: 2 };
  const m = /^(.*)\/lib(?:64)?\/python(3(?:\.\d{1,2})?)$/.exec(dir);
  if (!m) return null;
  const prefix = m[1]!;
  const minor = m[2]!.includes('.') ? m[2]! : undefined;
  const exe = `python${m[2]}`;
  const facts = { sitePackages, ...(minor ? { pythonVersion: minor } : {}) };
  if (/\/\.local$/.test(prefix)) return { ...facts, interpreter: exe, ...platformOfPath(prefix), rank: 2 };
  // Debian puts its own Python's packages in dist-packages, also under /usr/local.
  if (/^dist-packages$/i.test(kind) && (prefix === '/usr' || prefix === '/usr/local')) return { ...facts, interpreter: `/usr/bin/${exe}`, platform: 'linux', rank: 1 };
  const brew = /^(\/opt\/homebrew|\/usr\/local|\/home\/linuxbrew\/\.linuxbrew)(\/(?:Cellar|opt)\/python@[\d.]+\/.*)?$/.exec(prefix);
  if (brew) {
    // /usr/local alone is Intel Homebrew, python.org's links or a docker image: the platform stays open.
    const platform: TextPlatform | undefined = brew[1] === '/home/linuxbrew/.linuxbrew' ? 'linux' : brew[1] === '/opt/homebrew' || brew[2] ? 'darwin' : undefined;
    return { ...facts, interpreter: `${brew[1]}/bin/${exe}`, ...(platform ? { platform } : {}), rank: 1 };
  }
  if (/\/Python3?\.framework\/Versions\/[\d.]+$/.test(prefix)) return { ...facts, interpreter: `${prefix}/bin/${exe}`, platform: 'darwin', rank: 1 };
  if (prefix === '/usr' || prefix === '') return { ...facts, interpreter: `/usr/bin/${exe}`, platform: 'linux', rank: 1 };
  // Anything else is an environment of its own (venv, virtualenv, conda, pyenv, a tool cache): bin/python.
  return { ...facts, interpreter: `${prefix}/bin/python`, ...platformOfPath(prefix), rank: 0 };
}

/** The platform a path gives away, when it does. */
function platformOfPath(p: string): { platform?: TextPlatform } {
  if (isWindows(p) || /^[A-Za-z]:|\\(?:Users|AppData|Program Files)\\/i.test(p)) return { platform: 'win32' };
  if (/^(?:\/Users\/|\/opt\/homebrew\/|\/Library\/|\/System\/Library\/|\/private\/var\/|\/Applications\/)|^\/opt\/homebrew$/.test(p)) return { platform: 'darwin' };
  if (/^(?:\/home\/|\/usr\/lib(?:64)?\/|\/root\/|\/content\/)|[\\/]dist-packages(?:[\\/]|$)/.test(p)) return { platform: 'linux' };
  return {};
}

function rootOfPath(path: string): Root | null {
  const m = SITE.exec(path);
  return m ? rootOf(m[1]!, m[2]!, m[3]!) : null;
}

/** The top-level import package of a file under site-packages (`torch/nn/x.py` -> torch, `six.py` -> six). */
function packageOf(path: string): string | null {
  const rest = SITE.exec(path)?.[4];
  if (!rest) return null;
  const parts = rest.split(/[\\/]/).filter(Boolean);
  // An egg keeps the package one level down: foo-1.0-py3.10.egg/foo/x.py.
  const first = parts[0]?.endsWith('.egg') ? parts[1] : parts[0];
  if (!first || parts.length === 1 && !/\.(?:py|pyc|pyd|so)$/i.test(first)) return null;
  const name = first.replace(/\..*$/, '');
  return /^[A-Za-z_]\w*$/.test(name) ? name : null;
}

/** Frame paths of a text (`File "<path>", line N`). */
function framesOf(text: string): string[] {
  return [...text.matchAll(FRAME)].map((m) => m[1]!);
}

/** site-packages folders named outside frames, on lines pip did not write. */
function mentionsOf(text: string): string[] {
  const out: string[] = [];
  if (!/-packages/i.test(text)) return out;
  for (const line of text.split('\n')) {
    if (!/-packages/i.test(line) || PIP_LINE.test(line)) continue;
    for (const m of line.matchAll(PATH_MENTION)) out.push(m[1] ?? m[2]!);
  }
  return out;
}

/** The best root among paths: an environment of its own before a system Python before a user site; then the first. */
function bestRoot(paths: string[]): Root | null {
  let best: Root | null = null;
  for (const p of paths) {
    const r = rootOfPath(p);
    if (r && (!best || r.rank < best.rank)) best = r;
    if (best?.rank === 0) break;
  }
  return best;
}

function last<T>(items: Iterable<T>): T | undefined {
  let out: T | undefined;
  for (const i of items) out = i;
  return out;
}

function looksLikeInterpreter(p: string): boolean {
  return INTERPRETER_NAME.test(base(p)) && (p.includes('/') || p.includes('\\') || /\d/.test(base(p)));
}

/** An interpreter the text states outright: `sys.executable: X`, `Python executable: X`. */
function explicitInterpreter(text: string): string | undefined {
  if (!/sys\.executable|Python (?:executable|interpreter)/i.test(text)) return undefined;
  const said = last([...text.matchAll(EXPLICIT), ...text.matchAll(PRINTED_EXECUTABLE)].filter((m) => looksLikeInterpreter(m[1]!.trim())).sort((a, b) => a.index - b.index));
  return said?.[1]!.trim();
}

/** A `File "/usr/bin/python3.12"` line: not a frame of code, but it names the interpreter binary. */
function binaryFrame(text: string): string | undefined {
  return last([...text.matchAll(FRAME)].map((m) => m[1]!).filter((p) => INTERPRETER_NAME.test(base(p)) && looksLikeInterpreter(p)));
}

/** The interpreter of the last `X -m pip ...` command, when X is a path or a versioned name. */
function pipCommandInterpreter(text: string): string | undefined {
  if (!/-m\s+pip\b/.test(text)) return undefined;
  const cmd = last([...text.matchAll(PIP_COMMAND)].map((m) => m[1]!.replace(/^["']|["']$/g, '')).filter(looksLikeInterpreter));
  return cmd;
}

function versionOf(interpreter: string): string | undefined {
  const m = /python(3\.\d{1,2})(?:\.exe)?$/i.exec(interpreter) ?? /[\\/]Python(3\d{1,2})[\\/]python\.exe$/i.exec(interpreter);
  if (!m) return undefined;
  return m[1]!.includes('.') ? m[1]! : dotted(m[1]!);
}

/** The text after the last `Traceback (most recent call last):`: the exception that ended the run. */
export function lastTraceback(text: string): string {
  const at = text.lastIndexOf(TRACEBACK);
  return at === -1 ? text : text.slice(at);
}

export function contextFromText(text: string): TextContext {
  const tail = lastTraceback(text);
  const tailFrames = framesOf(tail);
  const sites = tailFrames.filter((p) => /[\\/](?:site|dist)-packages[\\/]/i.test(p));
  const seen = new Set<string>();
  let raising: string | undefined;
  for (const p of sites) {
    const name = packageOf(p);
    if (name) {
      seen.add(name);
      raising = name;
    }
  }
  const packages = [...seen];
  // The running interpreter: its frames in the last traceback, then site-packages the rest of it names,
  // then earlier tracebacks and the whole log. Frames outside site-packages (stdlib, the app) may belong
  // to the base Python of a venv, so they never name the interpreter.
  const root = bestRoot(sites) ?? bestRoot(mentionsOf(tail)) ?? (tail === text ? null : bestRoot(framesOf(text)) ?? bestRoot(mentionsOf(text)));
  const explicit = explicitInterpreter(text);
  const interpreter = explicit ?? root?.interpreter ?? binaryFrame(text) ?? pipCommandInterpreter(text);
  const stdlib = last(tailFrames.map((p) => /[\\/]lib[\\/]python(3\.\d{1,2})[\\/]/i.exec(p)?.[1]).filter(Boolean));
  const pythonVersion = (explicit ? versionOf(explicit) : undefined) ?? root?.pythonVersion ?? (interpreter ? versionOf(interpreter) : undefined) ?? stdlib ?? last(text.matchAll(VERSION_LINE))?.[1];
  const platform =
    (explicit ? platformOfPath(explicit).platform : undefined) ??
    root?.platform ??
    (interpreter ? platformOfPath(interpreter).platform : undefined) ??
    tailFrames.map((p) => platformOfPath(p).platform).find(Boolean) ??
    (tail === text ? undefined : framesOf(text).map((p) => platformOfPath(p).platform).find(Boolean));
  return {
    ...(interpreter ? { interpreter } : {}),
    ...(pythonVersion ? { pythonVersion } : {}),
    ...(platform ? { platform } : {}),
    ...(root ? { sitePackages: root.sitePackages } : {}),
    packages,
    ...(raising ? { raisingPackage: raising } : {}),
  };
}

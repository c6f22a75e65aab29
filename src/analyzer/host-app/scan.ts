// Scans a TS/JS host app for the places it starts Python, and how each one picks its interpreter. Never throws.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Node, type SourceFile } from 'ts-morph';
import type { HostAppScan, SpawnSite } from '../../core/report-types.js';
import { listSourceFiles } from './files.js';
import { appProject, syntaxError } from './project.js';
import { apiOf, callShape, processBindings, type ProcessApi } from './spawn-apis.js';
import { commandWords, type CommandWords } from './command-words.js';
import { isPythonCommand, isPythonVariable, scriptOf } from './python-command.js';
import { emptyScan } from './interpreter-env.js';
import type { Value } from './resolve-value.js';

export interface ScanOptions {
  /** File names in the report are relative to this folder (the config file's). */
  relativeTo: string;
}

const MAX_COMMAND_TEXT = 200;
const PROCESS_MODULE = /child_process|\bexeca\b/;

export function scanHostApp(app: string, o: ScanOptions): HostAppScan {
  const started = performance.now();
  const scan = emptyScan(app);
  const rel = (file: string) => path.relative(o.relativeTo, file).split(path.sep).join('/') || path.basename(file);
  try {
    const { files, skipped } = listSourceFiles(app);
    scan.problems.push(...skipped.map((s) => ({ file: rel(s.file), line: null, message: s.message })));
    scan.files = files.length;
    const { project, sourceFiles } = appProject(candidates(files, (file, message) => scan.problems.push({ file: rel(file), line: null, message })));
    for (const sf of sourceFiles) {
      const bad = syntaxError(project, sf);
      if (bad) scan.problems.push({ file: rel(sf.getFilePath()), line: bad.line, message: `syntax error (the rest of the file was still read): ${bad.message}` });
      try {
        scan.sites.push(...fileSites(sf, rel));
      } catch (err) {
        scan.problems.push({ file: rel(sf.getFilePath()), line: null, message: `could not be scanned: ${(err as Error).message}` });
      }
    }
  } catch (err) {
    scan.error = `the app scan of ${app} failed: ${(err as Error).message}`;
  }
  scan.sites.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  scan.durationMs = Math.round(performance.now() - started);
  return scan;
}

/** Only files that name a process module can start Python (the files they import are loaded later, for their consts). */
function candidates(files: string[], problem: (file: string, message: string) => void): { path: string; text: string }[] {
  return files.flatMap((file) => {
    try {
      const text = readFileSync(file, 'utf8');
      return PROCESS_MODULE.test(text) ? [{ path: file, text }] : [];
    } catch (err) {
      problem(file, `could not be read: ${(err as Error).message}`);
      return [];
    }
  });
}

function fileSites(sf: SourceFile, rel: (file: string) => string): SpawnSite[] {
  const bindings = processBindings(sf);
  if (!bindings.size) return [];
  const sites: SpawnSite[] = [];
  sf.forEachDescendant((node) => {
    let api: ProcessApi | undefined;
    let words: CommandWords | null = null;
    if (Node.isCallExpression(node)) {
      api = apiOf(node.getExpression(), bindings);
      const shape = api && callShape(api);
      if (shape) words = commandWords(shape, node.getArguments());
    } else if (Node.isTaggedTemplateExpression(node)) {
      // $`python3 x.py`, execa`...`, and the same after options: $({cwd})`...`.
      const tag = node.getTag();
      api = apiOf(Node.isCallExpression(tag) ? tag.getExpression() : tag, bindings);
      if (api?.module === 'execa' && callShape(api) === 'file') words = commandWords('template', [node.getTemplate()]);
    }
    const site = api && words ? toSite(node, api, words, rel) : null;
    if (site) sites.push(site);
  });
  return sites;
}

function toSite(node: Node, api: ProcessApi, words: CommandWords, rel: (file: string) => string): SpawnSite | null {
  const v = words.command;
  const script = scriptOf(words.args);
  if (!runsPython(v, script)) return null;
  const sf = node.getSourceFile();
  const { line, column } = sf.getLineAndColumnAtPos(node.getStart());
  const at = v.kind === 'env' ? v.at : null;
  const text = words.text.length > MAX_COMMAND_TEXT ? `${words.text.slice(0, MAX_COMMAND_TEXT)}…` : words.text;
  return {
    file: rel(sf.getFilePath()),
    line,
    column,
    call: api.name,
    module: api.module,
    command: text,
    value: v.kind === 'literal' ? v.value : null,
    envVar: v.kind === 'env' ? v.name : null,
    default: v.kind === 'literal' ? null : v.default,
    envRead: at ? `${rel(at.getSourceFile().getFilePath())}:${at.getStartLineNumber()}` : null,
    args: words.args.every((a) => a !== null) ? (words.args as string[]) : null,
    script,
  };
}

/** Python by its command (a python name, or a PYTHON variable), or, when the command is not known, by what it runs. */
function runsPython(v: Value, script: SpawnSite['script']): boolean {
  if (v.kind === 'literal') return isPythonCommand(v.value);
  if (v.default !== null) return isPythonCommand(v.default);
  if (v.kind === 'env' && isPythonVariable(v.name)) return true;
  return script?.kind === 'file' || (script?.kind === 'inline' && script.imports.length > 0);
}

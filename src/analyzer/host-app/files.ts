// Lists the host app's source files to scan: TS/JS under a dir (or one file), never node_modules or dot dirs.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const DECLARATION = /\.d\.(ts|mts|cts)$/;
/** Past this a file is a bundle or generated code: slow to parse and not where a spawn is written. */
export const MAX_FILE_BYTES = 1_000_000;
export const MAX_FILES = 5_000;

export interface SourceList {
  files: string[];
  skipped: { file: string; message: string }[];
}

export function isSourceFile(file: string): boolean {
  return SOURCE.test(file) && !DECLARATION.test(file);
}

/** Files to parse, sorted; big files and files past MAX_FILES are listed as skipped, with why. */
export function listSourceFiles(app: string): SourceList {
  const skipped: SourceList['skipped'] = [];
  const found: string[] = [];
  if (statSync(app).isFile()) found.push(app);
  else walk(app, found);
  found.sort();
  const files: string[] = [];
  for (const file of found) {
    const size = statSync(file).size;
    if (size > MAX_FILE_BYTES) skipped.push({ file, message: `not scanned: ${size} bytes (a bundle or generated file?)` });
    else files.push(file);
  }
  const over = files.splice(MAX_FILES);
  if (over.length) skipped.push({ file: over[0]!, message: `not scanned, with ${over.length - 1} more: the scan stops at ${MAX_FILES} source files` });
  return { files, skipped };
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && isSourceFile(entry.name)) out.push(full);
  }
}

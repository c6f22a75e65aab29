// The output dir: checked before any work, files written atomically, nothing ever deleted.
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { redactor } from '../core/redact.js';
import { ToolError } from '../core/tool-errors.js';

/**
 * mkdir -p, one level at a time from the nearest existing ancestor. Node's recursive mkdir retries
 * without end where the kernel answers ENOENT for a parent that exists (under /proc): this fails.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  while (!existsSync(at)) {
    missing.push(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  if (!statSync(path.resolve(dir)).isDirectory()) throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' });
}

export function ensureWritableDir(dir: string): void {
  const probe = path.join(dir, `.debug-tts-write-test-${process.pid}`);
  try {
    makeDirs(dir);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (err) {
    throw new ToolError('E_OUTPUT_UNWRITABLE', `cannot write to output directory ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`, { cause: err });
  }
}

/**
 * Write to a temporary sibling then rename: a reader never sees half a report. Every file debug-tts
 * writes passes the redactor here, whatever rendered it.
 */
export function writeAtomic(file: string, content: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    makeDirs(path.dirname(file));
    writeFileSync(tmp, redactor().text(content));
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new ToolError('E_OUTPUT_UNWRITABLE', `cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`, { cause: err });
  }
}

export function writeJson(file: string, data: unknown): void {
  writeAtomic(file, `${JSON.stringify(redactor().value(data), null, 2)}\n`);
}

// PATH lookup of a command, the way execvp does it, plus symlink resolution that never throws.
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

export function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export function looksLikePath(command: string): boolean {
  return command.includes('/') || command.includes(path.sep);
}

/** Absolute path of `command` (a path or a bare name) under `cwd` and `envPath`, or null. */
export function which(command: string, cwd: string, envPath: string | undefined): string | null {
  if (looksLikePath(command)) {
    const abs = path.resolve(cwd, command);
    return isExecutableFile(abs) ? abs : null;
  }
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(path.resolve(cwd, dir), command);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

export function realpathOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

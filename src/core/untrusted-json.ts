// Reading JSON that another machine (or a hostile user) made: reports for the CI gate, artifacts for
// --from-artifacts, configs. Size and nesting are bounded before anything recursive (ajv, analysis,
// rendering) sees the value, and every problem is a ToolError naming the file and the JSON pointer.
import { readFileSync, statSync } from 'node:fs';
import { ToolError, type ToolErrorCode } from './tool-errors.js';
import { schemaIssues, validator } from './schemas.js';

/** Deeper than anything debug-tts writes (a report nests about 12 levels; model configs a few more). */
export const MAX_DEPTH = 64;
/** A report of hundreds of targets is a few MB; a file past this is not one of ours. */
export const MAX_BYTES = 256 * 1024 * 1024;
/** Problems listed in one message; the count of the rest follows. */
export const MAX_LISTED = 20;

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The JSON pointer of the first place nested deeper than `max`, or null. Iterative: no stack to overflow. */
export function tooDeep(root: unknown, max = MAX_DEPTH): string | null {
  const stack: [unknown, string, number][] = [[root, '', 0]];
  while (stack.length) {
    const [v, pointer, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return pointer || '/';
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v as object);
    for (const [k, x] of entries) if (x !== null && typeof x === 'object') stack.push([x, `${pointer}/${escape(k)}`, depth + 1]);
  }
  return null;
}

export function readUntrustedJson(file: string, code: ToolErrorCode, what: string): unknown {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_BYTES) throw new ToolError(code, `${file} is ${Math.round(size / 1024 / 1024)} MB: larger than any ${what} debug-tts writes (${MAX_BYTES / 1024 / 1024} MB at most).`);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof ToolError) throw err;
    throw new ToolError(code, `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`, { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ToolError(code, `${file} is not JSON (${(err as Error).message}).`, { cause: err });
  }
  const deep = tooDeep(value);
  if (deep !== null) throw new ToolError(code, `${file} at ${deep}: nested deeper than ${MAX_DEPTH} levels; no ${what} is.`);
  return value;
}

/** Validates against a schema; on a mismatch, a ToolError listing the pointers (capped). */
export function validateUntrusted<T>(value: unknown, schemaId: string, file: string, code: ToolErrorCode, what: string): T {
  const validate = validator<T>(schemaId);
  if (validate(value)) return value;
  const issues = schemaIssues(validate.errors);
  const listed = issues.slice(0, MAX_LISTED).map((i) => `  ${file} at ${i.pointer || '/'}: ${i.message}`);
  const more = issues.length > MAX_LISTED ? [`  ... and ${issues.length - MAX_LISTED} more`] : [];
  throw new ToolError(code, `${file} does not match the ${what} schema:\n${[...listed, ...more].join('\n')}`);
}

// One redaction pass for everything that leaves the process: report files, the page, JUnit,
// summary.md, artifacts, annotations, stdout and stderr. Model code prints and raises what it likes
// (pip's https://user:pw@host URLs, `Authorization: Bearer hf_...`, a token in a PYTHONPATH folder
// name), so redaction cannot be left to the probe: it runs over every string on the way out.

export const REDACTED = '<redacted>';

/** Variable names whose values are secrets (matched case-insensitively anywhere in the name). */
export const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_?KEY|PRIVATE|AUTH|CREDENTIAL_?JSON|SESSION_?KEY|COOKIE/i;

/**
 * Known token shapes, each from its issuer's public documentation: Hugging Face `hf_`, GitHub
 * `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` and `github_pat_`, OpenAI/Anthropic-style `sk-`, AWS access key
 * ids (`AKIA`/`ASIA`), Google API keys (`AIza`), Slack `xox?-`, and JWTs (three base64url parts).
 */
const TOKEN_SHAPES = [
  /\bhf_[A-Za-z0-9]{8,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{8,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

/** `scheme://user:password@host` and `scheme://token@host`: everything before the @. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)(?:[^\s/@'"<>]|<redacted>)+@/gi;
/** `Authorization: Bearer xyz`, `Authorization: Basic xyz`, `Bearer xyz` alone, `token xyz` after Authorization. */
const AUTH_HEADER = /\b(Authorization["']?\s*[:=]\s*["']?(?:Bearer|Basic|Token|Digest)?\s*)[^\s"'<>,;]+/gi;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g;
/** PEM private keys, whole. */
const PRIVATE_KEY = /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[^"]{0,20000}?-----END \1PRIVATE KEY-----/g;
/** A key cut off before its END line: the header and every base64 line after it. */
const PRIVATE_KEY_CUT = /-----BEGIN [A-Z ]*PRIVATE KEY-----(?:(?:\r?\n|(?:\\r)?\\n)[A-Za-z0-9+/=]{16,})*/g;
/**
 * `password=...`, `api_key: ...`, `"client_secret": "..."` written as text (a printed dict, a URL
 * query). Bare `token` is left out: tokenizer configs are full of `pad_token: "[PAD]"`.
 */
const ASSIGNED_SECRET = /\b((?:[A-Za-z0-9]+[_-])*(?:secret|password|passwd|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?token|access[_-]?token|refresh[_-]?token)["']?\s*[:=]\s*["']?)(?!<redacted>)[^\s"'&,;<>()[\]{}]{6,}/gi;

/** Values too short or too common to redact by value: they would blank out half a report. */
const MIN_VALUE_LENGTH = 8;
const COMMON_VALUES = new Set(['true', 'false', 'enabled', 'disabled', 'required', 'optional', 'none', 'null', 'undefined']);

export interface Redactor {
  /** The text with every secret replaced by `<redacted>`. */
  text(s: string): string;
  /** A deep copy of a JSON value with every string redacted (object keys included). */
  value<T>(v: T): T;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms a value takes in the files written: as is, JSON-escaped, HTML- and XML-escaped, percent-encoded. */
function encodings(value: string): string[] {
  const html = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  const xml = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
  let uri = value;
  try {
    uri = encodeURIComponent(value);
  } catch {
    // a lone surrogate: the plain form is enough
  }
  return [...new Set([value, JSON.stringify(value).slice(1, -1), html, xml, uri])];
}

/** The values of this run's secret-named variables, longest first (a value inside another is redacted by the longer). */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  const values = Object.entries(env)
    .filter(([name, v]) => SECRET_NAME.test(name) && typeof v === 'string')
    .map(([, v]) => (v as string).trim())
    .filter((v) => v.length >= MIN_VALUE_LENGTH && !COMMON_VALUES.has(v.toLowerCase()));
  return [...new Set(values.flatMap(encodings))].sort((a, b) => b.length - a.length);
}

export function createRedactor(env: NodeJS.ProcessEnv = {}): Redactor {
  const values = secretValues(env);
  const byValue = values.length ? new RegExp(values.map(escapeRegExp).join('|'), 'g') : null;
  const text = (input: string): string => {
    if (!input) return input;
    let s = input;
    if (byValue) s = s.replace(byValue, REDACTED);
    s = s.replace(PRIVATE_KEY, REDACTED).replace(PRIVATE_KEY_CUT, REDACTED);
    s = s.replace(URL_CREDENTIALS, (_m, scheme: string) => `${scheme}${REDACTED}@`);
    s = s.replace(AUTH_HEADER, (m, head: string) => (m.slice(head.length) === REDACTED ? m : `${head}${REDACTED}`));
    s = s.replace(BEARER, (_m, head: string) => `${head}${REDACTED}`);
    for (const shape of TOKEN_SHAPES) s = s.replace(shape, REDACTED);
    s = s.replace(ASSIGNED_SECRET, (_m, head: string) => `${head}${REDACTED}`);
    return s;
  };
  const value = <T>(v: T): T => deepRedact(v, text) as T;
  return { text, value };
}

/** Iterative, so a deeply nested value cannot overflow the stack. */
function deepRedact(root: unknown, text: (s: string) => string): unknown {
  const leaf = (v: unknown): unknown => (typeof v === 'string' ? text(v) : v);
  if (root === null || typeof root !== 'object') return leaf(root);
  const out: unknown = Array.isArray(root) ? [] : {};
  const stack: [unknown, unknown][] = [[root, out]];
  while (stack.length) {
    const [src, dst] = stack.pop()!;
    const entries: [string | number, unknown][] = Array.isArray(src) ? src.map((v, i) => [i, v]) : Object.entries(src as object);
    for (const [k, v] of entries) {
      const key = typeof k === 'string' ? text(k) : k;
      if (v !== null && typeof v === 'object') {
        const child = Array.isArray(v) ? [] : {};
        (dst as Record<string | number, unknown>)[key] = child;
        stack.push([v, child]);
      } else {
        (dst as Record<string | number, unknown>)[key] = leaf(v);
      }
    }
  }
  return out;
}

let current: Redactor = createRedactor({});

/**
 * The process-wide redactor: the run's environment is set once at start (main), and every writer
 * (output.ts, stdout, stderr) uses it. Tests may set their own.
 */
export function setRedactor(r: Redactor): void {
  current = r;
}

export function redactor(): Redactor {
  return current;
}

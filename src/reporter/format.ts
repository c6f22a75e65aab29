// Formatting and ordering shared by the HTML and console renderers.
import type { Finding, Severity } from '../core/report-types.js';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Binary units, because RAM and VRAM sizes people compare against are powers of two. */
export function formatBytes(n: number | null | undefined): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return 'unknown';
  let value = Math.abs(n);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${n < 0 ? '-' : ''}${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** Memory in MiB whatever its size, for values compared side by side (chart labels, stage peaks). */
export function formatMiB(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `${mib.toLocaleString('en-US', { maximumFractionDigits: mib < 10 ? 1 : 0 })} MiB`;
}

export function formatMs(ms: number | null | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return 'unknown';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const totalSeconds = Math.round(s);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** argv as something a person could paste back into a POSIX shell. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Errors first, then warnings, then info; the analyzer's order is kept within a severity. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (s: Severity) => {
    const i = SEVERITIES.indexOf(s);
    return i < 0 ? SEVERITIES.length : i;
  };
  return findings.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f.severity) - rank(b.f.severity) || a.i - b.i).map((x) => x.f);
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Control characters as visible `\xNN` text, except those listed in `keep`. */
export function showControls(s: string, keep = ''): string {
  return s.replace(CONTROL, (ch) => (keep.includes(ch) ? ch : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** The summary's fix figures in words: "2 of 3 errors have a specific fix, 1 verified by debug-tts". */
export function fixesSentence(fixes: { errors: number; specific: number; verified: number } | undefined): string | null {
  if (!fixes || !fixes.errors) return null;
  return `${fixes.specific} of ${plural(fixes.errors, 'error')} ${fixes.errors === 1 ? 'has' : 'have'} a specific fix, ${fixes.verified} verified by debug-tts`;
}

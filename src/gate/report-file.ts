// Reads a report.json written by any 1.x debug-tts: upgrades older versions step by step, then validates it.
import { REPORT_VERSION, type Report } from '../core/report-types.js';
import { SCHEMA_IDS } from '../core/schemas.js';
import { readUntrustedJson, validateUntrusted } from '../core/untrusted-json.js';
import { ToolError } from '../core/tool-errors.js';

type RawReport = Record<string, unknown> & { reportVersion?: unknown };

/** One step per release that changed the report; each takes the previous version's shape. */
const UPGRADES: { from: string; to: string; up: (r: RawReport) => RawReport }[] = [
  // 1.1.0 added optional data only (forked targets, repeated-stage timing, the matrix of merged
  // reports): a 1.0.0 report is a valid 1.1.0 report once it says so.
  { from: '1.0.0', to: '1.1.0', up: (r) => ({ ...r, reportVersion: '1.1.0' }) },
  // 1.2.0 added optional data only (config-drift adapters, the installer of an isolated env).
  { from: '1.1.0', to: '1.2.0', up: (r) => ({ ...r, reportVersion: '1.2.0' }) },
  // 1.3.0 added the summary's fix figures, optional: an older report simply has none.
  { from: '1.2.0', to: '1.3.0', up: (r) => ({ ...r, reportVersion: '1.3.0' }) },
  // 1.4.0 added a skipped stage's skipKind, optional: an older report's skips count as before.
  { from: '1.3.0', to: '1.4.0', up: (r) => ({ ...r, reportVersion: '1.4.0' }) },
];

export interface LoadedReport {
  report: Report;
  file: string;
  /** The version the file was written with, when it was older than this debug-tts's. */
  upgradedFrom?: string;
}

export function upgradeReport(raw: RawReport, file: string): { report: RawReport; upgradedFrom?: string } {
  const original = typeof raw.reportVersion === 'string' ? raw.reportVersion : null;
  if (!original) throw new ToolError('E_REPORT', `${file} has no reportVersion: it is not a debug-tts report.json.`);
  if (original.split('.')[0] !== REPORT_VERSION.split('.')[0] || compareVersions(original, REPORT_VERSION) > 0) {
    throw new ToolError('E_REPORT', `${file} is a report version ${original}; this debug-tts reads ${REPORT_VERSION.split('.')[0]}.x up to ${REPORT_VERSION}. Compare it with the debug-tts that wrote it, or upgrade debug-tts.`);
  }
  let report = raw;
  for (const step of UPGRADES) {
    if (report.reportVersion === step.from) report = step.up(report);
  }
  if (report.reportVersion !== REPORT_VERSION) {
    throw new ToolError('E_REPORT', `${file} is a report version ${original}, which no upgrade step leads from to ${REPORT_VERSION}.`);
  }
  return original === REPORT_VERSION ? { report } : { report, upgradedFrom: original };
}

export function loadReportFile(file: string): LoadedReport {
  const raw = readUntrustedJson(file, 'E_REPORT', 'report');
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ToolError('E_REPORT', `${file} is not a debug-tts report.json (not a JSON object).`);
  const { report, upgradedFrom } = upgradeReport(raw as RawReport, file);
  // Validated whole before use: the gate reads reports made on other machines.
  const valid = validateUntrusted<Report>(report, SCHEMA_IDS.report, file, 'E_REPORT', 'report');
  return { report: valid, file, ...(upgradedFrom ? { upgradedFrom } : {}) };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}

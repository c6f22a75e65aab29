// An app scan in the run: the app's variable becomes the resolution's `interpreterEnv` when the config names none.
import type { HostAppScan, InterpreterResolution, UnitError } from '../../core/report-types.js';

export interface AppInterpreterEnv {
  name: string;
  default: string;
  /** A sentence for the resolution's explanation: where the variable came from. */
  origin?: string;
}

export const messages = {
  origin: (env: NonNullable<HostAppScan['appEnv']>, others: string[]) => {
    const where = env.read === env.site ? `at ${env.site}` : `read at ${env.read}, spawned at ${env.site}`;
    const what = env.default === null ? `${env.name} comes` : `${env.name} and its default ${env.default} come`;
    const noDefault = env.default === null ? '; the app gives no default, so python3 is assumed' : '';
    const also = others.length ? `; the app also reads ${others.join(', ')}` : '';
    return `${what} from the app scan (${where})${noDefault}${also}.`;
  },
  log: (scan: HostAppScan) =>
    scan.error
      ? `app scan failed: ${scan.error}`
      : `app scan: ${scan.sites.length} Python spawn site${scan.sites.length === 1 ? '' : 's'} in ${scan.files} file${scan.files === 1 ? '' : 's'} (${scan.durationMs} ms)` +
        (scan.appEnv ? `; the app reads ${scan.appEnv.name} (${scan.appEnv.read})` : '') +
        (scan.problems.length ? `; ${scan.problems.length} file problem${scan.problems.length === 1 ? '' : 's'} (in the report)` : ''),
};

export function emptyScan(app: string, error: string | null = null): HostAppScan {
  return { app, files: 0, durationMs: 0, sites: [], problems: [], error, appEnv: null, configured: null, applied: false };
}

/** The config's own variable wins; otherwise the first site that reads a variable names it. */
export function applyAppScan(scan: HostAppScan, configured: { name: string; default: string } | undefined): { scan: HostAppScan; interpreterEnv: AppInterpreterEnv | undefined } {
  const first = scan.sites.find((s) => s.envVar);
  const appEnv = first?.envVar ? { name: first.envVar, default: first.default, site: `${first.file}:${first.line}`, read: first.envRead ?? `${first.file}:${first.line}` } : null;
  const result: HostAppScan = { ...scan, appEnv, configured: configured ?? null, applied: Boolean(appEnv && !configured) };
  if (configured || !appEnv) return { scan: result, interpreterEnv: configured };
  const others = [...new Set(scan.sites.flatMap((s) => (s.envVar && s.envVar !== appEnv.name ? [s.envVar] : [])))];
  return { scan: result, interpreterEnv: { name: appEnv.name, default: appEnv.default ?? 'python3', origin: messages.origin(appEnv, others) } };
}

/** Scans the app (ts-morph loads only when an app is configured) and applies the result; never throws. */
export async function scanApp(
  app: string,
  o: { relativeTo: string; configured: { name: string; default: string } | undefined; log: (line: string) => void },
): Promise<{ scan: HostAppScan; interpreterEnv: AppInterpreterEnv | undefined }> {
  let scan: HostAppScan;
  try {
    const { scanHostApp } = await import('./scan.js');
    scan = scanHostApp(app, { relativeTo: o.relativeTo });
  } catch (err) {
    scan = emptyScan(app, `the app scan could not run: ${(err as Error).message}`);
  }
  o.log(messages.log(scan));
  return applyAppScan(scan, o.configured);
}

/** A scan that failed as a whole is a unit error: recorded in the report, the run goes on. */
export function appScanUnitErrors(resolution: InterpreterResolution): UnitError[] {
  const error = resolution.appScan?.error;
  return error ? [{ unit: 'host-app-scan', message: error }] : [];
}

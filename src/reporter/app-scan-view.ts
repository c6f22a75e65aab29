// The HTML view of a host app scan: one row per Python spawn site, with the variable that picks the interpreter.
import type { HostAppScan, SpawnSite } from '../core/report-types.js';
import { formatMs, plural } from './format.js';

const SHORT = 80;
const short = (s: string) => (s.length > SHORT || s.includes('\n') ? `${s.replace(/\s+/g, ' ').trim().slice(0, SHORT)}…` : s);

export function appScanView(s: HostAppScan) {
  return {
    app: s.app,
    summary: `${plural(s.sites.length, 'Python spawn site')} in ${plural(s.files, 'file')} (${formatMs(s.durationMs)})`,
    note: note(s),
    sites: s.sites.map((site) => siteView(site, s)),
    problems: s.problems.map((p) => ({ where: p.line ? `${p.file}:${p.line}` : p.file, message: p.message })),
    error: s.error,
  };
}

function note(s: HostAppScan): string {
  if (s.configured) return `The config's interpreterEnv (${s.configured.name}, default ${s.configured.default}) wins over the scan.`;
  if (s.applied && s.appEnv) return `${s.appEnv.name} (read at ${s.appEnv.read}) is the app variable of this run.`;
  return s.sites.length ? 'No spawn site reads an environment variable for its interpreter.' : 'No place where the app starts Python was found.';
}

function siteView(site: SpawnSite, s: HostAppScan) {
  const script = site.script;
  return {
    where: `${site.file}:${site.line}:${site.column}`,
    call: `${site.module === 'execa' ? 'execa' : 'child_process'} ${site.call}`,
    command: site.command,
    envVar: site.envVar,
    default: site.default,
    value: site.value,
    envRead: site.envRead,
    args: site.args ? site.args.map(short).join(' ') : null,
    script: script ? { kind: script.kind === 'inline' ? '-c' : script.kind === 'module' ? '-m' : 'file', value: script.value, short: short(script.value), long: script.value.length > SHORT || script.value.includes('\n'), imports: script.imports.join(', ') } : null,
    used: Boolean(site.envVar && site.envVar === (s.configured?.name ?? (s.applied ? s.appEnv?.name : undefined))),
  };
}

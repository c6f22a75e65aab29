// The config's `interpreterEnv` is not what the app's source reads: the run may diagnose another interpreter than the app's.
import type { HostAppScan, SpawnSite } from '../../core/report-types.js';
import type { Check, CheckContext, CheckResult } from '../check.js';
import { advice } from '../fix-helpers.js';

export const meta = {
  id: 'app-interpreter-env-mismatch',
  category: 'wrong-interpreter',
  severity: 'warning',
  title: "The config's interpreterEnv is not what the app reads",
  requires: ['resolution'],
} as const satisfies Check['meta'];

const where = (s: SpawnSite) => `${s.file}:${s.line}`;

export const messages = {
  otherName: (cfg: string, site: SpawnSite) =>
    `The config says the app reads its interpreter from ${cfg}, but the app's source reads ${site.envVar}${site.default === null ? '' : ` (default ${site.default})`} at ${site.envRead ?? where(site)} and spawns it at ${where(site)}. This run followed ${cfg}.`,
  otherDefault: (cfg: { name: string; default: string }, site: SpawnSite) =>
    `The config gives ${cfg.name} the default ${cfg.default}, but the app falls back to ${site.default} (${site.envRead ?? where(site)}) when ${cfg.name} is unset. This run followed the config.`,
  literalOnly: (cfg: string, sites: SpawnSite[]) =>
    `The config says the app reads its interpreter from ${cfg}, but the app's source reads no variable: it runs ${sites.map((s) => `${s.value ?? s.command} (${where(s)})`).join(', ')}.`,
  fixTitle: 'Make interpreterEnv match the app',
  literalFixTitle: 'Diagnose the interpreter the app runs',
  literalFixText: (python: string) => `Remove interpreterEnv from the config and set "python": "${python}" (or run debug-tts --python ${python}).`,
  fixText: (name: string, dflt: string | null) =>
    `Set "interpreterEnv": {"name": "${name}"${dflt === null ? '' : `, "default": "${dflt}"`}} in the config, or remove interpreterEnv and let the app scan set it.`,
};

function evidence(scan: HostAppScan, sites: SpawnSite[]) {
  return [
    { label: 'config interpreterEnv', value: `${scan.configured!.name} (default ${scan.configured!.default})` },
    ...sites.map((s) => ({ label: `${s.call} at ${where(s)}`, value: s.envVar ? `${s.command}: ${s.envVar}${s.default === null ? '' : ` ?? ${s.default}`}` : s.command })),
  ];
}

export function run(ctx: CheckContext): CheckResult[] {
  const scan = ctx.environment.resolution?.appScan;
  const cfg = scan?.configured;
  if (!scan || !cfg || !scan.sites.length) return [];
  const reading = scan.sites.filter((s) => s.envVar);
  const same = reading.find((s) => s.envVar === cfg.name);
  if (same) {
    if (same.default === null || same.default === cfg.default) return [];
    return [{ message: messages.otherDefault(cfg, same), evidence: evidence(scan, [same]), fixes: [advice(messages.fixTitle, messages.fixText(cfg.name, same.default))], key: `${cfg.name}:${same.default}` }];
  }
  const first = reading[0];
  if (first) {
    return [{ message: messages.otherName(cfg.name, first), evidence: evidence(scan, reading), fixes: [advice(messages.fixTitle, messages.fixText(first.envVar!, first.default))], key: `${cfg.name}:${first.envVar}` }];
  }
  const python = scan.sites.find((s) => s.value)?.value;
  const fixes = python ? [advice(messages.literalFixTitle, messages.literalFixText(python))] : [];
  return [{ message: messages.literalOnly(cfg.name, scan.sites), evidence: evidence(scan, scan.sites), fixes, key: `${cfg.name}:literal` }];
}

export const check: Check = { meta, run };

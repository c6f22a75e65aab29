// `debug-tts init`: a starter debug-tts.config.json for the project in the current folder, from what
// a run would find itself: the interpreter (and the rule that picked it), the TTS packages installed
// there, the model folders and voices under the current folder, and (with --app) the variable the app reads
// its interpreter from. It writes nothing else, never overwrites without --force, and runs no model.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { EnvProbe, InterpreterResolution } from '../core/report-types.js';
import { ToolError } from '../core/tool-errors.js';
import { discoverInstalled, discoverModelDirs, type DiscoveredTarget } from '../orchestrator/discover-targets.js';
import { resolveInterpreter } from '../orchestrator/interpreter.js';
import { writeAtomic } from '../orchestrator/output.js';
import { gatherProbe } from '../orchestrator/probe.js';
import { scanApp } from '../analyzer/host-app/interpreter-env.js';
import { CONFIG_NAMES, loadConfig } from '../orchestrator/config.js';

export interface InitOptions {
  python?: string | undefined;
  /** Where to write (default ./debug-tts.config.json). */
  config?: string | undefined;
  app?: string | undefined;
  force: boolean;
}

export interface InitIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/**
 * A path as the config should hold it: inside the project (cwd), relative to the config's folder
 * (config paths are read that way), so the project can move; outside it (a venv elsewhere), absolute.
 */
function configPath(p: string, dir: string, project: string): string {
  const inside = path.relative(project, p);
  if (!inside || inside.startsWith('..') || path.isAbsolute(inside)) return p;
  const rel = path.relative(dir, p).split(path.sep).join('/');
  return rel.startsWith('..') ? rel : `./${rel}`;
}

/** Keeps only the keys a config target takes (discoveredBy is the report's, not the config's). */
function targetEntry(t: DiscoveredTarget, dir: string, project: string): Record<string, unknown> {
  const { discoveredBy: _why, ...rest } = t;
  return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, typeof v === 'string' && path.isAbsolute(v) ? configPath(v, dir, project) : v]));
}

/** The interpreter worth pinning: one the user chose (flag, venv, variable), not whatever python3 PATH gives. */
function pinned(r: InterpreterResolution): boolean {
  return Boolean(r.commandPath) && r.rule !== 'path';
}

export async function runInit(o: InitOptions, io: InitIo): Promise<number> {
  const file = path.resolve(io.cwd, o.config ?? CONFIG_NAMES[0]!);
  if (!file.endsWith('.json')) throw new ToolError('E_USAGE', `init writes JSON: give a file ending in .json, not ${o.config}.`);
  if (existsSync(file) && !o.force) throw new ToolError('E_USAGE', `${file} exists; init does not overwrite a config (use --force to replace it).`);
  const dir = path.dirname(file);
  const app = o.app ? await scanApp(path.resolve(io.cwd, o.app), { relativeTo: dir, configured: undefined, log: () => {} }) : null;
  const resolution = resolveInterpreter({ cwd: io.cwd, env: io.env, flag: o.python, interpreterEnv: app?.interpreterEnv });
  const probe = resolution.commandPath ? await gatherProbe(resolution.commandPath, { cwd: io.cwd, env: io.env, timeoutMs: 60_000, torch: false }) : null;
  const env = (probe?.envProbe as EnvProbe | null) ?? null;
  const found = [...discoverModelDirs(io.cwd), ...discoverInstalled(env)];
  const config: Record<string, unknown> = {
    $schema: 'https://debug-tts.dev/schemas/config-1.json',
    ...(app?.interpreterEnv ? { app: configPath(path.resolve(io.cwd, o.app!), dir, io.cwd), interpreterEnv: { name: app.interpreterEnv.name, default: app.interpreterEnv.default } } : {}),
    ...(!app?.interpreterEnv && pinned(resolution) ? { python: configPath(resolution.commandPath!, dir, io.cwd) } : {}),
    targets: found.map((t) => targetEntry(t, dir, io.cwd)),
  };
  writeAtomic(file, `${JSON.stringify(config, null, 2)}\n`);
  // What was written must load as a config: a starter that the next command rejects helps nobody.
  loadConfig(io.cwd, file);

  const lines = [`wrote ${file}`, `  interpreter: ${resolution.explanation}${probe?.envProbeFailure ? ` (it did not answer the probe: ${probe.envProbeFailure.message})` : ''}`];
  if (app?.interpreterEnv) lines.push(`  the app reads its interpreter from $${app.interpreterEnv.name} (default ${app.interpreterEnv.default})`);
  if (found.length) for (const t of found) lines.push(`  target ${t.id} (${t.family}): ${t.discoveredBy}`);
  else lines.push('  no TTS package or model folder found: add targets (README, Configuration), or run `debug-tts` for the built-in reference set');
  lines.push('next: debug-tts --output-dir report');
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

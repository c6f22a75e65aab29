// Each command loads only what it uses: read from the modules the real CLI process resolves (Node's
// module hooks), not from time. explain and --version must not pull the run machinery. The CLI runs
// from dist/bundle (scripts/bundle.mjs): a loaded bundle file stands for every source module in it,
// as the build's metafile lists them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';

const REGISTER = fileURLToPath(new URL('../helpers/module-hooks-register.mjs', import.meta.url));

const META = JSON.parse(readFileSync(path.join(ROOT, 'dist', 'bundle', 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };

/** The package's files a command loaded, relative to the package root, bundle files expanded to their sources. */
function modulesLoaded(args: string[], input = ''): string[] {
  const { stderr } = spawnSync(process.execPath, ['--import', REGISTER, BIN, ...args], { input, encoding: 'utf8', cwd: ROOT });
  const files = stderr.split('\n').filter((l) => l.startsWith('[module] file://')).map((l) => path.relative(ROOT, fileURLToPath(l.slice(9))));
  return [...new Set(files.flatMap((f) => (META.outputs[f] ? [f, ...Object.keys(META.outputs[f].inputs)] : [f])))];
}

const HEAVY = [/^dist\/cli\/run\.js$/, /^node_modules\/execa\//, /^node_modules\/typescript\//, /^node_modules\/ts-morph\//, /^node_modules\/handlebars\//, /^node_modules\/ajv\//, /^node_modules\/yaml\//, /^node_modules\/jsonc-parser\//];
const heavyIn = (mods: string[]) => mods.filter((m) => HEAVY.some((re) => re.test(m)));

describe('module graph per command', () => {
  it('explain loads the knowledge base and nothing of run, execa, typescript, handlebars, ajv or the config parsers (yaml, jsonc-parser)', () => {
    const mods = modulesLoaded(['explain', '--json'], "ModuleNotFoundError: No module named 'kokoro'\n");
    expect(mods).toContain('dist/diagnostics/classify.js');
    expect(heavyIn(mods)).toEqual([]);
  });

  it('--version alone loads neither the command line nor commander, and prints what commander prints for it', () => {
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-V']) {
      const mods = modulesLoaded([flag]);
      expect(mods).toContain('dist/core/version.js');
      expect(mods.filter((m) => m.startsWith('dist/bundle/') || m.startsWith('node_modules/'))).toEqual([]);
      expect(spawnSync(process.execPath, [BIN, flag], { encoding: 'utf8' }).stdout).toBe(`${version}\n`);
    }
    // With anything else on the line commander answers, and says the same.
    const viaCommander = spawnSync(process.execPath, [BIN, '--version', '--quiet'], { encoding: 'utf8' });
    expect(viaCommander.stdout).toBe(`${version}\n`);
    expect(viaCommander.status).toBe(0);
  });

  it('run does load the run machinery (the hook sees what it must)', () => {
    const mods = modulesLoaded(['--from-artifacts', '/nonexistent-debug-tts-artifacts', '-o', '/tmp/debug-tts-module-graph-out']);
    expect(mods).toContain('dist/cli/run.js');
    expect(mods.some((m) => m.startsWith('node_modules/execa/'))).toBe(true);
  });

  it('a run writing JSON and HTML uses the build\'s validators and templates: no schema or template is compiled', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'debug-tts-module-graph-'));
    try {
      // One target and an interpreter that does not exist: the report is written, nothing is loaded.
      writeFileSync(path.join(out, 'debug-tts.config.json'), JSON.stringify({ python: '/nonexistent/python', targets: [{ id: 'voice', family: 'piper' }] }));
      const mods = modulesLoaded(['-c', path.join(out, 'debug-tts.config.json'), '-o', out, '--format', 'json,html']);
      expect(existsSync(path.join(out, 'report.html'))).toBe(true);
      expect(mods.some((m) => /^dist\/generated\/validators\/v\d+\.cjs$/.test(m))).toBe(true);
      expect(mods).toContain('dist/generated/templates.cjs');
      expect(mods).toContain('node_modules/handlebars/runtime.js');
      expect(mods.filter((m) => /^node_modules\/ajv\/dist\/(core|2020|compile\/)|^node_modules\/handlebars\/dist\/cjs\/handlebars\/compiler\//.test(m))).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

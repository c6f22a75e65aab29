// Each command loads only what it uses: read from the modules the real CLI process resolves (Node's
// module hooks), not from time. explain and --version must not pull the run machinery.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';

const REGISTER = fileURLToPath(new URL('../helpers/module-hooks-register.mjs', import.meta.url));

function modulesLoaded(args: string[], input = ''): string[] {
  const { stderr } = spawnSync(process.execPath, ['--import', REGISTER, BIN, ...args], { input, encoding: 'utf8', cwd: ROOT });
  return [...new Set(stderr.split('\n').filter((l) => l.startsWith('[module] ')).map((l) => l.slice(9)))];
}

const HEAVY = [/\/dist\/orchestrator\/run\.js$/, /\/node_modules\/execa\//, /\/node_modules\/typescript\//, /\/node_modules\/ts-morph\//, /\/node_modules\/handlebars\//, /\/node_modules\/ajv\//];
const heavyIn = (mods: string[]) => mods.filter((m) => HEAVY.some((re) => re.test(m)));

describe('module graph per command', () => {
  it('explain loads the knowledge base and nothing of run, execa, typescript, handlebars or ajv', () => {
    const mods = modulesLoaded(['explain', '--json'], "ModuleNotFoundError: No module named 'kokoro'\n");
    expect(mods.some((m) => m.endsWith('/dist/diagnostics/classify.js'))).toBe(true);
    expect(heavyIn(mods)).toEqual([]);
  });

  it('--version loads nothing heavy', () => {
    const mods = modulesLoaded(['--version']);
    expect(mods.some((m) => m.endsWith('/dist/cli/main.js'))).toBe(true);
    expect(heavyIn(mods)).toEqual([]);
  });

  it('run does load the run machinery (the hook sees what it must)', () => {
    const mods = modulesLoaded(['--from-artifacts', '/nonexistent-debug-tts-artifacts', '-o', '/tmp/debug-tts-module-graph-out']);
    expect(mods.some((m) => m.endsWith('/dist/orchestrator/run.js'))).toBe(true);
  });
});

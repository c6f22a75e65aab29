// Property tests of the input contract: whatever config, artifacts, report or log debug-tts is given,
// it exits 0/1 (3 for compare) with schema-valid output, or 2 with an E_* code and no stack trace; it
// never writes outside the output dir, and a secret of its environment never reaches an output.
// CI runs a bounded number of cases with a fixed seed; `npm run fuzz` runs many more
// (FUZZ_RUNS, FUZZ_SEED override both).
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_IDS, validator } from '../../src/core/schemas.js';
import { ToolError } from '../../src/core/tool-errors.js';
import { parseConfigText } from '../../src/orchestrator/config.js';
import { cleanEnv, runCli, tempDir } from '../helpers/cli.js';
import { useVenvs } from '../helpers/use-venvs.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const params = { numRuns: RUNS, seed: SEED, endOnFailure: true };
const venvs = useVenvs('bare');
const TOYS = fileURLToPath(new URL('../minimal/fixtures/', import.meta.url));
const FIXTURE_REPORT = fileURLToPath(new URL('../fixtures/reports/report-1.0.0.json', import.meta.url));

const SECRET = 'fuzz-secret-value-8c1f2e';
const TOKEN = 'hf_FuzzTokenAbCdEfGhIjKl';
const env = () => cleanEnv({ DEBUG_TTS_FUZZ_TOKEN: SECRET });

/** Values a hostile or broken file holds: any JSON, strings that climb out of folders or carry secrets. */
const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('../../../../escape', '/etc/passwd', 'a/../../b', '', '\u0000', `https://user:${SECRET}@x/`, `Bearer ${TOKEN}`, SECRET, TOKEN),
  fc.constantFrom(null, -1, 1e308, true, [], {}),
);

type Json = unknown;

/** Every path (array of keys) in a JSON tree, the root included; iterative. */
function paths(root: Json): (string | number)[][] {
  const out: (string | number)[][] = [[]];
  const stack: [Json, (string | number)[]][] = [[root, []]];
  while (stack.length) {
    const [v, p] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    for (const [k, x] of Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v as object)) {
      out.push([...p, k]);
      stack.push([x, [...p, k]]);
    }
  }
  return out;
}

/** A copy of root with the value at one of its paths (chosen by `pick`) replaced, or deleted. */
function mutate(root: Json, pick: number, value: Json, remove: boolean): Json {
  const copy = structuredClone(root);
  const all = paths(copy).filter((p) => p.length > 0);
  if (!all.length) return value;
  const p = all[pick % all.length]!;
  let parent = copy as Record<string | number, Json>;
  for (const k of p.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const last = p[p.length - 1]!;
  if (remove && !Array.isArray(parent)) delete parent[last];
  else parent[last] = value;
  return copy;
}

const mutation = fc.record({ pick: fc.nat(), value: nasty, remove: fc.boolean() });

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => statSync(f).isFile());
}

/** The contract on one CLI result. */
function holds(r: { code: number; stdout: string; stderr: string }, ok: number[], outDir: string, sandbox: string, before: string[]): void {
  if (r.code === 2) {
    expect(r.stderr).toMatch(/^debug-tts: error E_[A-Z_]+: /m);
    expect(r.stderr).not.toMatch(/E_INTERNAL/);
    expect(r.stderr).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
  } else {
    expect(ok, r.stderr).toContain(r.code);
  }
  const report = path.join(outDir, 'report.json');
  if (r.code !== 2 && existsSync(report)) {
    const validate = validator(SCHEMA_IDS.report);
    expect(validate(JSON.parse(readFileSync(report, 'utf8'))), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  }
  // Nothing new anywhere in the sandbox but under the output dir.
  const added = filesUnder(sandbox).filter((f) => !before.includes(f) && !f.startsWith(`${outDir}${path.sep}`));
  expect(added).toEqual([]);
  for (const f of filesUnder(outDir)) {
    const text = readFileSync(f, 'utf8');
    expect(text.includes(SECRET) || text.includes(TOKEN), f).toBe(false);
  }
  expect((r.stdout + r.stderr).includes(SECRET) || (r.stdout + r.stderr).includes(TOKEN)).toBe(false);
}

describe('config: any text is a Config or an E_CONFIG_* error', () => {
  const valid = { python: 'python3', targets: [{ id: 'a', family: 'piper', model: './v.onnx' }, { id: 'b', family: 'generic', entry: 'm:C' }], run: { repeats: 2 } };
  it('mutated JSON configs', () => {
    fc.assert(
      fc.property(mutation, ({ pick, value, remove }) => {
        const text = JSON.stringify(mutate(valid, pick, value, remove));
        try {
          parseConfigText('/x/debug-tts.config.json', text);
        } catch (err) {
          expect(err).toBeInstanceOf(ToolError);
          expect((err as ToolError).code).toMatch(/^E_CONFIG_/);
        }
      }),
      params,
    );
  });

  it('arbitrary YAML and JSON text', () => {
    const text = fc.oneof(fc.string({ maxLength: 200 }), fc.jsonValue().map((v) => JSON.stringify(v)), fc.constantFrom('a: &a [*a]', '- - - -', '{{{{', 'targets: !!binary x', ':\n  :', 'null'));
    fc.assert(
      fc.property(text, fc.boolean(), (t, yaml) => {
        try {
          parseConfigText(`/x/debug-tts.config.${yaml ? 'yaml' : 'json'}`, t);
        } catch (err) {
          expect(err).toBeInstanceOf(ToolError);
          expect((err as ToolError).code).toMatch(/^E_CONFIG_/);
        }
      }),
      params,
    );
  });
});

describe('--from-artifacts: mutated artifacts', () => {
  let artifacts = '';
  beforeAll(async () => {
    const cwd = tempDir('fuzz-src-');
    const toy = (id: string, minimalConfig: object) => ({ id, family: 'generic', entry: 'toy_models:Toy', minimalConfig, stages: ['preflight', 'import', 'config', 'construct-minimal'] });
    writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify({ python: venvs.bare, probe: { otherInterpreters: false }, targets: [toy('ok', { width: 1 }), toy('bad', { nope: 1 })] }));
    const r = await runCli(['-o', path.join(cwd, 'out')], { cwd, env: cleanEnv({ PYTHONPATH: TOYS }) });
    expect(r.code).toBe(1);
    artifacts = path.join(cwd, 'out', 'artifacts');
  });

  it('exit 0/1 with a valid report, or E_* without a stack; nothing outside; no secret', async () => {
    const files = ['gather.json', 'targets/ok.json', 'targets/bad.json', 'env-probe.json'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...files), mutation, async (file, { pick, value, remove }) => {
        const sandbox = mkdtempSync(path.join(tempDir('fuzz-'), 'a-'));
        const copy = path.join(sandbox, 'in', 'artifacts');
        cpSync(artifacts, copy, { recursive: true });
        const target = path.join(copy, file);
        writeFileSync(target, JSON.stringify(mutate(JSON.parse(readFileSync(target, 'utf8')), pick, value, remove)));
        const before = filesUnder(sandbox);
        const out = path.join(sandbox, 'out');
        const r = await runCli(['--from-artifacts', path.join(sandbox, 'in'), '-o', out, '-f', 'json,html,junit,markdown'], { cwd: sandbox, env: env() });
        holds(r, [0, 1], out, sandbox, before);
        rmSync(sandbox, { recursive: true, force: true });
      }),
      params,
    );
  });
});

describe('compare and merge: mutated reports', () => {
  const base = JSON.parse(readFileSync(FIXTURE_REPORT, 'utf8'));
  it('exit 0/3 (compare) or 0/1 (merge), or E_REPORT without a stack; nothing outside; no secret', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, fc.boolean(), async ({ pick, value, remove }, merge) => {
        const sandbox = mkdtempSync(path.join(tempDir('fuzz-'), 'r-'));
        writeFileSync(path.join(sandbox, 'base.json'), JSON.stringify(base));
        writeFileSync(path.join(sandbox, 'head.json'), JSON.stringify(mutate(base, pick, value, remove)));
        const before = filesUnder(sandbox);
        const out = path.join(sandbox, 'out');
        const args = merge ? ['merge', 'base.json', 'head.json', '-o', out] : ['compare', 'base.json', 'head.json', '-o', out, '-f', 'junit,markdown,html'];
        const r = await runCli(args, { cwd: sandbox, env: env() });
        holds(r, merge ? [0, 1] : [0, 3], out, sandbox, before);
        rmSync(sandbox, { recursive: true, force: true });
      }),
      params,
    );
  });
});

describe('explain: any text', () => {
  it('exit 0 with schema-valid JSON (or E_INPUT for an empty one), and no secret echoed', async () => {
    const validate = validator(SCHEMA_IDS.explain);
    const line = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('Traceback (most recent call last):', `  File "/home/u/.venv/lib/python3.12/site-packages/kokoro/model.py", line 9, in load`, `OSError: token ${TOKEN} is not valid`, `pip install --index-url https://u:${SECRET}@x/simple kokoro`, 'ModuleNotFoundError: No module named \'kokoro\''));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 12 }), async (lines) => {
        const r = await runCli(['explain', '--json'], { cwd: tempDir(), stdin: lines.join('\n'), env: env() });
        if (!lines.join('').trim()) {
          expect(r.code).toBe(2);
          expect(r.stderr).toMatch(/^debug-tts: error E_INPUT: /);
          return;
        }
        expect(r.code, r.stderr).toBe(0);
        expect(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
        expect(r.stdout.includes(SECRET) || r.stdout.includes(TOKEN)).toBe(false);
      }),
      params,
    );
  });
});

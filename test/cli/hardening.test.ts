// Untrusted reports and artifacts, secrets, signals, hangs and malformed input: each case as a hostile
// or unlucky user meets it, through the real CLI (in-process, or the real bin for signals).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCHEMA_IDS } from '../../src/core/schemas.js';
import { createProgress } from '../../src/orchestrator/progress.js';
import { BIN, cleanEnv, readReport, runCli, tempDir } from '../helpers/cli.js';
import { expectValid } from '../helpers/schema.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('bare');
const TOYS = fileURLToPath(new URL('../minimal/fixtures/', import.meta.url));
const FIXTURE_REPORT = fileURLToPath(new URL('../fixtures/reports/report-1.0.0.json', import.meta.url));

/** A project folder with a config; targets may name files inside it (`cwd` is the folder). */
function project(targets: object[] | ((cwd: string) => object[]), extra: object = {}): string {
  const cwd = tempDir('harden-');
  const list = typeof targets === 'function' ? targets(cwd) : targets;
  writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify({ python: venvs.bare, probe: { otherInterpreters: false }, targets: list, ...extra }));
  return cwd;
}

const toy = (id: string, minimalConfig: object) => ({ id, family: 'generic', entry: 'toy_models:Toy', minimalConfig, stages: ['preflight', 'import', 'config', 'construct-minimal'] });

/** Every file under dir, recursively (the output dir, and whatever sits beside it). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => statSync(f).isFile());
}

/** The contract for bad input: exit 2, one E_* code, and no JavaScript stack. */
function expectToolError(r: { code: number; stderr: string }, code: string): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(new RegExp(`^debug-tts: error ${code}: `));
  expect(r.stderr).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
}

describe('untrusted reports and artifacts never write outside the output dir (1)', () => {
  it('compare refuses a head report whose adapter files climb out, and writes nothing there', async () => {
    const cwd = tempDir();
    const base = JSON.parse(readFileSync(FIXTURE_REPORT, 'utf8'));
    const adapter = {
      target: 'x', environment: 'user', configClass: 'C', source: '/c.json', issues: [], operations: [], unresolved: [], adaptedConfig: {},
      verification: { status: 'not-run', how: 'n/a' },
      files: { json: 'adapters/x.adapter.json', python: '../../escaped.adapter.py', typescript: 'adapters/x.adapter.ts' },
      python: 'print("pwned")', typescript: '',
    };
    writeFileSync(path.join(cwd, 'base.json'), JSON.stringify(base));
    writeFileSync(path.join(cwd, 'head.json'), JSON.stringify({ ...base, adapters: [adapter] }));
    const out = path.join(cwd, 'a', 'b', 'out');
    const r = await runCli(['compare', 'base.json', 'head.json', '-o', out], { cwd });
    expectToolError(r, 'E_REPORT');
    expect(r.stderr).toContain('/adapters/0/files/python');
    expect(existsSync(path.join(cwd, 'a', 'escaped.adapter.py'))).toBe(false);
    expect(filesUnder(cwd).some((f) => f.endsWith('escaped.adapter.py'))).toBe(false);
  });

  it('--from-artifacts refuses a manifest that names a file outside the artifacts', async () => {
    const cwd = project([toy('t', { width: 1 })]);
    const out = path.join(cwd, 'out');
    expect((await runCli(['-o', out], { cwd, env: cleanEnv({ PYTHONPATH: TOYS }) })).code).toBe(0);
    const manifest = path.join(out, 'artifacts', 'gather.json');
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    writeFileSync(manifest, JSON.stringify({ ...m, targets: ['targets/../../../../etc/passwd.json'] }));
    const r = await runCli(['--from-artifacts', out, '-o', path.join(cwd, 'replay')], { cwd });
    expectToolError(r, 'E_ARTIFACTS');
    expect(r.stderr).toContain('/targets/0');
  });

  it('a target id that climbs out becomes a safe file name inside the output dir on replay', async () => {
    const cwd = project([toy('t', { width: 1 })]);
    const out = path.join(cwd, 'run', 'out');
    expect((await runCli(['-o', out], { cwd, env: cleanEnv({ PYTHONPATH: TOYS }) })).code).toBe(0);
    const run = path.join(out, 'artifacts', 'targets', 't.json');
    writeFileSync(run, JSON.stringify({ ...JSON.parse(readFileSync(run, 'utf8')), id: '../../../../x' }));
    const replay = path.join(cwd, 'run', 'replay');
    const r = await runCli(['--from-artifacts', out, '-o', replay], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const written = filesUnder(cwd).filter((f) => !f.startsWith(out));
    expect(written.every((f) => f.startsWith(replay) || f.endsWith('debug-tts.config.json')), written.join('\n')).toBe(true);
    expect(readdirSync(path.join(replay, 'artifacts', 'targets'))).toEqual([expect.stringMatching(/^x-[0-9a-f]{10}\.json$/)]);
    expect(readReport(replay).targets[0]!.id).toBe('../../../../x');
  });
});

describe('secrets never reach any output (2)', () => {
  it('a token in a PYTHONPATH folder, in model output and in an exception is redacted everywhere', async () => {
    const secret = 'hunter2-very-secret-value-42';
    const hfToken = 'hf_AbCdEfGhIjKlMnOpQrStUv';
    const cwd = project([toy('leaks', { leak: secret })], { format: ['json', 'html', 'junit', 'markdown'] });
    const tokenDir = path.join(cwd, hfToken);
    mkdirSync(tokenDir);
    cpSync(path.join(TOYS, 'toy_models.py'), path.join(tokenDir, 'toy_models.py'));
    const out = path.join(cwd, 'out');
    const r = await runCli(['-o', out], { cwd, env: cleanEnv({ PYTHONPATH: tokenDir, MY_SERVICE_API_KEY: secret, HF_TOKEN: hfToken }) });
    expect(r.code).toBe(1);
    const report = readReport(out);
    // The failure itself is still there, with the secret cut out of it.
    const f = report.findings.find((x) => x.target === 'leaks')!;
    expect(f.message).toContain('https://<redacted>@example.invalid/simple');
    expect(JSON.stringify(report.environments[0]!.probe!.paths.sysPath)).toContain('<redacted>');
    for (const file of filesUnder(out)) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain(secret);
      expect(text, file).not.toContain(hfToken);
    }
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(r.stdout + r.stderr).not.toContain(hfToken);
  });
});

describe('config contract (3, 6, 7, 8)', () => {
  it('duplicate target ids are an error naming both places', async () => {
    const cwd = project([toy('same', { width: 1 }), toy('same', { width: 2 })]);
    const r = await runCli(['-o', path.join(cwd, 'out')], { cwd });
    expectToolError(r, 'E_CONFIG_INVALID');
    expect(r.stderr).toMatch(/debug-tts\.config\.json:1:\d+ at \/targets\/1\/id: duplicate target id "same" \(also at \/targets\/0\/id\)/);
    expect(existsSync(path.join(cwd, 'out', 'report.json'))).toBe(false);
  });

  it('duplicate ids in replayed artifacts are refused, not silently merged', async () => {
    const cwd = project([toy('a', { width: 1 }), toy('b', { width: 1 })]);
    const out = path.join(cwd, 'out');
    expect((await runCli(['-o', out], { cwd, env: cleanEnv({ PYTHONPATH: TOYS }) })).code).toBe(0);
    const b = path.join(out, 'artifacts', 'targets', 'b.json');
    writeFileSync(b, JSON.stringify({ ...JSON.parse(readFileSync(b, 'utf8')), id: 'a' }));
    expectToolError(await runCli(['--from-artifacts', out, '-o', path.join(cwd, 'r')], { cwd }), 'E_ARTIFACTS');
  });

  it('3,000 targets with one wrong field each: every problem counted, 20 listed, each with file:line', { timeout: 20_000 }, async () => {
    const cwd = tempDir();
    const targets = Array.from({ length: 3000 }, (_, i) => ({ id: `t${i}`, family: 'piper', stageTimeoutSeconds: 'soon' }));
    writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify({ targets }, null, 2));
    const r = await runCli(['-o', path.join(cwd, 'out')], { cwd });
    expectToolError(r, 'E_CONFIG_INVALID');
    expect(r.stderr).toContain('(3000 problems)');
    const listed = r.stderr.split('\n').filter((l) => /debug-tts\.config\.json:\d+:\d+ at \/targets\/\d+\/stageTimeoutSeconds: must be number/.test(l));
    expect(listed).toHaveLength(20);
    expect(listed[19]).toContain('debug-tts.config.json:101:7 at /targets/19/');
    expect(r.stderr).toContain('... and 2980 more problems');
  });

  it.each([
    ['null.json', 'null', 'E_CONFIG_INVALID', /holds no config \(it is null\)/],
    ['empty.yaml', '', 'E_CONFIG_INVALID', /holds no config \(it is empty\)/],
    ['deep.json', `${'['.repeat(10_000)}${']'.repeat(10_000)}`, 'E_CONFIG_SYNTAX', /nested too deep/],
    ['deep-ok-syntax.json', `{"targets": ${'['.repeat(100)}${']'.repeat(100)}}`, 'E_CONFIG_INVALID', /at \/targets(\/0){63}: nested deeper than 64 levels/],
    ['deep.yaml', `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}`, 'E_CONFIG_SYNTAX', /nested too deep/],
    [
      'bomb.yaml',
      ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n'),
      'E_CONFIG_INVALID',
      /Excessive alias count/,
    ],
  ])('%s is a clear exit-2 error, not a crash or a silent default', async (name, text, code, message) => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, name), text);
    const r = await runCli(['-c', name, '-o', path.join(cwd, 'out')], { cwd });
    expectToolError(r, code);
    expect(r.stderr).toMatch(message);
  });

  it('a per-target typo is an error with "did you mean" and what the family reads', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'debug-tts.config.yaml'), 'targets:\n  - id: k\n    family: kokoro\n    modelDri: ./kokoro\n    voise: af_heart\n');
    const r = await runCli(['-o', path.join(cwd, 'out')], { cwd });
    expectToolError(r, 'E_CONFIG_INVALID');
    expect(r.stderr).toMatch(/debug-tts\.config\.yaml:4:5 at \/targets\/0: unknown key "modelDri" for a kokoro target; did you mean "modelDir"\?/);
    expect(r.stderr).toMatch(/debug-tts\.config\.yaml:5:5 at \/targets\/0: unknown key "voise" for a kokoro target; did you mean "voice"\? kokoro reads: .*voiceAliases/);
  });
});

describe('artifacts and reports of the wrong shape (7)', () => {
  async function replayWith(edit: (dir: string) => void): Promise<{ code: number; stderr: string; out: string }> {
    const cwd = project([toy('t', { width: 1 })]);
    const out = path.join(cwd, 'out');
    expect((await runCli(['-o', out], { cwd, env: cleanEnv({ PYTHONPATH: TOYS }) })).code).toBe(0);
    edit(path.join(out, 'artifacts'));
    const replay = path.join(cwd, 'replay');
    return { ...(await runCli(['--from-artifacts', out, '-o', replay], { cwd })), out: replay };
  }
  const patchJson = (file: string, f: (v: Record<string, unknown>) => unknown) => writeFileSync(file, JSON.stringify(f(JSON.parse(readFileSync(file, 'utf8')))));

  it.each([
    ['events is a string', 'targets/t.json', (v: Record<string, unknown>) => ({ ...v, events: 'oops' }), '/events'],
    ['timeline holds strings', 'targets/t.json', (v: Record<string, unknown>) => ({ ...v, timeline: [['a', 'b']] }), '/timeline/0/0'],
    ['exitCode is text', 'targets/t.json', (v: Record<string, unknown>) => ({ ...v, exitCode: 'zero' }), '/exitCode'],
    ['a stage-end without status', 'targets/t.json', (v: Record<string, unknown>) => ({ ...v, events: [{ type: 'stage-end', stage: 'import', t: 1, durationMs: 1 }] }), '/events/0'],
    ['assets is an object', 'gather.json', (v: Record<string, unknown>) => ({ ...v, assets: {} }), '/assets'],
    ['run.startedAt is not a date', 'gather.json', (v: Record<string, unknown>) => ({ ...v, run: { ...(v.run as object), startedAt: 'yesterday' } }), '/run/startedAt'],
  ])('%s: exit 2 with the file and pointer, and no report', async (_what, file, edit, pointer) => {
    const r = await replayWith((dir) => patchJson(path.join(dir, file), edit));
    expectToolError(r, 'E_ARTIFACTS');
    expect(r.stderr).toContain(path.basename(file));
    expect(r.stderr).toContain(` at ${pointer}`);
    expect(existsSync(path.join(r.out, 'report.json'))).toBe(false);
  });

  it('an artifact nested 10,000 deep is refused before anything recursive reads it', async () => {
    const r = await replayWith((dir) => writeFileSync(path.join(dir, 'targets', 't.json'), `${'['.repeat(10_000)}${']'.repeat(10_000)}`));
    expectToolError(r, 'E_ARTIFACTS');
    expect(r.stderr).toMatch(/nested deeper than 64 levels/);
  });

  it('a report nested 10,000 deep given to compare is E_REPORT', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'deep.json'), `{"reportVersion":"1.2.0","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    expectToolError(await runCli(['compare', 'deep.json', 'deep.json', '-o', path.join(cwd, 'o')], { cwd }), 'E_REPORT');
  });
});

describe('hangs and signals (4, 5)', () => {
  it('SIGTERM (a CI cancel) writes a partial report and kills the detached Python child', { timeout: 60_000 }, async () => {
    const cwd = project((dir) => [toy('hangs', { hang: true, pid_file: path.join(dir, 'target.pid') })]);
    const pidFile = path.join(cwd, 'target.pid');
    const child = spawn(process.execPath, [BIN, '--output-dir', path.join(cwd, 'out')], { cwd, env: cleanEnv({ PYTHONPATH: TOYS }) });
    let stderr = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('target hangs') && !child.killed) {
          const wait = setInterval(() => {
            if (existsSync(pidFile)) {
              clearInterval(wait);
              child.kill('SIGTERM');
            }
          }, 100);
        }
      });
      child.on('close', (c) => resolve(c));
    });
    expect(code).toBe(1);
    expect(stderr).toContain('got SIGTERM');
    const report = readReport(path.join(cwd, 'out'));
    expectValid(SCHEMA_IDS.report, report);
    expect(report.run.interrupted).toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });

  it('a model that leaves a non-daemon thread does not hang the run: killed after a grace, and named', { timeout: 60_000 }, async () => {
    const cwd = project([toy('lingers', { linger: true })]);
    const r = await runCli(['-o', path.join(cwd, 'out')], { cwd, env: cleanEnv({ PYTHONPATH: TOYS }) });
    expect(r.code).toBe(1);
    const report = readReport(path.join(cwd, 'out'));
    expectValid(SCHEMA_IDS.report, report);
    const t = report.targets[0]!;
    expect(t.stages.find((s) => s.name === 'construct-minimal')!.status).toBe('passed');
    expect(t.process.lingered).toEqual({ threads: ['toy-heartbeat (sleep)'], graceMs: 3000 });
    const f = report.findings.find((x) => x.ruleId === 'process-lingers')!;
    expect(f.severity).toBe('warning');
    expect(f.title).toContain('toy-heartbeat');
    expect(f.fixes[0]!.text).toContain('daemon=True');
  });

  it('a hang before the first stage is killed at the stage time limit, not waited on for ever', { timeout: 60_000 }, async () => {
    // A sitecustomize that blocks (a corporate one waiting on a network share) hangs the interpreter
    // before the stage runner says hello; the probe gives up after its own 1 s limit.
    const cwd = project([{ id: 'stuck', family: 'generic', entry: 'json:JSONDecoder', stageTimeoutSeconds: 2 }], { probe: { otherInterpreters: false, timeoutSeconds: 1 } });
    writeFileSync(path.join(cwd, 'sitecustomize.py'), 'import time\ntime.sleep(3600)\n');
    const r = await runCli(['-o', path.join(cwd, 'out')], { cwd, env: cleanEnv({ PYTHONPATH: cwd }) });
    expect(r.code).toBe(1);
    const t = readReport(path.join(cwd, 'out')).targets[0]!;
    expect(t.stages[0]!.skipReason).toMatch(/went silent for longer than the stage time limit before this stage/);
  });
});

describe('assets named by a generic target (9)', () => {
  it('weights: that does not exist is a finding naming the option, the path and the near miss', async () => {
    const cwd = project([{ ...toy('g', { width: 1 }), weights: './model.safetnsors' }]);
    writeFileSync(path.join(cwd, 'model.safetensors'), '');
    const r = await runCli(['-o', path.join(cwd, 'out')], { cwd, env: cleanEnv({ PYTHONPATH: TOYS }) });
    expect(r.code).toBe(1);
    const f = readReport(path.join(cwd, 'out')).findings.find((x) => x.ruleId === 'target-path-missing')!;
    expect(f.title).toBe(`Target g: weights ${path.join(cwd, 'model.safetnsors')} does not exist`);
    expect(f.fixes[0]!.title).toBe(`Point weights at ${path.join(cwd, 'model.safetensors')}`);
  });
});

describe('command line (10, 11)', () => {
  it('debug-tts --help lists the run options, not only the commands', async () => {
    const r = await runCli(['--help'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Run options \(run is the default command\):\n {2}-o, --output-dir <dir>/);
    for (const flag of ['--python <path>', '--isolated', '--from-artifacts <dir>', '--baseline <report.json>']) expect(r.stdout).toContain(flag);
  });

  it('an unknown command is named, with the nearest one', async () => {
    const r = await runCli(['expain', 'log.txt'], { cwd: tempDir() });
    expectToolError(r, 'E_USAGE');
    expect(r.stderr).toContain("unknown command 'expain'. Did you mean 'explain'?");
    const other = await runCli(['frobnicate'], { cwd: tempDir() });
    expectToolError(other, 'E_USAGE');
    expect(other.stderr).toContain("unknown command 'frobnicate'.");
  });

  it.each([
    ['empty stdin', ['explain'], ''],
    ['a missing file', ['explain', 'nope.log'], ''],
  ])('explain on %s is E_INPUT', async (_what, args, stdin) => {
    expectToolError(await runCli(args, { cwd: tempDir(), stdin }), 'E_INPUT');
  });

  it('-o under /proc fails at once with E_OUTPUT_UNWRITABLE instead of hanging', { timeout: 15_000 }, async () => {
    const cwd = project([]);
    expectToolError(await runCli(['-o', '/proc/debug-tts-nope/report'], { cwd }), 'E_OUTPUT_UNWRITABLE');
  });

  it('a terminal that reports 0 columns gets plain lines, no live redraws', async () => {
    const stream = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
    let live = '';
    Object.assign(stream, { isTTY: true, columns: 0, rows: 0, cursorTo: () => true, moveCursor: () => true, clearLine: () => true });
    stream.on('data', (d: Buffer) => (live += d.toString()));
    const lines: string[] = [];
    const p = await createProgress({ tty: true, env: {}, write: (s) => lines.push(s), stamp: () => '', stream });
    p.log('probing');
    await new Promise((r) => setTimeout(r, 300));
    p.stop();
    expect(lines).toEqual(['debug-tts: probing\n']);
    expect(live).toBe('');
  });
});

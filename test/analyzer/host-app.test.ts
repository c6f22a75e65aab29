// The host app scan on real TS/JS files: where the app spawns Python, the variable and default it reads, never a crash.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scanHostApp } from '../../src/analyzer/host-app/scan.js';
import { applyAppScan, appScanUnitErrors } from '../../src/analyzer/host-app/interpreter-env.js';
import { scriptImports, splitShellWords } from '../../src/analyzer/host-app/python-command.js';
import { check as mismatch } from '../../src/analyzer/checks/app-interpreter-env-mismatch.js';
import { resolveInterpreter } from '../../src/orchestrator/interpreter.js';
import type { Environment, HostAppScan } from '../../src/core/report-types.js';
import { SCHEMA_IDS } from '../../src/core/schemas.js';
import { tempDir } from '../helpers/env.js';
import { expectValid } from '../helpers/schema.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/host-app/', import.meta.url));
const APP = path.join(FIXTURES, 'app');
const PATTERNS = path.join(FIXTURES, 'patterns');

const scan = (app: string) => scanHostApp(app, { relativeTo: app });
const brief = (s: HostAppScan) => s.sites.map((x) => ({ at: `${x.file}:${x.line}`, call: x.call, envVar: x.envVar, default: x.default, value: x.value, envRead: x.envRead }));

/** A report-shaped resolution carrying the scan, so the scan is checked against report.schema.json too. */
function withScan(s: HostAppScan) {
  const resolution = { ...resolveInterpreter({ cwd: APP, env: { PATH: '' } }), appScan: s };
  expectValid(SCHEMA_IDS.report, { ...REPORT_SHELL, environments: [{ ...ENV, resolution }] });
  return resolution;
}

const ENV = { id: 'user', role: 'user', resolution: null, executable: null, realPath: null, kind: 'unknown', pythonVersion: null, probe: null, probeFailure: null, torch: null } as const;
const REPORT_SHELL = {
  reportVersion: '1.1.0',
  tool: { name: 'debug-tts', version: '0.1.0' },
  run: { argv: [], cwd: '/', startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:00:00.000Z', durationMs: 0, host: { hostname: 'h', platform: 'linux', arch: 'x64', node: 'v20' }, configFile: null, fromArtifacts: null, interrupted: false },
  otherInterpreters: [], targets: [], findings: [], recommendations: [], unitErrors: [],
  summary: { status: 'ok', counts: { error: 0, warning: 0, info: 0 }, headline: 'No problems found.' },
};

describe('host app scan: the S1 app', () => {
  const s = scan(APP);

  it('finds the Kokoro bridge with its variable, default, line and -c script', () => {
    expect(s.error).toBeNull();
    expect(s.problems).toEqual([]);
    expect(s.files).toBe(4);
    const bridge = s.sites.find((x) => x.file === 'bridge.ts')!;
    expect(bridge).toMatchObject({ line: 8, column: 17, call: 'spawn', module: 'child_process', command: 'python', value: null, envVar: 'VOXWEAVE_KOKORO_PYTHON', default: 'python3', envRead: 'bridge.ts:5' });
    // BRIDGE_SCRIPT is imported from bridge-script.ts: followed to its template literal.
    expect(bridge.args?.[0]).toBe('-c');
    expect(bridge.script).toMatchObject({ kind: 'inline', imports: ['json', 'sys', 'numpy', 'kokoro'] });
    expect(bridge.script!.value).toContain('from kokoro import KPipeline');
  });

  it('finds the literal python3.11 run through execa, and nothing that is not Python', () => {
    expect(brief(s)).toEqual([
      { at: 'bridge.ts:8', call: 'spawn', envVar: 'VOXWEAVE_KOKORO_PYTHON', default: 'python3', value: null, envRead: 'bridge.ts:5' },
      { at: 'piper.ts:5', call: 'execa', envVar: null, default: null, value: 'python3.11', envRead: null },
    ]);
    const piper = s.sites[1]!;
    expect(piper.module).toBe('execa');
    expect(piper.command).toBe("'python3.11'");
    // `model` is a parameter: the arguments are not all constant, but -m piper is.
    expect(piper.args).toBeNull();
    expect(piper.script).toEqual({ kind: 'module', value: 'piper', imports: ['piper'] });
    expect(s.sites.some((x) => x.file === 'audio.ts')).toBe(false);
  });

  it('is valid report data', () => {
    withScan(applyAppScan(s, undefined).scan);
  });

  it('gives the resolution the app variable when the config names none, saying where it came from', () => {
    const applied = applyAppScan(s, undefined);
    expect(applied.scan).toMatchObject({ applied: true, configured: null, appEnv: { name: 'VOXWEAVE_KOKORO_PYTHON', default: 'python3', site: 'bridge.ts:8', read: 'bridge.ts:5' } });
    const r = resolveInterpreter({ cwd: APP, env: { PATH: '' }, interpreterEnv: applied.interpreterEnv });
    expect(r.rule).toBe('app-default');
    expect(r.requested).toBe('python3');
    expect(r.explanation).toBe(
      'The app runs python3 because VOXWEAVE_KOKORO_PYTHON is unset. VOXWEAVE_KOKORO_PYTHON and its default python3 come from the app scan (read at bridge.ts:5, spawned at bridge.ts:8).',
    );
    const set = resolveInterpreter({ cwd: APP, env: { PATH: '', VOXWEAVE_KOKORO_PYTHON: '/opt/venv/bin/python' }, interpreterEnv: applied.interpreterEnv });
    expect(set.rule).toBe('app-env');
    expect(set.explanation).toBe(
      "The app runs /opt/venv/bin/python from VOXWEAVE_KOKORO_PYTHON=/opt/venv/bin/python; not used: the app's default when VOXWEAVE_KOKORO_PYTHON is unset. VOXWEAVE_KOKORO_PYTHON and its default python3 come from the app scan (read at bridge.ts:5, spawned at bridge.ts:8).",
    );
  });

  it('keeps the config variable when there is one, and the mismatch check says when the app reads another', () => {
    const env = (scanResult: HostAppScan): Environment => ({ ...ENV, resolution: withScan(scanResult) });
    const ctx = (scanResult: HostAppScan) => ({ environment: env(scanResult), otherInterpreters: [], interpreterEnvVar: scanResult.configured?.name ?? null, assets: [] });
    const agreeing = applyAppScan(s, { name: 'VOXWEAVE_KOKORO_PYTHON', default: 'python3' });
    expect(agreeing.interpreterEnv).toEqual({ name: 'VOXWEAVE_KOKORO_PYTHON', default: 'python3' });
    expect(agreeing.scan.applied).toBe(false);
    expect(mismatch.run(ctx(agreeing.scan))).toEqual([]);

    const otherName = applyAppScan(s, { name: 'KOKORO_PYTHON', default: 'python3' });
    const [f] = mismatch.run(ctx(otherName.scan));
    expect(f!.message).toBe('The config says the app reads its interpreter from KOKORO_PYTHON, but the app\'s source reads VOXWEAVE_KOKORO_PYTHON (default python3) at bridge.ts:5 and spawns it at bridge.ts:8. This run followed KOKORO_PYTHON.');
    expect(f!.fixes[0]!.text).toContain('"interpreterEnv": {"name": "VOXWEAVE_KOKORO_PYTHON", "default": "python3"}');

    const otherDefault = applyAppScan(s, { name: 'VOXWEAVE_KOKORO_PYTHON', default: '/usr/bin/python3.12' });
    expect(mismatch.run(ctx(otherDefault.scan))[0]!.message).toContain('but the app falls back to python3 (bridge.ts:5)');
  });
});

describe('host app scan: the ways an app names its interpreter', () => {
  const s = scan(PATTERNS);

  it('follows consts across imports, config object properties, functions, default parameters and templates', () => {
    expect(s.problems).toEqual([]);
    expect(brief(s)).toEqual([
      { at: 'aliases.ts:7', call: 'spawn', envVar: 'KOKORO_ONNX_PYTHON', default: 'python3', value: null, envRead: 'aliases.ts:7' },
      { at: 'aliases.ts:12', call: 'spawn', envVar: 'MISAKI_PYTHON', default: 'python3.12', value: null, envRead: 'aliases.ts:12' },
      { at: 'engines.ts:7', call: 'spawnSync', envVar: 'TTS_PYTHON', default: 'python3', value: null, envRead: 'settings.ts:2' },
      { at: 'engines.ts:11', call: 'execFileSync', envVar: 'XTTS_PYTHON', default: '/opt/xtts/bin/python', value: null, envRead: 'settings.ts:6' },
      { at: 'engines.ts:15', call: 'execFile', envVar: 'STYLETTS2_PYTHON', default: 'python3.10', value: null, envRead: 'settings.ts:11' },
      { at: 'engines.ts:19', call: 'spawn', envVar: 'VITS_PYTHON', default: 'python3', value: null, envRead: 'engines.ts:18' },
      { at: 'engines.ts:25', call: 'execSync', envVar: null, default: null, value: 'python3.12', envRead: null },
      { at: 'engines.ts:29', call: 'spawn', envVar: null, default: null, value: 'python3', envRead: null },
      { at: 'engines.ts:33', call: 'fork', envVar: 'WORKER_PYTHON', default: 'python3', value: null, envRead: 'engines.ts:33' },
      { at: 'legacy.cjs:8', call: 'execFile', envVar: null, default: null, value: 'python', envRead: null },
      { at: 'tagged.mjs:7', call: '$', envVar: 'STYLE_PYTHON', default: 'python3', value: null, envRead: 'tagged.mjs:4' },
    ]);
  });

  it('reports the command as written and the constant arguments', () => {
    const at = (file: string, line: number) => s.sites.find((x) => x.file === file && x.line === line)!;
    expect(at('engines.ts', 11)).toMatchObject({ command: 'settings.engines.xtts.python', args: ['-m', 'TTS.server.server'], script: { kind: 'module', value: 'TTS.server.server' } });
    expect(at('engines.ts', 25)).toMatchObject({ command: 'python${version}', args: ['-m', 'pip', 'list', '--format=json'] });
    expect(at('engines.ts', 29).script).toEqual({ kind: 'inline', value: 'import piper; print(piper.__file__)', imports: ['piper'] });
    expect(at('engines.ts', 33)).toMatchObject({ command: "process.env.WORKER_PYTHON ?? 'python3'", script: { kind: 'file', value: './worker.py' } });
    expect(at('tagged.mjs', 7)).toMatchObject({ command: '${py}', args: null, script: { kind: 'file', value: 'scripts/speak.py' } });
    expect(at('legacy.cjs', 8)).toMatchObject({ args: ['bark_bridge.py', '--small'] });
  });

  it('leaves out node, ls, ffmpeg, fork without execPath and process.execPath', () => {
    expect(s.sites.filter((x) => x.file === 'engines.ts' && x.line >= 36)).toEqual([]);
    expect(s.sites.filter((x) => x.file === 'tagged.mjs')).toHaveLength(1);
  });

  it('with several variables, uses the first and names the others', () => {
    const { interpreterEnv } = applyAppScan(s, undefined);
    expect(interpreterEnv?.name).toBe('KOKORO_ONNX_PYTHON');
    expect(interpreterEnv?.origin).toBe(
      'KOKORO_ONNX_PYTHON and its default python3 come from the app scan (at aliases.ts:7); the app also reads MISAKI_PYTHON, TTS_PYTHON, XTTS_PYTHON, STYLETTS2_PYTHON, VITS_PYTHON, WORKER_PYTHON, STYLE_PYTHON.',
    );
  });
});

describe('host app scan: files it must survive', () => {
  it('a syntax error is a problem, node_modules and dot dirs are skipped, the rest is still scanned', () => {
    const dir = tempDir('host-app-');
    cpSync(APP, dir, { recursive: true });
    writeFileSync(path.join(dir, 'broken.ts'), "import { spawn } from 'child_process';\nconst py = process.env.BROKEN_PYTHON ?? 'python3';\nexport const go = () => spawn(py, ['x.py']);\nexport const oops = = 1;\n");
    for (const hidden of ['node_modules/some-pkg', '.cache']) {
      mkdirSync(path.join(dir, hidden), { recursive: true });
      writeFileSync(path.join(dir, hidden, 'index.js'), "require('child_process').spawn('python3', ['hidden.py']);\n");
    }
    const s = scan(dir);
    expect(s.error).toBeNull();
    expect(s.files).toBe(5);
    expect(s.problems).toEqual([{ file: 'broken.ts', line: 4, message: 'syntax error (the rest of the file was still read): Expression expected.' }]);
    expect(s.sites.map((x) => x.file)).toEqual(['bridge.ts', 'broken.ts', 'piper.ts']);
  });

  it('a cycle of consts ends, and a variable without a default is Python by its name or its script', () => {
    const dir = tempDir('host-app-');
    writeFileSync(path.join(dir, 'cycle.js'), "const { spawn, execFile } = require('node:child_process');\nlet a = b;\nlet b = a;\nspawn(a, ['bridge.py']);\nexecFile(process.env.TTS_PY, ['-V']);\nexecFile(process.env.TOOL, ['-V']);\n");
    const s = scan(dir);
    expect(brief(s)).toEqual([
      { at: 'cycle.js:4', call: 'spawn', envVar: null, default: null, value: null, envRead: null },
      { at: 'cycle.js:5', call: 'execFile', envVar: 'TTS_PY', default: null, value: null, envRead: 'cycle.js:5' },
    ]);
    const { interpreterEnv, scan: applied } = applyAppScan(s, undefined);
    expect(applied.appEnv).toEqual({ name: 'TTS_PY', default: null, site: 'cycle.js:5', read: 'cycle.js:5' });
    expect(interpreterEnv).toEqual({ name: 'TTS_PY', default: 'python3', origin: 'TTS_PY comes from the app scan (at cycle.js:5); the app gives no default, so python3 is assumed.' });
  });

  it('a missing path is an error in the scan, not an exception, and a unit error in the report', () => {
    const s = scan(path.join(tempDir(), 'no-such-app'));
    expect(s.error).toMatch(/^the app scan of .*no-such-app failed: ENOENT/);
    expect(s.sites).toEqual([]);
    const resolution = { ...resolveInterpreter({ cwd: APP, env: { PATH: '' } }), appScan: s };
    expect(appScanUnitErrors(resolution)).toEqual([{ unit: 'host-app-scan', message: s.error }]);
  });

  it('a single-file app follows its relative imports', () => {
    const s = scanHostApp(path.join(APP, 'bridge.ts'), { relativeTo: FIXTURES });
    expect(s.files).toBe(1);
    expect(s.sites).toHaveLength(1);
    expect(s.sites[0]).toMatchObject({ file: 'app/bridge.ts', envVar: 'VOXWEAVE_KOKORO_PYTHON', script: { kind: 'inline', imports: ['json', 'sys', 'numpy', 'kokoro'] } });
  });

  it('scans a real code base: this repo\'s src/', () => {
    const src = fileURLToPath(new URL('../../src/', import.meta.url));
    const s = scan(src);
    expect(s.error).toBeNull();
    expect(s.files).toBeGreaterThan(100);
  });
});

describe('python command helpers', () => {
  it('reads the imports of an inline script', () => {
    expect(scriptImports('import sys, os.path as p\nfrom kokoro.pipeline import KPipeline\n  import numpy as np  # arrays\nfrom . import x\nprint(1)')).toEqual(['sys', 'os', 'kokoro', 'numpy']);
  });

  it('splits a constant shell command', () => {
    expect(splitShellWords(`python3 -c "import kokoro; print('ok')" --flag 'a b'`)).toEqual(['python3', '-c', "import kokoro; print('ok')", '--flag', 'a b']);
  });
});

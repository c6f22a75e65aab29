// End to end: config `app` points at a TS host app; its scan names the interpreter variable, the report says so, replays keep it.
import { cpSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report-types.js';
import { SCHEMA_IDS } from '../../src/core/schemas.js';
import { cleanEnv, readReport, runCli, tempDir } from '../helpers/cli.js';
import { expectValid } from '../helpers/schema.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('bare', 'torch');
const APP = fileURLToPath(new URL('../fixtures/host-app/app/', import.meta.url));

/** A project dir holding the fixture app under ./app and the given config. */
function project(config: Record<string, unknown>): string {
  const cwd = tempDir('host-app-cli-');
  cpSync(APP, path.join(cwd, 'app'), { recursive: true });
  writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify(config));
  return cwd;
}

async function run(cwd: string, env: NodeJS.ProcessEnv = cleanEnv()) {
  const out = path.join(cwd, 'out');
  const res = await runCli(['--output-dir', out], { cwd, env });
  const report = existsSync(path.join(out, 'report.json')) ? readReport(out) : undefined;
  if (report) expectValid(SCHEMA_IDS.report, report);
  return { ...res, out, report: report as Report };
}

describe('config app: the host app scan in a run', () => {
  it('S1 without interpreterEnv: the app variable comes from the scan, and the fix names it', async () => {
    const cwd = project({ app: './app', targets: [{ id: 'kokoro', family: 'kokoro', stages: ['preflight', 'import'] }] });
    // The project .venv has kokoro; the python3 first on PATH, which the app's default names, does not.
    symlinkSync(path.dirname(path.dirname(venvs.torch)), path.join(cwd, '.venv'));
    const env = cleanEnv({ PATH: `${path.dirname(venvs.bare)}${path.delimiter}${process.env.PATH}` });
    const { code, report, out, stderr } = await run(cwd, env);
    expect(code).toBe(1);
    const resolution = report.environments[0]!.resolution!;
    expect(resolution.rule).toBe('app-default');
    expect(resolution.requested).toBe('python3');
    expect(resolution.commandPath).toBe(path.join(path.dirname(venvs.bare), 'python3'));
    expect(resolution.steps.find((s) => s.rule === 'app-env')).toMatchObject({ source: 'VOXWEAVE_KOKORO_PYTHON', outcome: 'not-set' });
    expect(resolution.explanation).toContain('because VOXWEAVE_KOKORO_PYTHON is unset');
    expect(resolution.explanation).toContain('VOXWEAVE_KOKORO_PYTHON and its default python3 come from the app scan (read at app/bridge.ts:5, spawned at app/bridge.ts:8).');
    expect(resolution.appScan).toMatchObject({ app: path.join(cwd, 'app'), files: 4, applied: true, configured: null, error: null, appEnv: { name: 'VOXWEAVE_KOKORO_PYTHON', default: 'python3', read: 'app/bridge.ts:5' } });
    expect(resolution.appScan!.sites.map((s) => `${s.file}:${s.line}:${s.column} ${s.value ?? s.envVar}`)).toEqual(['app/bridge.ts:8:17 VOXWEAVE_KOKORO_PYTHON', 'app/piper.ts:5:24 python3.11']);
    expect(stderr).toContain('debug-tts: app scan: 2 Python spawn sites in 4 files');

    const f = report.findings.find((x) => x.ruleId === 'stage-failed' && x.stage === 'preflight')!;
    expect(f.category).toBe('wrong-interpreter');
    expect(f.fixes[0]).toMatchObject({ command: `export VOXWEAVE_KOKORO_PYTHON="${path.join(cwd, '.venv', 'bin', 'python')}"`, runnable: true });

    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('How the app starts Python');
    expect(html).toContain('<code>app/bridge.ts:8:17</code>');
    expect(html).toContain('from kokoro import KPipeline');

    // The replay reads the saved scan: with the app gone, the report is the same.
    rmSync(path.join(cwd, 'app'), { recursive: true });
    const replay = await runCli(['--from-artifacts', out, '--output-dir', path.join(cwd, 'replay')], { cwd, env });
    expect(replay.code).toBe(1);
    expect(readReport(path.join(cwd, 'replay')).environments[0]!.resolution).toEqual(resolution);
  });

  it('with interpreterEnv set to another variable, the config wins and a warning says the app reads another', async () => {
    const cwd = project({ app: './app', interpreterEnv: { name: 'KOKORO_PYTHON', default: 'python3' }, discover: false, probe: { torch: false, otherInterpreters: false } });
    const { code, report } = await run(cwd);
    expect(code).toBe(1);
    const resolution = report.environments[0]!.resolution!;
    expect(resolution.explanation).toBe(`The app runs python3 (${resolution.commandPath}) because KOKORO_PYTHON is unset.`);
    expect(resolution.appScan).toMatchObject({ applied: false, configured: { name: 'KOKORO_PYTHON', default: 'python3' } });
    const f = report.findings.find((x) => x.ruleId === 'app-interpreter-env-mismatch')!;
    expect(f).toMatchObject({ severity: 'warning', category: 'wrong-interpreter' });
    expect(f.message).toContain('but the app\'s source reads VOXWEAVE_KOKORO_PYTHON (default python3) at app/bridge.ts:5');
  });

  it('an app path that does not exist is a config error: exit 2, no report', async () => {
    const cwd = project({ app: './src' });
    const { code, stderr, report } = await run(cwd);
    expect(code).toBe(2);
    expect(stderr).toContain(`debug-tts: error E_APP_NOT_FOUND: "app": "./src" in ${path.join(cwd, 'debug-tts.config.json')} names ${path.join(cwd, 'src')}, which does not exist.`);
    expect(report).toBeUndefined();
  });
});

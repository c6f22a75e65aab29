// The stdlib environment probe and the torch probe, run in real interpreters and venvs.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EnvProbe } from '../../src/core/report-types.js';
import { SCHEMA_IDS } from '../../src/core/schemas.js';
import { buildEnvironment, gatherProbe } from '../../src/orchestrator/probe.js';
import { which } from '../../src/orchestrator/which.js';
import { cleanEnv, tempDir } from '../helpers/env.js';
import { expectValid } from '../helpers/schema.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('bare', 'espeak');
const opts = (env = cleanEnv()) => ({ cwd: tempDir(), env, timeoutMs: 60_000, torch: true });

/** Every file under dir with its mtime: the probe must leave an interpreter exactly as it was. */
function snapshot(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(p, statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? -1);
    }
  };
  walk(dir);
  return out;
}

describe('env probe', () => {
  it('describes this machine\'s python3 and validates against its schema', async () => {
    const python = which('python3', process.cwd(), process.env.PATH)!;
    const a = await gatherProbe(python, opts());
    expect(a.envProbeFailure).toBeNull();
    expectValid(SCHEMA_IDS.envProbe, a.envProbe);
    const p = a.envProbe as EnvProbe;
    expect(p.python.version).toMatch(/^3\.\d+\.\d+$/);
    expect(p.platform.machine).toBeTruthy();
    expect(p.distributions!.length).toBeGreaterThan(0);
    expect(p.errors).toEqual({});
    expect(p.resources.memTotalBytes).toBeGreaterThan(1e9);
  });

  it('sees a venv as a venv, without and with a package installed', async () => {
    const bare = (await gatherProbe(venvs.bare, opts())).envProbe as EnvProbe;
    const withPkg = (await gatherProbe(venvs.espeak, opts())).envProbe as EnvProbe;
    for (const p of [bare, withPkg]) {
      expectValid(SCHEMA_IDS.envProbe, p);
      expect(p.prefixes.isVenv).toBe(true);
      expect(p.prefixes.pyvenvCfg?.home).toBeTruthy();
    }
    const names = (p: EnvProbe) => p.distributions!.map((d) => d.name.toLowerCase());
    expect(names(bare)).not.toContain('espeakng-loader');
    expect(names(withPkg)).toContain('espeakng-loader');
    expect(bare.espeak?.loaderPackageLibrary).toBeNull();
    expect(withPkg.espeak?.loaderPackageLibrary).toMatch(/libespeak-ng/);
    const phon = withPkg.distributions!.find((d) => d.name === 'phonemizer-fork')!;
    expect(phon.version).toBe('3.3.2');
    expect(phon.requiresPython).toBe('>=3.8');
    expect(phon.requiresDist).toContain('joblib');
  });

  it('never writes into the interpreter under test', async () => {
    const prefix = path.dirname(path.dirname(venvs.espeak));
    const before = snapshot(prefix);
    await gatherProbe(venvs.espeak, opts());
    expect(snapshot(prefix)).toEqual(before);
  });

  it('redacts secrets but keeps their presence', async () => {
    const env = cleanEnv({
      HF_TOKEN: 'hf_SuperSecretValue123',
      MY_SERVICE_API_KEY: 'plain-secret-key-42',
      PIP_INDEX_URL: 'https://alice:p4ssw0rd@pypi.example.com/simple',
      HF_HOME: '/tmp/hf-home',
    });
    const a = await gatherProbe(venvs.bare, opts(env));
    const vars = (a.envProbe as EnvProbe).envVars!;
    expect(vars.HF_TOKEN).toBe('<redacted>');
    expect(vars.PIP_INDEX_URL).toBe('https://<redacted>@pypi.example.com/simple');
    expect(vars.HF_HOME).toBe('/tmp/hf-home');
    const raw = JSON.stringify(a);
    for (const secret of ['SuperSecretValue123', 'p4ssw0rd', 'plain-secret-key-42']) expect(raw).not.toContain(secret);
  });

  it('turns a broken interpreter into a recorded failure, not a crash', async () => {
    const a = await gatherProbe(venvs.bare, opts(cleanEnv({ PYTHONHOME: '/nonexistent/python-home' })));
    expect(a.envProbe).toBeNull();
    expect(a.envProbeFailure?.kind).toBe('exit');
    expect(a.envProbeFailure?.stderrTail).toMatch(/encodings|PYTHONHOME|Fatal Python error/);
    const env = buildEnvironment('user', null, a);
    expect(env.probe).toBeNull();
    expect(env.probeFailure?.kind).toBe('exit');
  });

  it('reports a torch import failure as data from the guarded probe', async () => {
    // A `torch` package that raises on import: the probe must survive it and say why.
    const dir = tempDir();
    const fs = await import('node:fs');
    fs.mkdirSync(path.join(dir, 'torch'));
    fs.writeFileSync(path.join(dir, 'torch', '__init__.py'), 'raise ImportError("libtorch_cpu.so: cannot open shared object file")\n');
    const { runPython } = await import('../../src/orchestrator/python-process.js');
    const { pythonScript } = await import('../../src/core/paths.js');
    const run = await runPython(venvs.bare, [pythonScript('orchestrator/python/torch_probe.py')], { cwd: dir, env: cleanEnv({ PYTHONPATH: dir }), timeoutMs: 30_000 });
    expectValid(SCHEMA_IDS.torchProbe, run.json);
    const t = run.json as { imported: boolean; importError: { type: string; message: string } };
    expect(t.imported).toBe(false);
    expect(t.importError.type).toBe('ImportError');
    expect(t.importError.message).toContain('libtorch_cpu.so');
  });
});

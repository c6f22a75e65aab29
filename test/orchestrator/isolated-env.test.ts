// The isolated env builder on real interpreters and PyPI: cold build, warm reuse, rebuilds, and resolver failures as data.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../../src/diagnostics/classify.js';
import { ensureIsolatedEnv, isEnvFailure, MARKER, type EnvSpec, type IsolatedEnv } from '../../src/orchestrator/isolated-env.js';
import { baseInterpreter } from '../helpers/venvs.js';
import { cleanEnv, tempDir } from '../helpers/env.js';
import { useVenvs } from '../helpers/use-venvs.js';

let cacheRoot: string;
const logs: string[] = [];
const spec = (requirements: string[], extra: Partial<EnvSpec> = {}): EnvSpec => ({
  name: 'test', requirements, base: 'python3', cacheRoot, env: cleanEnv(), log: (l) => logs.push(l), ...extra,
});

async function built(s: EnvSpec, opts = {}): Promise<IsolatedEnv> {
  const r = await ensureIsolatedEnv(s, opts);
  if (isEnvFailure(r)) throw new Error(`${r.step}: ${r.message}\n${r.output}`);
  return r;
}

beforeAll(() => {
  cacheRoot = tempDir('debug-tts-envs-');
});

describe('ensureIsolatedEnv', () => {
  let first: IsolatedEnv;

  it('builds a pinned env cold, records a lock with hashes, and marks it complete last', async () => {
    first = await built(spec(['packaging==24.2']));
    expect(first.how).toBe('built');
    expect(first.lock).toEqual([{ name: 'packaging', version: '24.2', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(existsSync(path.join(first.dir, MARKER))).toBe(true);
    expect(first.dir).toContain(`test-py${first.base.version}-${first.hash}`);
    expect(execFileSync(first.python, ['-c', 'import packaging.licenses, packaging; print(packaging.__version__)'], { encoding: 'utf8' }).trim()).toBe('24.2');
  }, 180_000);

  it('reuses it on the next run after a quick check, without rebuilding', async () => {
    const builtAt = JSON.parse(readFileSync(path.join(first.dir, MARKER), 'utf8')).builtAt;
    const again = await built(spec(['packaging==24.2']));
    expect(again.how).toBe('reused');
    expect(again.dir).toBe(first.dir);
    expect(again.buildMs).toBeNull();
    expect(JSON.parse(readFileSync(path.join(first.dir, MARKER), 'utf8')).builtAt).toBe(builtAt);
    expect(logs.at(-1)).toMatch(/reusing .* \(checked in \d+ ms\)/);
  });

  it('with --skip-environment, reuses the last env without checking it', async () => {
    const skipped = await built(spec(['packaging==24.2']), { skipCheck: true });
    expect(skipped.how).toBe('skipped-check');
    expect(skipped.dir).toBe(first.dir);
  });

  it('rebuilds an env whose build never finished (no marker) or whose packages were removed', async () => {
    rmSync(path.join(first.dir, MARKER));
    const rebuilt = await built(spec(['packaging==24.2']));
    expect(rebuilt.how).toBe('built');
    expect(logs.some((l) => l.includes('building (a half-built env (no completion marker))'))).toBe(true);
    const site = execFileSync(rebuilt.python, ['-c', 'import packaging, os; print(os.path.dirname(os.path.dirname(packaging.__file__)))'], { encoding: 'utf8' }).trim();
    rmSync(path.join(site, 'packaging-24.2.dist-info'), { recursive: true });
    const repaired = await built(spec(['packaging==24.2']));
    expect(repaired.how).toBe('built');
    expect(logs.some((l) => l.includes('packages gone from it: packaging'))).toBe(true);
  }, 180_000);

  it('builds another env when a requirement changes, and leaves the first one alone', async () => {
    const changed = await built(spec(['packaging==24.1']));
    expect(changed.how).toBe('built');
    expect(changed.dir).not.toBe(first.dir);
    expect(changed.lock[0]!.version).toBe('24.1');
    expect((await built(spec(['packaging==24.2']))).how).toBe('reused');
  }, 180_000);

  it('finds a dependency conflict in the dry run, installs nothing, and the knowledge base names both chains', async () => {
    const r = await ensureIsolatedEnv(spec(['requests==2.31.0', 'urllib3<1.21.1']));
    expect(isEnvFailure(r)).toBe(true);
    if (!isEnvFailure(r)) return;
    expect(r.step).toBe('dry-run');
    expect(readdirSync(cacheRoot).some((d) => d.includes('test-py') && !existsSync(path.join(cacheRoot, d, MARKER)))).toBe(false);
    const d = classify({ text: r.output, exceptionType: null, stage: null, env: {} });
    expect(d.category).toBe('dependency-conflict');
    expect(d.ruleId).toBe('pip-dependency-conflict');
    const evidence = d.evidence.map((e) => e.value).join('\n');
    expect(evidence).toMatch(/The user requested urllib3<1\.21\.1/);
    expect(evidence).toMatch(/requests 2\.31\.0 depends on urllib3<3 and >=1\.21\.1/);
    expect(r.output).toContain('Cannot install requests==2.31.0 and urllib3<1.21.1');
  }, 180_000);

  it('reports a Requires-Python refusal as python-version, even in resolver words', async () => {
    const r = await ensureIsolatedEnv(spec(['misaki==0.9.4'], { base: baseInterpreter('3.13') }));
    expect(isEnvFailure(r)).toBe(true);
    if (!isEnvFailure(r)) return;
    expect(r.base?.version).toMatch(/^3\.13\./);
    const d = classify({ text: r.output, exceptionType: null, stage: null, env: { pythonVersion: r.base!.version } });
    expect(d.category).toBe('python-version');
  }, 180_000);

  it('builds offline from a local wheelhouse', async () => {
    const wheels = tempDir('debug-tts-wheels-');
    execFileSync('python3', ['-m', 'pip', 'download', '--quiet', '--no-deps', '--dest', wheels, 'packaging==23.2'], { env: cleanEnv() });
    const offline = await built(spec(['packaging==23.2'], { findLinks: wheels }));
    expect(offline.how).toBe('built');
    expect(offline.lock[0]).toMatchObject({ name: 'packaging', version: '23.2' });
    const missing = await ensureIsolatedEnv(spec(['six==1.16.0'], { findLinks: wheels }));
    expect(isEnvFailure(missing) && missing.step).toBe('dry-run');
  }, 180_000);

  describe('with uv on PATH', () => {
    const venvs = useVenvs('uv');
    const uvPath = () => `${path.dirname(venvs.uv)}${path.delimiter}${process.env.PATH}`;

    it('builds with uv, records the installed versions as the lock, and reuses the env like any other', async () => {
      const s = spec(['packaging==24.2', 'six==1.16.0'], { env: { ...cleanEnv(), PATH: uvPath() } });
      const env = await built(s);
      expect(env.installer).toBe('uv');
      expect(env.lock).toEqual([{ name: 'packaging', version: '24.2', sha256: null }, { name: 'six', version: '1.16.0', sha256: null }]);
      expect(logs.some((l) => l.includes('with uv (dry run)'))).toBe(true);
      expect(execFileSync(env.python, ['-c', 'import packaging.licenses, six; print(six.__version__)'], { encoding: 'utf8' }).trim()).toBe('1.16.0');
      expect((await built(s)).how).toBe('reused');
      expect((await built({ ...s, installer: 'pip', requirements: ['six==1.16.0'] })).installer).toBe('pip');
    }, 180_000);

    it("turns uv's resolver failure into the same dependency-conflict diagnosis, quoting its derivation", async () => {
      const r = await ensureIsolatedEnv(spec(['requests==2.31.0', 'urllib3<1.21.1'], { env: { ...cleanEnv(), PATH: uvPath() } }));
      expect(isEnvFailure(r) && r.step).toBe('dry-run');
      if (!isEnvFailure(r)) return;
      const d = classify({ text: r.output, exceptionType: null, stage: null, env: {} });
      expect(d.ruleId).toBe('pip-dependency-conflict');
      expect(d.evidence.filter((e) => e.label === 'conflict').map((e) => e.value).join('\n')).toMatch(/Because requests==2\.31\.0 depends on urllib3>=1\.21\.1,<3/);
    }, 180_000);
  });
});


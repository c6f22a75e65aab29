// distribution-shadowed: one finding per winning folder, severity by whether versions differ, the fix by where the folder comes from.
import { describe, expect, it } from 'vitest';
import type { Environment } from '../../src/core/report-types.js';
import { run } from '../../src/analyzer/checks/distribution-shadowed.js';
import { healthyProbe } from '../reporter/fixtures.js';

const VENV = '/srv/app/.venv/lib/python3.11/site-packages';
const EXTRA = '/opt/shared/pylibs';
const USER = '/home/dev/.local/lib/python3.11/site-packages';

function ctx(shadowed: { name: string; versions: string[]; locations: string[] }[], pythonPath = EXTRA) {
  const probe = healthyProbe();
  probe.shadowedDistributions = shadowed;
  probe.envVars = { ...(probe.envVars ?? {}), PYTHONPATH: pythonPath };
  probe.paths.userSite = USER;
  const environment = { id: 'user', role: 'user', resolution: null, executable: '/srv/app/.venv/bin/python', realPath: null, kind: 'venv', pythonVersion: '3.11.7', probe, probeFailure: null, torch: null } as unknown as Environment;
  return { environment, otherInterpreters: [], interpreterEnvVar: null, assets: [] };
}

describe('distribution-shadowed', () => {
  it('nine copies from one PYTHONPATH folder are one finding; the differing one is listed first', () => {
    const same = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((n) => ({ name: n, versions: ['1.0', '1.0'], locations: [EXTRA, VENV] }));
    const findings = run(ctx([...same.slice(0, 3), { name: 'numpy', versions: ['1.26.4', '2.1.1'], locations: [EXTRA, VENV] }, ...same.slice(3)]));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe('warning');
    expect(findings[0]!.title).toBe(`9 packages are installed twice; the copies in ${EXTRA} (on PYTHONPATH) win, a different version`);
    expect(findings[0]!.evidence[0]).toEqual({ label: 'imported', value: `numpy==1.26.4 in ${EXTRA}` });
    expect(findings[0]!.fixes[0]!.title).toBe(`Take ${EXTRA} off PYTHONPATH for the app`);
    expect(findings[0]!.fixes[0]!.text).not.toContain('PYTHONNOUSERSITE=1 ');
  });

  it('identical copies are info, not a warning', () => {
    const [f] = run(ctx([{ name: 'six', versions: ['1.17.0', '1.17.0'], locations: [EXTRA, VENV] }]));
    expect(f!.severity).toBe('info');
  });

  it('a user-site copy gets PYTHONNOUSERSITE and a non-runnable uninstall with the interpreter', () => {
    const [f] = run(ctx([{ name: 'torch', versions: ['2.5.1', '2.13.0'], locations: [USER, VENV] }], ''));
    expect(f!.fixes.map((x) => x.command)).toEqual(['export PYTHONNOUSERSITE=1', '"/srv/app/.venv/bin/python" -m pip uninstall --yes torch']);
    expect(f!.fixes[1]!.runnable).toBe(false);
  });

  it('two winning folders are two findings', () => {
    expect(run(ctx([{ name: 'a', versions: ['1', '2'], locations: [EXTRA, VENV] }, { name: 'b', versions: ['1', '2'], locations: [USER, VENV] }]))).toHaveLength(2);
  });
});

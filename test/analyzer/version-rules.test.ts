// The version-rule table: every rule sourced and parseable, and each one evaluated at its boundaries on a real probe.
import pep440 from '@renovatebot/pep440';
import { beforeAll, describe, expect, it } from 'vitest';
import { check as knownConstraint } from '../../src/analyzer/checks/known-constraint-violated.js';
import { check as requiresPython } from '../../src/analyzer/checks/requires-python-violated.js';
import type { CheckContext } from '../../src/analyzer/check.js';
import { fingerprint, runChecks } from '../../src/analyzer/run-checks.js';
import type { VersionRule } from '../../src/analyzer/version-rules/rule.js';
import { VERSION_RULES } from '../../src/analyzer/version-rules/rules.js';
import { evaluateRules, factsOf } from '../../src/analyzer/version-rules/evaluate.js';
import { CATEGORIES, type Environment, type EnvProbe, type OtherInterpreter } from '../../src/core/report-types.js';
import { buildEnvironment, gatherProbe } from '../../src/orchestrator/probe.js';
import { cleanEnv, tempDir } from '../helpers/env.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('bare', 'torch');
const PLACEHOLDERS = new Set(['version', 'other', 'otherVersion', 'python']);
const PACKAGE = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/** Everything wrong with a rule table; [] when it is honest. */
function tableProblems(rules: readonly VersionRule[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const spec = (r: VersionRule, what: string, s: string | undefined) => {
    if (s !== undefined && !pep440.validRange(s)) problems.push(`${r.id}: ${what} "${s}" is not a PEP 440 specifier`);
  };
  const text = (r: VersionRule, what: string, s: string) => {
    for (const [, key] of s.matchAll(/\{(\w+)\}/g)) if (!PLACEHOLDERS.has(key!)) problems.push(`${r.id}: ${what} uses unknown {${key}}`);
  };
  for (const r of rules) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(r.id)) problems.push(`${r.id}: id is not kebab-case`);
    if (ids.has(r.id)) problems.push(`${r.id}: duplicate id`);
    ids.add(r.id);
    if (!CATEGORIES.includes(r.category)) problems.push(`${r.id}: unknown category ${r.category}`);
    if (!['error', 'warning', 'info'].includes(r.severity)) problems.push(`${r.id}: unknown severity`);
    if (r.source.length === 0) problems.push(`${r.id}: no source`);
    for (const s of r.source) {
      let ok = false;
      try {
        const u = new URL(s);
        ok = u.protocol === 'https:' && u.hostname.includes('.');
      } catch {
        ok = false;
      }
      if (!ok) problems.push(`${r.id}: source "${s}" is not a public https URL`);
    }
    for (const p of [r.when.package, r.conflictsWith?.package, ...(r.requiresAnyOf ?? [])]) if (p !== undefined && !PACKAGE.test(p)) problems.push(`${r.id}: "${p}" is not a package name`);
    spec(r, 'version', r.when.version);
    spec(r, 'python', r.when.python);
    spec(r, 'conflictsWith.version', r.conflictsWith?.version);
    if (r.category === 'python-version' && !r.when.python) problems.push(`${r.id}: a python-version rule needs when.python`);
    if (!r.conflictsWith && !r.requiresAnyOf && !r.when.python && !r.when.system && !r.when.machine) problems.push(`${r.id}: fires on the package alone`);
    if (r.verified.trim().length < 20) problems.push(`${r.id}: says nothing of how its boundaries were checked`);
    if (r.notInMetadata.trim().length < 20) problems.push(`${r.id}: does not say why package metadata misses it`);
    if (r.fix.length === 0) problems.push(`${r.id}: no fix`);
    text(r, 'message', r.message);
    for (const f of r.fix) {
      text(r, 'fix title', f.title);
      if ('pip' in f) f.pip.forEach((a) => text(r, 'fix', a));
      if ('advice' in f) text(r, 'fix', f.advice);
      if ('python' in f) spec(r, 'fix python', f.python);
    }
  }
  return problems;
}

let torchEnv: Environment;
let bareVersion: string;

async function environmentOf(python: string): Promise<Environment> {
  const a = await gatherProbe(python, { cwd: tempDir(), env: cleanEnv(), timeoutMs: 60_000, torch: false });
  return buildEnvironment('user', null, a);
}

/** The real torch venv's facts with some versions, the Python or the platform changed. */
function altered(changes: { dists?: Record<string, string | null>; python?: string; system?: string; machine?: string }): Environment {
  const probe = structuredClone(torchEnv.probe!) as EnvProbe;
  for (const [name, version] of Object.entries(changes.dists ?? {})) {
    const i = probe.distributions!.findIndex((d) => d.name.toLowerCase() === name.toLowerCase());
    if (version === null) {
      if (i >= 0) probe.distributions!.splice(i, 1);
    } else if (i >= 0) probe.distributions![i]!.version = version;
    else probe.distributions!.push({ name, version, requiresPython: null, requiresDist: [], location: null, installer: 'pip' });
  }
  if (changes.python) probe.python.version = changes.python;
  if (changes.system) probe.platform.system = changes.system;
  if (changes.machine) probe.platform.machine = changes.machine;
  return { ...torchEnv, probe, pythonVersion: probe.python.version };
}

const ids = (env: Environment) => evaluateRules(VERSION_RULES, factsOf(env.probe!)).map((m) => m.rule.id);
const ctx = (environment: Environment, otherInterpreters: OtherInterpreter[] = []): CheckContext => ({ environment, otherInterpreters, interpreterEnvVar: null, assets: [] });

beforeAll(async () => {
  torchEnv = await environmentOf(venvs.torch);
  bareVersion = (await environmentOf(venvs.bare)).probe!.python.version!;
});

describe('the version-rule table', () => {
  it('gives every rule a public source, a known category, parseable specifiers and a fix', () => {
    expect(VERSION_RULES.length).toBeGreaterThanOrEqual(8);
    expect(tableProblems(VERSION_RULES)).toEqual([]);
  });

  it('catches a rule without a source, with a bad specifier or an unknown category', () => {
    const bad = { ...VERSION_RULES[0]!, id: 'Bad_Rule', category: 'nonsense', source: ['not a url'], when: { package: 'kokoro', version: '>>0.7', python: '>=3.13' } } as unknown as VersionRule;
    const problems = tableProblems([bad, { ...VERSION_RULES[1]!, source: [] }]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/kebab-case/),
        expect.stringMatching(/unknown category/),
        expect.stringMatching(/not a public https URL/),
        expect.stringMatching(/">>0\.7" is not a PEP 440/),
        expect.stringMatching(/no source/),
      ]),
    );
  });
});

describe('rules on the real torch venv (torch 2.13, numpy 2, transformers 5.23, coqui-tts 0.28, kokoro 0.9.4)', () => {
  it('the healthy combination breaks no rule, and the check reports nothing', () => {
    expect(torchEnv.probe!.distributions!.some((d) => d.name.toLowerCase() === 'coqui-tts')).toBe(true);
    expect(ids(torchEnv)).toEqual([]);
    expect(knownConstraint.run(ctx(torchEnv))).toEqual([]);
  });

  it('coqui-tts 0.27.x with transformers >= 5.1 misses isin_mps_friendly; 5.0 still has it', () => {
    expect(ids(altered({ dists: { 'coqui-tts': '0.27.5' } }))).toEqual(['coqui-tts-isin-mps-friendly-removed']);
    expect(ids(altered({ dists: { 'coqui-tts': '0.27.5', transformers: '5.1.0' } }))).toEqual(['coqui-tts-isin-mps-friendly-removed']);
    expect(ids(altered({ dists: { 'coqui-tts': '0.27.5', transformers: '5.0.0' } }))).toEqual([]);
    expect(ids(altered({ dists: { 'coqui-tts': '0.28.0', transformers: '5.23.0' } }))).toEqual([]);
  });

  it('coqui-tts 0.24.3-0.26.x with transformers >= 4.57 misses BeamSearchScorer; 4.56.2 still exports it', () => {
    expect(ids(altered({ dists: { 'coqui-tts': '0.26.0', transformers: '4.57.0' } }))).toEqual(['coqui-tts-beam-search-scorer-removed']);
    expect(ids(altered({ dists: { 'coqui-tts': '0.24.3', transformers: '4.57.6' } }))).toEqual(['coqui-tts-beam-search-scorer-removed']);
    expect(ids(altered({ dists: { 'coqui-tts': '0.26.0', transformers: '4.56.2' } }))).toEqual([]);
  });

  it('XTTS without GenerationMixin (coqui-tts < 0.24.3, TTS 0.20-0.22) fails from transformers 4.52', () => {
    expect(ids(altered({ dists: { 'coqui-tts': '0.24.2', transformers: '4.52.1' } }))).toEqual(['coqui-tts-xtts-generate-missing']);
    expect(ids(altered({ dists: { 'coqui-tts': '0.24.2', transformers: '4.51.3' } }))).toEqual([]);
    expect(ids(altered({ dists: { 'coqui-tts': null, TTS: '0.22.0', transformers: '4.57.3' } }))).toEqual(['tts-xtts-transformers-too-new']);
    expect(ids(altered({ dists: { 'coqui-tts': null, TTS: '0.22.0', transformers: '4.51.3' } }))).toEqual([]);
  });

  it('NumPy 2 next to torch < 2.3, onnxruntime < 1.19 or thinc < 8.3 (local versions like +cpu count)', () => {
    expect(ids(altered({ dists: { torch: '2.2.2+cpu' } }))).toEqual(['torch-built-for-numpy-1']);
    expect(ids(altered({ dists: { torch: '2.2.2+cpu', numpy: '1.26.4' } }))).toEqual([]);
    expect(ids(altered({ dists: { torch: '2.3.0' } }))).toEqual([]);
    expect(ids(altered({ dists: { onnxruntime: '1.18.0' } }))).toEqual(['onnxruntime-built-for-numpy-1']);
    expect(ids(altered({ dists: { onnxruntime: '1.19.0' } }))).toEqual([]);
    expect(ids(altered({ dists: { thinc: '8.2.5' } }))).toEqual(['thinc-built-for-numpy-1']);
    expect(ids(altered({ dists: { thinc: '8.2.5', numpy: '1.26.4' } }))).toEqual([]);
  });

  it('upstream phonemizer without set_data_path next to misaki; 3.4.0 has it', () => {
    expect(ids(altered({ dists: { phonemizer: '3.3.0' } }))).toEqual(['misaki-phonemizer-without-set-data-path']);
    expect(ids(altered({ dists: { phonemizer: '3.4.0' } }))).toEqual([]);
    expect(ids(altered({ dists: { phonemizer: '3.3.0', misaki: '0.7.4' } }))).toEqual([]);
  });

  it('a version that is not PEP 440 and a differently spelled name are handled', () => {
    expect(ids(altered({ dists: { torch: 'not-a-version' } }))).toEqual([]);
    expect(ids(altered({ dists: { 'coqui-tts': null, Coqui_TTS: '0.27.5' } }))).toEqual(['coqui-tts-isin-mps-friendly-removed']);
  });
});

describe('kokoro and misaki on Python 3.13 (simulated on the torch venv\'s real probe)', () => {
  it('kokoro 0.7.6-0.8.0 on 3.13 is reported here, and not by requires-python-violated (kokoro declares >=3.7)', () => {
    const env = altered({ dists: { kokoro: '0.7.16', misaki: null }, python: '3.13.4' });
    expect(ids(env)).toEqual(['kokoro-misaki-needs-python-below-3-13']);
    const kokoroDist = env.probe!.distributions!.find((d) => d.name === 'kokoro')!;
    kokoroDist.requiresPython = '>=3.7';
    expect(requiresPython.run(ctx(env)).map((r) => r.key)).not.toContain('kokoro');
    expect(ids(altered({ dists: { kokoro: '0.7.16' }, python: '3.12.8' }))).toEqual([]);
    expect(ids(altered({ dists: { kokoro: '0.7.4' }, python: '3.13.4' }))).toEqual([]);
  });

  it('the Python a Requires-Python fix suggests is one the rule table admits too', () => {
    // Python 3.14 with a package that stops at 3.13, beside kokoro 0.7.16 (declares >=3.7): the metadata
    // alone would suggest 3.13, where kokoro 0.7.16's misaki cannot install. The fix says 3.12.
    const env = altered({ dists: { kokoro: '0.7.16', misaki: null }, python: '3.14.0' });
    for (const d of env.probe!.distributions!) d.requiresPython = d.name === 'kokoro' ? '>=3.7' : d.requiresPython?.includes('<3.13') ? null : d.requiresPython;
    env.probe!.distributions!.push({ name: 'stops-at-313', version: '1.0', requiresPython: '<3.14', requiresDist: [], location: null, installer: 'pip' });
    const [f] = requiresPython.run(ctx(env)).filter((r) => r.key === 'stops-at-313');
    expect(f!.fixes![0]!.command).toBe('uv venv --python 3.12 .venv && uv pip install --python .venv/bin/python -r requirements.txt');
  });

  it('kokoro 0.9.4 on 3.13 is left to requires-python-violated, which reads its real Requires-Python', () => {
    const env = altered({ python: '3.13.4' });
    expect(ids(env)).toEqual([]);
    expect(requiresPython.run(ctx(env)).map((r) => r.key)).toEqual(expect.arrayContaining(['kokoro', 'misaki']));
  });

  it('on macOS arm64 the same Python limit applies, and the Linux MLX rule does not', () => {
    const mac = altered({ dists: { kokoro: '0.7.16', mlx: '0.32.4' }, python: '3.13.4', system: 'Darwin', machine: 'arm64' });
    expect(ids(mac)).toEqual(['kokoro-misaki-needs-python-below-3-13']);
    const linux = altered({ dists: { mlx: '0.32.4' } });
    expect(ids(linux)).toEqual(['mlx-linux-backend-missing']);
    expect(ids(altered({ dists: { mlx: '0.32.4', 'mlx-cpu': '0.32.4' } }))).toEqual([]);
    expect(ids(altered({ dists: { mlx: '0.26.5' } }))).toEqual([]);
  });

  it('the finding names the rule and its sources, fixes name this interpreter, and a real other interpreter is proposed', () => {
    const env = altered({ dists: { kokoro: '0.7.16' }, python: '3.13.4' });
    const other: OtherInterpreter = { path: venvs.bare, realPath: venvs.bare, source: 'path', kind: 'venv', version: bareVersion, prefix: null };
    const [f] = knownConstraint.run({ ...ctx(env, [other]), interpreterEnvVar: 'VOXWEAVE_KOKORO_PYTHON' });
    expect(f!.category).toBe('python-version');
    expect(f!.message).toContain('rule kokoro-misaki-needs-python-below-3-13');
    expect(f!.evidence).toContainEqual({ label: 'rule', value: 'kokoro-misaki-needs-python-below-3-13' });
    expect(f!.evidence).toContainEqual({ label: 'source', value: 'https://pypi.org/project/misaki/0.7.6/' });
    expect(f!.evidence).toContainEqual({ label: 'interpreter', value: 'Python 3.13.4' });
    const suggestion = f!.fixes[0]!;
    if (pep440.satisfies(bareVersion, '>=3.10,<3.13')) {
      expect(suggestion.text).toContain(`"${venvs.bare}" -m venv .venv-kokoro`);
      expect(suggestion.text).toContain('export VOXWEAVE_KOKORO_PYTHON="$PWD/.venv-kokoro/bin/python"');
    } else {
      expect(suggestion.text).toMatch(/^No interpreter on this machine satisfies/);
    }
    const coqui = knownConstraint.run(ctx(altered({ dists: { 'coqui-tts': '0.27.5' } })))[0]!;
    expect(coqui.fixes.map((x) => x.command)).toEqual([`"${venvs.torch}" -m pip install 'coqui-tts>=0.28.0'`, `"${venvs.torch}" -m pip install 'transformers<5.1'`]);
    const tts = knownConstraint.run(ctx(altered({ dists: { 'coqui-tts': null, TTS: '0.22.0' } })))[0]!;
    expect(tts.fixes[0]).toMatchObject({ command: `"${venvs.torch}" -m pip uninstall -y TTS`, runnable: false });
  });

  it('the fingerprint is the rule id and the package, not the versions', () => {
    const a = runChecks([ctx(altered({ dists: { 'coqui-tts': '0.27.5' } }))], [knownConstraint]).findings;
    const b = runChecks([ctx(altered({ dists: { 'coqui-tts': '0.27.0', transformers: '5.2.0' } }))], [knownConstraint]).findings;
    expect(a).toHaveLength(1);
    expect(a[0]!.fingerprint).toBe(b[0]!.fingerprint);
    expect(a[0]!.fingerprint).toBe(fingerprint(['known-constraint-violated', 'user', 'coqui-tts-isin-mps-friendly-removed:coqui-tts']));
  });
});

// Context beats text: the same log gets another diagnosis and other commands depending on what debug-tts knows of the machine.
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/diagnostics/classify.js';
import { SIGNATURES } from '../../src/diagnostics/registry.js';
import type { Signature, SignatureInput } from '../../src/diagnostics/signature.js';
import { loadCorpus } from './load-corpus.js';

// The S1 bridge failure, as the app printed it.
const S1 = "failed to import kokoro dependencies: No module named 'kokoro'";
const commands = (input: SignatureInput) => classify(input).fixes.flatMap((f) => (f.command ? [f.command] : []));

describe('module-not-found in context', () => {
  it('is wrong-interpreter when another interpreter imports the module, with the variable to set', () => {
    const d = classify({
      text: S1,
      env: {
        interpreter: '/usr/bin/python3',
        interpreterEnvVar: 'VOXWEAVE_KOKORO_PYTHON',
        otherInterpreters: [
          { path: '/home/u/proj/.venv/bin/python', version: '3.12.4', imports: { kokoro: true } },
          { path: '/usr/local/bin/python3.13', version: '3.13.1', imports: { kokoro: false } },
        ],
      },
    });
    expect(d.category).toBe('wrong-interpreter');
    expect(d.ruleId).toBe('module-not-found');
    expect(d.fixes[0]).toMatchObject({ kind: 'command', command: 'export VOXWEAVE_KOKORO_PYTHON="/home/u/proj/.venv/bin/python"', runnable: true });
    expect(d.fixes[0]!.verified?.how).toContain('/home/u/proj/.venv/bin/python');
    expect(d.fixes).toHaveLength(1);
    expect(d.evidence.map((e) => e.value).join('\n')).toContain('/home/u/proj/.venv/bin/python (Python 3.12.4)');
  });

  it('falls back to --python when the app variable is unknown', () => {
    const d = classify({ text: S1, env: { otherInterpreters: [{ path: '/opt/tts env/bin/python', version: null, imports: { kokoro: true } }] } });
    expect(d.category).toBe('wrong-interpreter');
    expect(d.fixes[0]!.command).toBe('debug-tts --python "/opt/tts env/bin/python"');
  });

  it('is missing-package when no other interpreter has it, with the install command for this interpreter', () => {
    const d = classify({ text: S1, env: { interpreter: '/usr/bin/python3', otherInterpreters: [{ path: '/usr/local/bin/python3.13', version: '3.13.1', imports: { kokoro: false } }] } });
    expect(d.category).toBe('missing-package');
    expect(commands({ text: S1, env: { interpreter: '/usr/bin/python3' } })).toContain('"/usr/bin/python3" -m pip install kokoro');
  });

  it('pins kokoro<0.7.6 on macOS ARM64 (README, scenario S1)', () => {
    const input = { text: S1, env: { interpreter: '/Users/me/.venv/bin/python', platform: 'darwin', machine: 'arm64' } };
    expect(commands(input)).toContain(`"/Users/me/.venv/bin/python" -m pip install 'kokoro<0.7.6'`);
    expect(commands({ text: S1, env: { interpreter: '/usr/bin/python3', platform: 'linux', machine: 'x86_64' } })).toContain('"/usr/bin/python3" -m pip install kokoro');
  });

  it('proposes a Python 3.12 environment instead of a pip install doomed on 3.13', () => {
    const d = classify({ text: S1, env: { interpreter: '/usr/bin/python3', pythonVersion: '3.13.4', interpreterEnvVar: 'VOXWEAVE_KOKORO_PYTHON' } });
    const cmds = d.fixes.flatMap((f) => (f.command ? [f.command] : []));
    expect(cmds.some((c) => c.startsWith('python3.12 -m venv'))).toBe(true);
    expect(cmds).toContain('export VOXWEAVE_KOKORO_PYTHON=~/.venvs/tts-py312/bin/python');
    expect(cmds.some((c) => c.includes('-m pip install kokoro') && c.startsWith('"/usr/bin/python3"'))).toBe(false);
  });

  it('proposes a Python below the package\'s own ceiling, never one it excludes too (piper-phonemize stops at 3.11)', () => {
    const d = classify({ text: "ModuleNotFoundError: No module named 'piper_phonemize'", env: { interpreter: '/usr/bin/python3', pythonVersion: '3.12.3' } });
    const cmds = d.fixes.flatMap((f) => (f.command ? [f.command] : []));
    expect(cmds[0]).toBe('python3.11 -m venv ~/.venvs/tts-py311 && ~/.venvs/tts-py311/bin/python -m pip install piper-phonemize');
    expect(d.fixes.find((f) => f.kind === 'advice')!.text).toContain('Use Python 3.11 or older');
  });
});

describe('fix commands across the corpus', () => {
  const interpreter = '/opt/my env/bin/python';
  const all = loadCorpus().map((e) => ({ id: e.id, d: classify({ text: e.text, env: { interpreter } }) }));

  it('always quote the interpreter in pip and python commands', () => {
    const runsPython = (c: string) => / -m (?:pip|spacy|piper)\b| -c '(?:import|from) /.test(c) && !/^python3(?:\.\d+)? -m venv /.test(c);
    const pipCommands = all.flatMap(({ d }) => d.fixes.flatMap((f) => (f.command && runsPython(f.command) ? [f.command] : [])));
    expect(pipCommands.length).toBeGreaterThan(30);
    for (const c of pipCommands) expect(c.startsWith(`"${interpreter}" `), c).toBe(true);
  });

  it('never mark destructive steps runnable', () => {
    for (const { id, d } of all) {
      for (const f of d.fixes) {
        if (f.kind === 'command' && /\b(rm|uninstall|--break-system-packages)\b/.test(f.command!)) expect(f.runnable, `${id}: ${f.command}`).toBe(false);
        if (f.kind === 'advice') expect(f.runnable).toBe(false);
      }
    }
  });

  it('give every matched diagnosis at least one fix, and evidence lines from the log', () => {
    for (const { id, d } of all.filter(({ d }) => d.ruleId)) {
      expect(d.fixes.length, id).toBeGreaterThan(0);
      expect(d.evidence.length, id).toBeGreaterThan(0);
    }
  });

  it('allowlist the exact rejected global for weights_only failures', () => {
    const d = classify({ text: 'WeightsUnpickler error: Unsupported global: GLOBAL utils.HParams was not an allowed global by default.' });
    expect(d.category).toBe('weights-only-unpickling');
    const text = d.fixes.map((f) => f.text ?? '').join('\n');
    expect(text).toContain('from utils import HParams');
    expect(text).toContain('torch.serialization.add_safe_globals([HParams])');
  });

  it('name the transformers range where a removed helper still exists', () => {
    const d = classify({ text: "ImportError: cannot import name 'isin_mps_friendly' from 'transformers.pytorch_utils'", env: { interpreter } });
    expect(d.category).toBe('api-break-import');
    expect(d.fixes[0]!.command).toBe(`"${interpreter}" -m pip install 'transformers<5.1'`);
  });

  it('say where a missing Kokoro voice goes and fetch exactly that file', () => {
    const d = classify({ text: 'FileNotFoundError: Voice file not found: /models/af_sky.pt', env: { interpreter } });
    expect(d.category).toBe('missing-asset-file');
    expect(d.fixes[0]!.command).toContain('hf_hub_download("hexgrad/Kokoro-82M", "voices/af_sky.pt")');
    expect(d.fixes[0]!.command).toContain('"/models/af_sky.pt"');
  });
});

describe('the engine', () => {
  const throwing: Signature = {
    meta: { id: 'always-throws', category: 'other', severity: 'error', title: 'a signature that breaks', sources: ['https://example.org'] },
    match: () => {
      throw new Error('boom');
    },
    fixes: () => [],
  };

  it('turns a signature that throws into a unit error and still diagnoses', () => {
    const d = classify({ text: "No module named 'kokoro'" }, [throwing, ...SIGNATURES]);
    expect(d.category).toBe('missing-package');
    expect(d.unitErrors).toEqual([expect.objectContaining({ unit: 'signature:always-throws', message: 'match: boom' })]);
  });

  it('turns a fixes() that throws into a unit error too', () => {
    const brokenFixes: Signature = { ...SIGNATURES[0]!, meta: { ...SIGNATURES[0]!.meta, id: 'broken-fixes' }, match: () => ({ confidence: 1, evidence: [], captures: {} }), fixes: () => { throw new Error('no fixes'); } };
    const d = classify({ text: 'anything' }, [brokenFixes]);
    expect(d.ruleId).toBe('broken-fixes');
    expect(d.fixes).toEqual([]);
    expect(d.unitErrors[0]!.message).toBe('fixes: no fixes');
  });

  it('prefers a specific category over other on equal confidence', () => {
    const make = (id: string, category: 'other' | 'abi-break'): Signature => ({ meta: { id, category, severity: 'error', title: id, sources: ['https://example.org'] }, match: () => ({ confidence: 0.5, evidence: [], captures: {} }), fixes: () => [] });
    const d = classify({ text: 'x' }, [make('a-generic', 'other'), make('b-specific', 'abi-break')]);
    expect(d.category).toBe('abi-break');
    expect(d.alternatives).toEqual([{ category: 'other', ruleId: 'a-generic', confidence: 0.5 }]);
  });

  it('answers other with no rule when nothing matches, pointing at the last error line, and still offers an alternative', () => {
    const d = classify({ text: 'loading...\nKeyError: 42\ndone' });
    expect(d).toMatchObject({ category: 'other', ruleId: null, confidence: 0 });
    expect(d.alternatives.length).toBeGreaterThan(0);
    expect(d.evidence).toEqual([{ label: 'line 2', value: 'KeyError: 42' }]);
  });

  it('reports a silent-degradation warning with warning severity', () => {
    const d = classify({ text: 'WARNING:root:EspeakFallback not Enabled: OOD words will be skipped' });
    expect(d).toMatchObject({ ruleId: 'espeak-fallback-disabled', severity: 'warning', category: 'native-library-missing' });
  });
});

describe('hub-offline fixes read the cache the load reads', () => {
  const text = "OSError: We couldn't connect to 'https://huggingface.co' to load this file, couldn't find it in the cached files\nhttps://huggingface.co/hexgrad/Kokoro-82M/resolve/main/config.json";
  it('fills HF_HOME/hub when HF_HOME is set, and does not suggest HF_HUB_OFFLINE=1 when it is already set', () => {
    const d = classify({ text, env: { interpreter: '/srv/app/.venv/bin/python', envVars: { HF_HOME: '/data/hf home', HF_HUB_OFFLINE: '1' } } });
    expect(d.ruleId).toBe('hub-offline');
    expect(d.fixes[0]!.title).toBe('Download hexgrad/Kokoro-82M into /data/hf home/hub, where the load looks, on a machine with network');
    expect(d.fixes[0]!.command).toBe(`HF_HOME='/data/hf home' HF_HUB_OFFLINE=0 "/srv/app/.venv/bin/python" -c 'from huggingface_hub import snapshot_download; print(snapshot_download("hexgrad/Kokoro-82M"))'`);
    expect(d.fixes.some((f) => f.command === 'export HF_HUB_OFFLINE=1')).toBe(false);
    expect(d.fixes[1]!.title).toBe('HF_HUB_OFFLINE is already set: fill /data/hf home/hub first');
  });

  it('names HF_HUB_CACHE over HF_HOME, and the default cache otherwise', () => {
    expect(classify({ text, env: { envVars: { HF_HOME: '/a', HF_HUB_CACHE: '/b/cache' } } }).fixes[0]!.title).toContain('into /b/cache,');
    const plain = classify({ text });
    expect(plain.fixes[0]!.title).toContain('into ~/.cache/huggingface/hub,');
    expect(plain.fixes.some((f) => f.command === 'export HF_HUB_OFFLINE=1')).toBe(true);
  });
});

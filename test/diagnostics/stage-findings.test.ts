// Stage failures become findings with the category their error says, from error texts real runs produced.
import { describe, expect, it } from 'vitest';
import type { Environment, Stage, StageName, Target } from '../../src/core/report-types.js';
import { STAGE_NAMES } from '../../src/core/report-types.js';
import { stageFindings } from '../../src/diagnostics/stage-findings.js';

const env: Environment = { id: 'user', role: 'user', resolution: null, executable: '/venv/bin/python', realPath: null, kind: 'venv', pythonVersion: '3.11.7', probe: null, probeFailure: null, torch: null };
const memory = { rssBeforeBytes: null, rssAfterBytes: null, peakBytes: null, maxRssBytes: null, cudaMaxReservedBytes: null };

function target(failing: StageName, error: { type: string; message: string }, status: Stage['status'] = 'failed'): Target {
  const at = STAGE_NAMES.indexOf(failing);
  const stages = STAGE_NAMES.map((name, i): Stage => {
    if (i < at) return { name, status: 'passed', durationMs: 1, startMs: i, memory, details: {} };
    if (i === at) return { name, status, durationMs: 1, startMs: i, memory, details: {}, error: { ...error, traceback: '' } };
    return { name, status: 'skipped', durationMs: 0, startMs: null, memory, details: {}, skipReason: `skipped because ${failing} failed` };
  });
  return { id: 't', family: 'x', environment: 'user', stages, timeline: [], process: { exitCode: 0, signal: null, durationMs: 9, interrupted: false } };
}

const categoryOf = (t: Target) => stageFindings([t], { environment: env, otherInterpreters: [], interpreterEnvVar: null, assets: [] })[0]?.category;

describe('stageFindings categories', () => {
  it.each([
    ['misaki fetching its spaCy model offline', 'construct-minimal', 'requests.exceptions.ConnectionError', "HTTPSConnectionPool(host='raw.githubusercontent.com', port=443): Max retries exceeded with url: /explosion/spacy-models/master/compatibility.json (Caused by NameResolutionError(...))", 'hub-offline-or-cache'],
    ['mlx without its cpu backend', 'import', 'ImportError', 'libmlx.so: cannot open shared object file: No such file or directory', 'native-library-missing'],
    ['a renamed weights key', 'load-weights', 'dtts_common.StateDictMismatch', 'Error(s) in loading state_dict for model:\n\tMissing key(s) in state_dict: "text_encoder.embed_tokens.weight".\n\tUnexpected key(s) in state_dict: "text_encoder.embed_tokens.weights".', 'missing-or-unexpected-keys'],
    ['a config that no longer fits the weights', 'load-weights', 'dtts_common.StateDictMismatch', 'Error(s) in loading state_dict for model:\n\tsize mismatch for text_encoder.embed_tokens.weight: copying a param with shape torch.Size([40, 16]) from checkpoint, the shape in current model is torch.Size([64, 16]).', 'weights-shape-mismatch'],
    ['torch 2.6 weights_only', 'load-weights', '_pickle.UnpicklingError', 'Weights only load failed. ... WeightsUnpickler error: Unsupported global: GLOBAL tts_config.TTSConfig was not an allowed global by default.', 'weights-only-unpickling'],
    ['a renamed config parameter', 'construct-minimal', 'TypeError', "StrictToy.__init__() got an unexpected keyword argument 'hidden_dim'", 'config-param-mismatch'],
    ['a voice file that is not there', 'load-voice', 'FileNotFoundError', 'Voice file not found: /models/voices/af_sky.pt', 'missing-asset-file'],
    ['an import of a missing package', 'preflight', 'ModuleNotFoundError', "No module named 'kokoro'", 'missing-package'],
  ])('%s -> %s', (_what, stage, type, message, expected) => {
    expect(categoryOf(target(stage as StageName, { type, message }))).toBe(expected);
  });

  it('a load past the memory limit is out-of-memory, and a segfault is abi-break', () => {
    expect(categoryOf(target('load-weights', { type: '', message: '' }, 'out-of-memory'))).toBe('out-of-memory');
    const crashed = target('import', { type: '', message: '' }, 'crashed');
    crashed.stages[1]!.signal = 'SIGSEGV';
    expect(categoryOf(crashed)).toBe('abi-break');
  });

  it('a submodule missing from an installed package is an API break with an upgrade, not a missing package', () => {
    const probe = { distributions: [{ name: 'packaging', version: '24.1', requiresPython: '>=3.8', requiresDist: [], location: null, installer: 'pip' }], platform: { system: 'Linux', machine: 'x86_64' }, python: { version: '3.11.7' } };
    const withProbe = { ...env, probe: probe as unknown as Environment['probe'] };
    const t = target('import', { type: 'ModuleNotFoundError', message: "No module named 'packaging.licenses'" });
    const [f] = stageFindings([t], { environment: withProbe, otherInterpreters: [], interpreterEnvVar: null, assets: [] });
    expect(f!.category).toBe('api-break-import');
    expect(f!.evidence).toContainEqual({ label: 'installed', value: 'packaging 24.1, which has no module packaging.licenses' });
    expect(f!.fixes[0]!.command).toBe(`"/venv/bin/python" -m pip install --upgrade packaging`);
    expect(f!.fixes[1]!.text).toContain('`packaging<24.1`');
    // Without the package installed it stays a missing package.
    expect(categoryOf(t)).toBe('missing-package');
  });

  it('passed and skipped stages are not findings', () => {
    const t = target('synthesize', { type: 'ValueError', message: 'audio is silent' });
    expect(stageFindings([t], { environment: env, otherInterpreters: [], interpreterEnvVar: null, assets: [] }).map((f) => f.stage)).toEqual(['synthesize']);
  });
});

describe('torch-import-failed goes through the classifier', () => {
  it('a NumPy 2 ABI break in import torch is abi-break with the signature fix first', async () => {
    const { run } = await import('../../src/analyzer/checks/torch-import-failed.js');
    const { classifyFinding } = await import('../../src/diagnostics/stage-findings.js');
    const message = 'A module that was compiled using NumPy 1.x cannot be run in\nNumPy 2.1.1 as it may crash. To support both 1.x and 2.x\nversions of NumPy, modules must be compiled with NumPy 2.0.';
    const torch = { probeVersion: '1.0.0', imported: false, version: null, importError: { type: 'ImportError', message, traceback: '' } } as unknown as Environment['torch'];
    const ctx = { environment: { ...env, torch }, otherInterpreters: [], interpreterEnvVar: null, assets: [] };
    const [result] = run(ctx);
    expect(result!.category).toBe('other');
    const f = { ruleId: 'torch-import-failed', severity: 'error' as const, title: 't', fingerprint: 'x', ...result!, category: result!.category! };
    classifyFinding(f, `ImportError: ${message}`, ctx);
    expect(f.category).toBe('abi-break');
    expect(f.fixes[0]!.command ?? f.fixes[0]!.text).toMatch(/numpy/i);
    expect(f.evidence.at(-1)!.label).toBe('signature');
  });
});

describe('a failure no signature knows', () => {
  const ctx = { environment: env, otherInterpreters: [], interpreterEnvVar: null, assets: [] };
  const traceback = [
    'Traceback (most recent call last):',
    '  File "/opt/debug-tts/src/minimal/python/stage_runner.py", line 98, in run_stage',
    '  File "/opt/debug-tts/src/minimal/python/families/kokoro.py", line 40, in construct_minimal',
    '  File "/venv/lib/python3.11/site-packages/kokoro/pipeline.py", line 117, in __init__',
    '  File "/venv/lib/python3.11/site-packages/kokoro/model.py", line 61, in check_codes',
    'ValueError: lang_code must be one of abc',
  ].join('\n');

  it('points at the innermost frame outside the runner, not at debug-tts', () => {
    const t = target('construct-minimal', { type: 'ValueError', message: 'lang_code must be one of abc' });
    t.stages.find((s) => s.name === 'construct-minimal')!.error!.traceback = traceback;
    const [f] = stageFindings([t], ctx);
    expect(f!.fixes[0]!.title).toBe('Start at /venv/lib/python3.11/site-packages/kokoro/model.py:61 (in check_codes), where ValueError is raised');
  });

  it('without a traceback, names the interpreter to rerun it with', () => {
    const [f] = stageFindings([target('construct-minimal', { type: 'ValueError', message: 'lang_code must be one of abc' })], ctx);
    expect(f!.fixes[0]!.title).toBe('Rerun the load by hand with /venv/bin/python -X faulthandler');
  });
});

/** A stage that died without raising: killed past a limit, or by a signal, with what it printed. */
function died(status: Stage['status'], extra: Partial<Stage>): Target {
  const t = target('load-weights', { type: '', message: '' }, status);
  const s = t.stages.find((x) => x.name === 'load-weights')!;
  Object.assign(s, { error: null, ...extra });
  return t;
}

const withDists = (dists: [string, string][]) => ({
  environment: { ...env, probe: { distributions: dists.map(([name, version]) => ({ name, version, requiresPython: null, requiresDist: [], location: null, installer: 'pip' })), platform: { system: 'Linux', machine: 'x86_64' }, python: { version: '3.11.7' } } as unknown as Environment['probe'] },
  otherInterpreters: [],
  interpreterEnvVar: null,
  assets: [],
});

describe('a stage that died: the classifier reads how', () => {
  const faulthandler = [
    'Fatal Python error: Segmentation fault',
    '',
    'Current thread 0x00007f3c (most recent call first):',
    '  File "/venv/lib/python3.11/site-packages/onnxruntime/capi/onnxruntime_inference_collection.py", line 472 in _create_inference_session',
    '  File "/venv/lib/python3.11/site-packages/piper/voice.py", line 61 in load',
    '  File "/opt/debug-tts/src/minimal/python/families/piper.py", line 40 in load_weights',
    '  File "/opt/debug-tts/src/minimal/python/stage_runner.py", line 98 in run_stage',
    '  File "/opt/debug-tts/src/minimal/python/stage_runner.py", line 170 in main',
  ].join('\n');

  it('a segfault names the extension in the innermost frame and its installed version', () => {
    const t = died('crashed', { signal: 'SIGSEGV', stderrTail: faulthandler });
    const [f] = stageFindings([t], withDists([['onnxruntime', '1.17.0'], ['piper-tts', '1.8.0']]));
    expect(f!.category).toBe('abi-break');
    expect(f!.title).toBe('t: onnxruntime crashed the process with SIGSEGV (stage load-weights crashed)');
    expect(f!.fixes[0]!.command).toBe(`"/venv/bin/python" -m pip install --force-reinstall --no-deps --no-cache-dir --only-binary :all: onnxruntime==1.17.0`);
    expect(f!.fixes[0]!.title).toContain('onnxruntime_inference_collection.py:472');
    expect(f!.fixes.at(-1)!.command).toBe(`gdb -batch -ex run -ex bt --args "/venv/bin/python" -X faulthandler -c 'import onnxruntime'`);
  });

  it('a stage past its time limit says where it waited, from the stack dumped before the kill', () => {
    const dump = [
      'Thread 0x00007f3d (most recent call first):',
      '  File "/usr/lib/python3.11/threading.py", line 320 in wait',
      '  File "/venv/lib/python3.11/site-packages/tqdm/_monitor.py", line 60 in run',
      '',
      'Current thread 0x00007f3c (most recent call first):',
      '  File "/usr/lib/python3.11/socket.py", line 706 in readinto',
      '  File "/venv/lib/python3.11/site-packages/huggingface_hub/file_download.py", line 1380 in hf_hub_download',
      '  File "/opt/debug-tts/src/minimal/python/families/kokoro.py", line 80 in load_weights',
      '  File "/opt/debug-tts/src/minimal/python/stage_runner.py", line 98 in run_stage',
      '  File "/opt/debug-tts/src/minimal/python/stage_runner.py", line 170 in main',
    ].join('\n');
    const t = died('timed-out', { signal: 'SIGKILL', stderrTail: dump, details: { limits: { stageTimeoutMs: 30000, memoryLimitBytes: null } } });
    const [f] = stageFindings([t], withDists([]));
    expect(f!.evidence).toContainEqual({ label: 'waiting in', value: '/usr/lib/python3.11/socket.py:706 (readinto)' });
    expect(f!.title).toBe("t: the load waited in huggingface_hub's hf_hub_download until the time limit of 30 s (stage load-weights timed out)");
    expect(f!.fixes.map((x) => x.title)).toEqual(['See what hf_hub_download waits for at /venv/lib/python3.11/site-packages/huggingface_hub/file_download.py:1380', 'If the stage is only slow, give it more than 30 s']);
    expect(f!.fixes[0]!.text).toContain('waiting in /usr/lib/python3.11/socket.py:706 (readinto)');
    expect(f!.fixes[1]!.text).toContain('`stageTimeoutSeconds: 120`');
  });

  it('a load past the memory limit says how much it needs, from the peak and the limit', () => {
    const t = died('out-of-memory', { signal: 'SIGKILL', memory: { ...memory, peakBytes: 700 * 1048576 }, details: { limits: { stageTimeoutMs: 300000, memoryLimitBytes: 512 * 1048576 } } });
    const [f] = stageFindings([t], withDists([]));
    expect(f!.category).toBe('out-of-memory');
    expect(f!.title).toBe('t: the load needs more than the 512 MiB limit (killed at 700 MiB) (stage load-weights ran out of memory)');
    expect(f!.fixes[0]!.title).toBe('Give the process at least 1280 MiB, or make load-weights load less at once');
  });
});

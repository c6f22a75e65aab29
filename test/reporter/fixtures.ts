// Report fixtures for the renderer tests: a realistic two-environment, four-target run, a hostile one, and an empty one.
import { recommendations } from '../../src/diagnostics/recommendations.js';
import type {
  Distribution,
  Environment,
  EnvProbe,
  Finding,
  Report,
  Stage,
  StageName,
  TorchProbe,
} from '../../src/core/report-types.js';
import { REPORT_VERSION, STAGE_NAMES } from '../../src/core/report-types.js';
import { crashedTarget, passingTarget, weightsMismatchTarget } from './target-fixtures.js';

const VENV = '/home/dev/voxweave/.venv';
const SITE = `${VENV}/lib/python3.11/site-packages`;
const PY = `${VENV}/bin/python`;
const PYENV_PY = '/home/dev/.pyenv/versions/3.11.9/bin/python3.11';
const ISO = '/home/dev/.cache/debug-tts/envs/kokoro-3f9a1c';
const ISO_PY = `${ISO}/bin/python`;

const TORCH_TRACEBACK = `Traceback (most recent call last):
  File "<string>", line 1, in <module>
  File "${ISO}/lib/python3.12/site-packages/torch/__init__.py", line 290, in <module>
    _load_global_deps()
  File "${ISO}/lib/python3.12/site-packages/torch/__init__.py", line 245, in _load_global_deps
    raise err
  File "${ISO}/lib/python3.12/site-packages/torch/__init__.py", line 206, in _load_global_deps
    ctypes.CDLL(global_deps_lib_path, mode=ctypes.RTLD_GLOBAL)
  File "/usr/lib/python3.12/ctypes/__init__.py", line 379, in __init__
    self._handle = _dlopen(self._name, mode)
OSError: libcudnn.so.8: cannot open shared object file: No such file or directory`;

function dist(name: string, version: string, extra: Partial<Distribution> = {}): Distribution {
  return { name, version, requiresPython: '>=3.8', requiresDist: [], location: SITE, installer: 'pip', ...extra };
}

/** ~20 distributions of a Kokoro TTS app venv, in the probe's (unsorted) order. */
function kokoroDistributions(): Distribution[] {
  return [
    dist('torch', '2.3.1+cu121', { requiresDist: ['filelock', 'typing-extensions>=4.8.0', 'sympy', 'networkx', 'jinja2', 'fsspec'] }),
    dist('kokoro', '0.9.4', { requiresPython: '>=3.10,<3.13', requiresDist: ['huggingface_hub', 'loguru', 'misaki[en]>=0.9.4', 'numpy', 'torch', 'transformers'] }),
    dist('misaki', '0.9.4', { requiresPython: '>=3.8,<3.13', requiresDist: ['addict', 'regex', 'phonemizer-fork; extra == "en"'] }),
    dist('phonemizer-fork', '3.3.2', { requiresPython: '>=3.8' }),
    dist('numpy', '1.26.4', { requiresPython: '>=3.9' }),
    dist('transformers', '4.44.2', { requiresPython: '>=3.8.0' }),
    dist('huggingface-hub', '0.24.6'),
    dist('tokenizers', '0.19.1', { requiresPython: '>=3.7' }),
    dist('safetensors', '0.4.4', { requiresPython: '>=3.7' }),
    dist('scipy', '1.13.1', { requiresPython: '>=3.9' }),
    dist('soundfile', '0.12.1', { requiresPython: null }),
    dist('loguru', '0.7.2', { requiresPython: '>=3.5' }),
    dist('regex', '2024.7.24'),
    dist('filelock', '3.15.4'),
    dist('fsspec', '2024.6.1'),
    dist('Jinja2', '3.1.4', { requiresPython: '>=3.7' }),
    dist('networkx', '3.3', { requiresPython: '>=3.10' }),
    dist('sympy', '1.13.2'),
    dist('typing_extensions', '4.12.2'),
    dist('tqdm', '4.66.5', { requiresPython: '>=3.7' }),
    dist('pip', '24.2'),
    dist('setuptools', '72.1.0', { installer: null }),
  ];
}

export function healthyProbe(): EnvProbe {
  return {
    probeVersion: '1.0.0',
    python: { executable: PY, version: '3.11.9', versionInfo: [3, 11, 9, 'final', 0], implementation: 'cpython', compiler: 'GCC 12.2.0', bits: 64 },
    platform: {
      system: 'Linux',
      release: '6.8.0-45-generic',
      machine: 'x86_64',
      platform: 'Linux-6.8.0-45-generic-x86_64-with-glibc2.39',
      libc: { name: 'glibc', version: '2.39' },
      osName: 'Ubuntu 24.04.1 LTS',
      macVersion: null,
    },
    prefixes: {
      prefix: VENV,
      basePrefix: '/home/dev/.pyenv/versions/3.11.9',
      execPrefix: VENV,
      isVenv: true,
      pyvenvCfg: { home: '/home/dev/.pyenv/versions/3.11.9/bin', 'include-system-site-packages': 'false', version: '3.11.9' },
      isConda: false,
      condaPrefix: null,
    },
    paths: {
      sitePackages: [SITE],
      userSite: '/home/dev/.local/lib/python3.11/site-packages',
      userSiteEnabled: false,
      sysPath: ['/home/dev/.pyenv/versions/3.11.9/lib/python311.zip', '/home/dev/.pyenv/versions/3.11.9/lib/python3.11', '/home/dev/.pyenv/versions/3.11.9/lib/python3.11/lib-dynload', SITE],
    },
    distributions: kokoroDistributions(),
    shadowedDistributions: [{ name: 'numpy', versions: ['1.26.4', '2.1.1'], locations: [SITE, '/home/dev/.local/lib/python3.11/site-packages'] }],
    pip: { available: true, version: '24.2' },
    espeak: { library: null, binary: null, phonemizerLibraryEnv: null, loaderPackageLibrary: null },
    envVars: {
      HF_HOME: '/home/dev/.cache/huggingface',
      HF_HUB_OFFLINE: '1',
      PATH: `${VENV}/bin:/home/dev/.pyenv/shims:/usr/local/bin:/usr/bin:/bin`,
      PIP_INDEX_URL: 'https://<redacted>@pypi.internal.example/simple',
      VIRTUAL_ENV: VENV,
    },
    resources: {
      cpuCount: 16,
      memTotalBytes: 33_520_504_832,
      memAvailableBytes: 21_474_836_480,
      diskFreeBytes: { cwd: 118_111_600_640, prefix: 118_111_600_640, hfCache: 118_111_600_640 },
    },
    errors: {},
  };
}

function healthyTorch(): TorchProbe {
  return {
    probeVersion: '1.0.0',
    imported: true,
    version: '2.3.1+cu121',
    debugBuild: false,
    cudaBuild: '12.1',
    cudaAvailable: true,
    cudaDeviceCount: 1,
    cudaDevices: [{ name: 'NVIDIA GeForce RTX 4070', totalMemoryBytes: 12_878_086_144, capability: '8.9' }],
    cudnnVersion: 8902,
    mpsBuilt: false,
    mpsAvailable: false,
    numThreads: 8,
    importError: null,
    importSeconds: 1.84,
    errors: {},
  };
}

function brokenTorch(): TorchProbe {
  return {
    probeVersion: '1.0.0',
    imported: false,
    version: null,
    debugBuild: null,
    cudaBuild: null,
    cudaAvailable: null,
    cudaDeviceCount: null,
    cudaDevices: null,
    cudnnVersion: null,
    mpsBuilt: null,
    mpsAvailable: null,
    numThreads: null,
    importError: { type: 'OSError', message: 'libcudnn.so.8: cannot open shared object file: No such file or directory', traceback: TORCH_TRACEBACK },
    importSeconds: 0.41,
    errors: {},
  };
}

function userEnvironment(): Environment {
  return {
    id: 'user',
    role: 'user',
    resolution: {
      rule: 'VIRTUAL_ENV',
      requested: PY,
      commandPath: PY,
      steps: [
        { rule: 'flag', source: '--python', value: null, outcome: 'not-set' },
        { rule: 'config', source: 'debug-tts.config.json "python"', value: null, outcome: 'not-set' },
        { rule: 'DEBUG_TTS_PYTHON', source: 'DEBUG_TTS_PYTHON=<unset>', value: null, outcome: 'not-set' },
        { rule: 'app-env', source: 'VOXWEAVE_KOKORO_PYTHON=<unset>', value: null, outcome: 'not-set' },
        { rule: 'VIRTUAL_ENV', source: `VIRTUAL_ENV=${VENV}`, value: PY, outcome: 'chosen' },
        { rule: 'project-venv', source: './.venv', value: PY, outcome: 'shadowed' },
        { rule: 'path', source: 'python3 on PATH', value: '/usr/bin/python3', outcome: 'shadowed' },
      ],
      explanation: `VIRTUAL_ENV is set, so the app runs ${PY} (Python 3.11.9 in a venv).`,
    },
    executable: PY,
    realPath: PYENV_PY,
    kind: 'venv',
    pythonVersion: '3.11.9',
    probe: healthyProbe(),
    probeFailure: null,
    torch: healthyTorch(),
  };
}

function isolatedEnvironment(): Environment {
  const probe = healthyProbe();
  probe.python = { ...probe.python, executable: ISO_PY, version: '3.12.3', versionInfo: [3, 12, 3, 'final', 0] };
  probe.prefixes = { ...probe.prefixes, prefix: ISO, execPrefix: ISO, basePrefix: '/usr', pyvenvCfg: { home: '/usr/bin' } };
  probe.paths = { sitePackages: [`${ISO}/lib/python3.12/site-packages`], userSite: null, userSiteEnabled: false, sysPath: null };
  probe.distributions = [dist('torch', '2.3.1', { location: `${ISO}/lib/python3.12/site-packages` }), dist('kokoro', '0.9.4', { location: `${ISO}/lib/python3.12/site-packages` })];
  probe.shadowedDistributions = [];
  probe.envVars = null;
  probe.resources = { cpuCount: 16, memTotalBytes: null, memAvailableBytes: null, diskFreeBytes: null };
  probe.errors = {
    envVars: 'could not collect: PermissionError: [Errno 13] Permission denied',
    'resources.memory': 'could not collect: FileNotFoundError: /proc/meminfo',
  };
  return {
    id: 'isolated-kokoro',
    role: 'isolated',
    resolution: null,
    executable: ISO_PY,
    realPath: '/usr/bin/python3.12',
    kind: 'venv',
    pythonVersion: '3.12.3',
    probe,
    probeFailure: null,
    torch: brokenTorch(),
  };
}

function sampleFindings(): Finding[] {
  return [
    {
      ruleId: 'espeak-library-missing',
      category: 'native-library-missing',
      severity: 'warning',
      title: 'espeak-ng is missing for an installed phonemizer',
      message: 'kokoro, misaki, phonemizer-fork phonemize through espeak-ng, but no libespeak-ng was found (system library search, espeakng-loader, PHONEMIZER_ESPEAK_LIBRARY).',
      environment: 'user',
      evidence: [
        { label: 'needs espeak-ng', value: 'kokoro==0.9.4, misaki==0.9.4, phonemizer-fork==3.3.2' },
        { label: 'ctypes.util.find_library("espeak-ng")', value: 'None' },
        { label: 'espeak-ng binary', value: 'not on PATH' },
      ],
      fixes: [
        { kind: 'command', title: 'Install the espeak-ng library (Debian/Ubuntu)', command: 'sudo apt-get install -y espeak-ng', runnable: true, verified: null },
        { kind: 'command', title: 'Or install the bundled library into this interpreter', command: `"${PY}" -m pip install espeakng-loader`, runnable: true, verified: { how: 'espeakng_loader.get_library_path() returned a loadable library in a scratch venv' } },
        { kind: 'advice', title: 'Or point phonemizer at a library', text: 'Set PHONEMIZER_ESPEAK_LIBRARY to the full path of libespeak-ng (.so / .dylib / .dll).', runnable: false },
      ],
      fingerprint: '5d1c0a9e7b3f2468',
    },
    {
      ruleId: 'torch-import-failed',
      category: 'native-library-missing',
      severity: 'error',
      title: 'torch cannot be imported',
      message: '`import torch` fails in this interpreter, so no model can load.\nThe CUDA build of torch needs cuDNN 8, which is not installed.',
      environment: 'isolated-kokoro',
      stage: 'import',
      evidence: [
        { label: 'error', value: 'OSError: libcudnn.so.8: cannot open shared object file: No such file or directory' },
        { label: 'traceback', value: TORCH_TRACEBACK },
      ],
      fixes: [
        { kind: 'command', title: 'Reinstall torch with its CUDA libraries', command: `"${ISO_PY}" -m pip install --force-reinstall 'torch==2.3.1' --index-url https://download.pytorch.org/whl/cu121`, runnable: true, verified: null },
        { kind: 'advice', title: 'Or use the CPU build', text: 'If this machine has no NVIDIA GPU, install the CPU wheel from https://download.pytorch.org/whl/cpu instead.', runnable: false },
      ],
      fingerprint: '9f2e41b07c6d3a15',
    },
    {
      ruleId: 'distribution-shadowed',
      category: 'dependency-conflict',
      severity: 'warning',
      title: 'numpy is installed twice; the user site copy is shadowed',
      message: 'numpy 1.26.4 (venv) shadows numpy 2.1.1 in the user site. Code that edits sys.path can pick up the other one.',
      environment: 'user',
      evidence: [{ label: 'locations', value: `${SITE}\n/home/dev/.local/lib/python3.11/site-packages` }],
      fixes: [
        { kind: 'command', title: 'Remove the user-site copy', command: 'python3 -m pip uninstall --user numpy', runnable: false, verified: null },
      ],
      fingerprint: '0a7b3c9d1e2f4650',
    },
    {
      ruleId: 'hub-offline-set',
      category: 'hub-offline-or-cache',
      severity: 'info',
      title: 'HF_HUB_OFFLINE is set',
      message: 'Hugging Face downloads are disabled: every model and voice file must already be in the cache.',
      environment: 'user',
      evidence: [{ label: 'HF_HUB_OFFLINE', value: '1' }],
      fixes: [{ kind: 'advice', title: 'Pre-fetch while online', text: 'Run huggingface-cli download hexgrad/Kokoro-82M once with network access, then set HF_HUB_OFFLINE=1 again.', runnable: false }],
      fingerprint: 'c3d4e5f60718293a',
    },
  ];
}

function stage(name: StageName, status: Stage['status'], durationMs: number, startMs: number | null, extra: Partial<Stage> = {}): Stage {
  return {
    name,
    status,
    durationMs,
    startMs,
    memory: { rssBeforeBytes: null, rssAfterBytes: null, peakBytes: null, maxRssBytes: null, cudaMaxReservedBytes: null },
    details: {},
    ...extra,
  };
}

function kokoroTarget(): Report['targets'][number] {
  const stages = STAGE_NAMES.map((name): Stage => {
    if (name === 'preflight') return stage(name, 'passed', 35, 120);
    if (name === 'import') {
      const memory = { rssBeforeBytes: 9_830_400, rssAfterBytes: null, peakBytes: 201_326_592, maxRssBytes: 201_326_592, cudaMaxReservedBytes: null };
      return stage(name, 'failed', 410, 160, { memory, error: { type: 'OSError', message: 'libcudnn.so.8: cannot open shared object file', traceback: TORCH_TRACEBACK } });
    }
    return stage(name, 'skipped', 0, null, { skipReason: 'import failed' });
  });
  return {
    id: 'kokoro',
    family: 'kokoro',
    environment: 'isolated-kokoro',
    stages,
    timeline: [[0, 9_830_400], [100, 48_234_496], [200, 161_480_704], [300, 201_326_592]],
    process: { exitCode: 1, signal: null, durationMs: 742, interrupted: false },
  };
}

export function sampleReport(): Report {
  const report: Report = {
    recommendations: [],
    reportVersion: REPORT_VERSION,
    tool: { name: 'debug-tts', version: '0.1.0' },
    run: {
      argv: ['run', '--python', PY, '-o', 'debug report'],
      cwd: '/home/dev/voxweave',
      startedAt: '2025-03-14T02:07:11.482Z',
      finishedAt: '2025-03-14T02:07:15.701Z',
      durationMs: 4219,
      host: { hostname: 'dev-box', platform: 'linux', arch: 'x64', node: 'v20.17.0' },
      configFile: '/home/dev/voxweave/debug-tts.config.json',
      fromArtifacts: null,
      interrupted: false,
    },
    environments: [userEnvironment(), isolatedEnvironment()],
    otherInterpreters: [
      { path: '/usr/bin/python3', realPath: '/usr/bin/python3.12', source: 'system', kind: 'system', version: '3.12.3', prefix: '/usr' },
      { path: '/home/dev/.pyenv/versions/3.11.9/bin/python3', realPath: PYENV_PY, source: 'pyenv', kind: 'pyenv', version: '3.11.9', prefix: '/home/dev/.pyenv/versions/3.11.9' },
      { path: '/opt/miniconda3/bin/python', realPath: '/opt/miniconda3/bin/python3.10', source: 'conda', kind: 'conda', version: '3.10.14', prefix: '/opt/miniconda3' },
      { path: '/home/dev/old-venv/bin/python', realPath: '/home/dev/old-venv/bin/python', source: 'project-venv', kind: 'venv', version: null, prefix: null, error: 'spawn ENOENT: the venv points at a Python that no longer exists' },
    ],
    targets: [passingTarget(), weightsMismatchTarget(), crashedTarget(), kokoroTarget()],
    findings: sampleFindings(),
    unitErrors: [{ unit: 'requires-python-violated', message: 'Invalid specifier: ">=3.8.*"', stack: 'Error: Invalid specifier: ">=3.8.*"\n    at parse (src/analyzer/checks/requires-python-violated.ts:31:11)' }],
    summary: { status: 'problems', counts: { error: 1, warning: 2, info: 1 }, headline: 'torch cannot be imported (and 2 more problems).' },
  };
  report.recommendations = recommendations(report.findings);
  return report;
}

export const HOSTILE = {
  script: '<script>alert(1)</script>',
  img: '"><img src=x onerror=alert(2)>',
  attr: "' onmouseover='x",
  mustache: '{{constructor}}',
  ansi: '\u001b]0;pwned\u0007\u001b[2J',
} as const;

const ALL_HOSTILE = `${HOSTILE.script} ${HOSTILE.img} ${HOSTILE.attr} ${HOSTILE.mustache}`;

/** Every place untrusted text reaches: finding fields, a path, an env var value, a distribution name. */
export function hostileReport(): Report {
  const r = sampleReport();
  const f = r.findings[0]!;
  f.title = `espeak ${ALL_HOSTILE}`;
  f.message = `message ${ALL_HOSTILE}`;
  f.environment = HOSTILE.img;
  f.evidence = [{ label: HOSTILE.script, value: ALL_HOSTILE }, { label: 'multi-line', value: `${HOSTILE.script}\n${HOSTILE.img}` }];
  f.fixes = [
    { kind: 'command', title: HOSTILE.attr, command: `echo ${ALL_HOSTILE}`, runnable: true, verified: { how: HOSTILE.img } },
    { kind: 'advice', title: 'advice', text: ALL_HOSTILE, runnable: false },
  ];
  r.findings[1]!.title = `torch ${HOSTILE.ansi} cannot be imported`;
  r.summary.headline = `${f.title}.`;
  const env = r.environments[0]!;
  env.executable = `/home/${HOSTILE.img}/bin/python`;
  env.resolution!.explanation = ALL_HOSTILE;
  env.probe!.envVars!.PYTHONPATH = ALL_HOSTILE;
  env.probe!.distributions!.push({ name: HOSTILE.script, version: HOSTILE.mustache, requiresPython: HOSTILE.attr, requiresDist: [], location: HOSTILE.img, installer: 'pip' });
  env.torch!.cudaDevices![0]!.name = HOSTILE.script;
  r.otherInterpreters[0]!.path = `/usr/bin/${HOSTILE.img}`;
  r.unitErrors[0]!.message = ALL_HOSTILE;
  r.run.argv.push(HOSTILE.script);
  r.targets[0]!.id = HOSTILE.img;
  r.targets[0]!.family = HOSTILE.script;
  r.targets[0]!.stages[0]!.details = { [HOSTILE.script]: ALL_HOSTILE, list: [HOSTILE.img, HOSTILE.attr], nested: { [HOSTILE.attr]: { deep: HOSTILE.script } } };
  const failed = r.targets[1]!.stages.find((s) => s.status === 'failed')!;
  failed.error = { type: HOSTILE.script, message: `${ALL_HOSTILE} ${HOSTILE.ansi}`, traceback: `Traceback\n${ALL_HOSTILE}` };
  failed.details = { ...failed.details, missing: [HOSTILE.script, HOSTILE.img] };
  const crashed = r.targets[2]!.stages.find((s) => s.status === 'crashed')!;
  crashed.stderrTail = `${ALL_HOSTILE}\n${HOSTILE.ansi}`;
  crashed.skipReason = HOSTILE.img;
  crashed.signal = HOSTILE.script;
  r.recommendations = recommendations(r.findings);
  return r;
}

/** The least a report can hold: nothing probed, nothing found, every nullable field null. */
export function emptyReport(): Report {
  const report: Report = {
    recommendations: [],
    reportVersion: REPORT_VERSION,
    tool: { name: 'debug-tts', version: '0.1.0' },
    run: {
      argv: [],
      cwd: '/',
      startedAt: '2025-03-14T02:07:11.482Z',
      finishedAt: '2025-03-14T02:07:11.482Z',
      durationMs: 0,
      host: { hostname: 'h', platform: 'linux', arch: 'x64', node: 'v20.0.0' },
      configFile: null,
      fromArtifacts: null,
      interrupted: false,
    },
    environments: [],
    otherInterpreters: [],
    targets: [],
    findings: [],
    unitErrors: [],
    summary: { status: 'ok', counts: { error: 0, warning: 0, info: 0 }, headline: 'No problems found.' },
  };
  report.recommendations = recommendations(report.findings);
  return report;
}

/** An environment the probe could not run in: no probe, no torch, no resolution. */
export function unprobedEnvironment(): Environment {
  return {
    id: 'user',
    role: 'user',
    resolution: null,
    executable: null,
    realPath: null,
    kind: 'unknown',
    pythonVersion: null,
    probe: null,
    probeFailure: { kind: 'signal', message: 'python was killed by SIGSEGV during the probe', exitCode: null, signal: 'SIGSEGV', stderrTail: 'Fatal Python error: Segmentation fault\n\nCurrent thread 0x00007f (most recent call first):\n  <no Python frame>' },
    torch: null,
  };
}

/** A probe in which every optional part is null (each collector failed), with the reasons. */
export function nullProbe(): EnvProbe {
  return {
    probeVersion: '1.0.0',
    python: { executable: null, version: null, versionInfo: null, implementation: null, compiler: null, bits: null },
    platform: { system: null, release: null, machine: null, platform: null, libc: null, osName: null, macVersion: null },
    prefixes: { prefix: null, basePrefix: null, execPrefix: null, isVenv: null, pyvenvCfg: null, isConda: null, condaPrefix: null },
    paths: { sitePackages: null, userSite: null, userSiteEnabled: null, sysPath: null },
    distributions: null,
    shadowedDistributions: null,
    pip: null,
    espeak: null,
    envVars: null,
    resources: { cpuCount: null, memTotalBytes: null, memAvailableBytes: null, diskFreeBytes: null },
    errors: { distributions: 'could not collect: ImportError: importlib.metadata', pip: 'could not collect: timeout' },
  };
}

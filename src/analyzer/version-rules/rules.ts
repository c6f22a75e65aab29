// The table of known version constraints that package metadata does not state, each with its public source.
import type { VersionRule } from './rule.js';

// Left out on purpose, because the metadata already says it and requires-python-violated reports it:
// misaki >= 0.7.6 (Requires-Python <3.13), kokoro >= 0.8.1 (<3.13), TTS 0.22.0 (<3.12),
// coqui-tts 0.24-0.27.4 (<3.13) and 0.27.5+ (<3.15).

export const VERSION_RULES: readonly VersionRule[] = [
  {
    id: 'kokoro-misaki-needs-python-below-3-13',
    category: 'python-version',
    severity: 'error',
    title: 'This kokoro needs misaki, which does not support this Python',
    when: { package: 'kokoro', version: '>=0.7.6,<0.8.1', python: '>=3.13' },
    message:
      'kokoro {version} declares no upper Python bound, but it requires misaki[en] 0.7.6 or later, and every misaki since 0.7.6 declares Requires-Python <3.13. On Python {python} pip cannot install that misaki, so `import kokoro` fails on its G2P (No module named \'misaki\'), or misaki was forced in and runs unsupported.',
    fix: [
      { title: 'Run kokoro on a Python below 3.13 (3.10-3.12)', python: '>=3.10,<3.13', install: ['kokoro'] },
      {
        title: 'Or pin kokoro<0.7.6 (the pin of scenarios S1) and know its cost',
        advice:
          'kokoro<0.7.6 requires misaki<0.7.6, which declared no Python bound, so pip can resolve it on Python {python}; but those kokoro releases pin numpy==1.26.4, which has no wheel for Python 3.13 and is built from source. Prefer an interpreter below 3.13.',
      },
    ],
    source: ['https://pypi.org/project/kokoro/0.7.16/', 'https://pypi.org/project/misaki/0.7.6/', 'https://github.com/hexgrad/kokoro/issues/342'],
    verified:
      'Wheel METADATA: kokoro 0.7.6 and 0.7.16 declare Requires-Python >=3.7 and Requires-Dist misaki[en]>=<own version>; misaki 0.7.4 declares >=3.7, misaki 0.7.6, 0.7.16, 0.8.1 and 0.9.4 declare <3.13,>=3.8; kokoro 0.8.1+ declares <3.13 itself (pip lists it as ignored on 3.13 in hexgrad/kokoro#342).',
    notInMetadata:
      'kokoro 0.7.6-0.8.0 declare Requires-Python >=3.7, so requires-python-violated has nothing to say about kokoro itself; misaki is only reported when it is installed.',
  },
  {
    id: 'mlx-linux-backend-missing',
    category: 'platform-constraint',
    severity: 'error',
    title: 'MLX on Linux has no backend installed',
    when: { package: 'mlx', version: '>=0.27.1', system: ['Linux'] },
    requiresAnyOf: ['mlx-cpu', 'mlx-cuda', 'mlx-cuda-12', 'mlx-cuda-13'],
    message:
      'mlx {version} on Linux is only the Python front end: libmlx.so comes from a backend package, mlx[cpu] (mlx-cpu) or mlx[cuda] (mlx-cuda, mlx-cuda-12/13), and none is installed, so `import mlx.core` fails with "libmlx.so: cannot open shared object file". Packages such as mlx-audio depend on plain mlx, so installing them on Linux brings no backend.',
    fix: [
      { title: 'Install the CPU backend of the same mlx release', pip: ['install', 'mlx[cpu]=={version}'] },
      { title: 'Or, with an NVIDIA GPU (SM 7.5+, driver 550+), the CUDA backend', pip: ['install', 'mlx[cuda]=={version}'] },
    ],
    source: ['https://github.com/ml-explore/mlx/issues/2500', 'https://ml-explore.github.io/mlx/build/html/install.html', 'https://pypi.org/project/mlx/0.27.1/'],
    verified:
      'mlx metadata: 0.26.5 has no Linux backend requirement; 0.27.1-0.30.0 list mlx-cpu / mlx-cuda only under the cpu / cuda extras on Linux, 0.32.4 adds mlx-cuda-12 / mlx-cuda-13. On Linux, mlx 0.32.4 as mlx-audio 0.6.2 installs it fails `import mlx.core` on libmlx.so, and imports once mlx[cpu]==0.32.4 is installed.',
    notInMetadata: 'The backend is an optional extra (mlx[cpu] / mlx[cuda]), so nothing pip checks is violated when it is missing.',
  },
  {
    id: 'coqui-tts-xtts-generate-missing',
    category: 'api-break-import',
    severity: 'error',
    title: 'XTTS of this coqui-tts cannot generate with this transformers',
    when: { package: 'coqui-tts', version: '<0.24.3' },
    conflictsWith: { package: 'transformers', version: '>=4.52' },
    message:
      "coqui-tts {version}'s XTTS GPT2InferenceModel relies on PreTrainedModel inheriting GenerationMixin, which transformers dropped in 4.52 ({other} {otherVersion} here): synthesis fails with 'GPT2InferenceModel' object has no attribute 'generate', and from transformers 4.57 the XTTS import itself fails (BeamSearchScorer).",
    fix: [
      { title: 'Upgrade coqui-tts (0.24.3 and later inherit GenerationMixin themselves)', pip: ['install', '--upgrade', 'coqui-tts'] },
      { title: 'Or keep this coqui-tts with a transformers that still has the old behaviour', pip: ['install', 'transformers<4.52'] },
    ],
    source: ['https://github.com/idiap/coqui-ai-TTS/issues/523', 'https://github.com/coqui-ai/TTS/issues/4290', 'https://pypi.org/project/transformers/4.52.1/'],
    verified:
      'transformers wheels: PreTrainedModel lists GenerationMixin among its bases in 4.51.3 and not in 4.52.1 (PyPI has no 4.52.0). coqui-tts wheels: TTS/tts/layers/xtts/gpt_inference.py defines GPT2InferenceModel(GPT2PreTrainedModel) in 0.22.1-0.24.2 and (GPT2PreTrainedModel, GenerationMixin) from 0.24.3.',
    notInMetadata: 'coqui-tts 0.22.1-0.24.x require transformers>=4.33 / >=4.43 with no upper bound, so pip installs a transformers they cannot generate with.',
  },
  {
    id: 'tts-xtts-transformers-too-new',
    category: 'api-break-import',
    severity: 'error',
    title: 'The original Coqui TTS package cannot run XTTS with this transformers',
    when: { package: 'TTS', version: '>=0.20.0,<=0.22.0' },
    conflictsWith: { package: 'transformers', version: '>=4.52' },
    message:
      "TTS {version} (coqui-ai, no longer maintained) defines XTTS's GPT2InferenceModel without GenerationMixin, which transformers dropped from PreTrainedModel in 4.52 ({other} {otherVersion} here): synthesis fails with 'GPT2InferenceModel' object has no attribute 'generate', and from transformers 4.57 `from TTS.tts.models.xtts import Xtts` fails with cannot import name 'BeamSearchScorer'.",
    fix: [
      { title: 'Move to the maintained fork: remove TTS (same `TTS` module)', pip: ['uninstall', '-y', 'TTS'], runnable: false },
      { title: 'then install coqui-tts, which follows transformers releases', pip: ['install', 'coqui-tts'] },
      { title: 'Or keep TTS {version} with a transformers it was written for', pip: ['install', 'transformers<4.52'] },
    ],
    source: ['https://github.com/coqui-ai/TTS/issues/4290', 'https://github.com/coqui-ai/TTS/issues/4388', 'https://github.com/coqui-ai/TTS/issues/4420'],
    verified:
      'TTS 0.20.0, 0.21.3 and 0.22.0 wheels: GPT2InferenceModel(GPT2PreTrainedModel) and stream_generator.py imports BeamSearchScorer from transformers (xtts.py imports stream_generator). transformers wheels: GenerationMixin is a PreTrainedModel base in 4.51.3, not in 4.52.1; BeamSearchScorer is exported at the top level in 4.56.2, not in 4.57.0 (huggingface/transformers#40495, per coqui-ai/TTS#4388).',
    notInMetadata: 'TTS 0.21-0.22 require transformers>=4.33.0 with no upper bound.',
  },
  {
    id: 'coqui-tts-beam-search-scorer-removed',
    category: 'api-break-import',
    severity: 'error',
    title: "This coqui-tts's XTTS imports BeamSearchScorer, which this transformers no longer exports",
    when: { package: 'coqui-tts', version: '>=0.24.3,<0.27.0' },
    conflictsWith: { package: 'transformers', version: '>=4.57' },
    message:
      "coqui-tts {version}'s XTTS stream generator does `from transformers import BeamSearchScorer`, which transformers stopped exporting in 4.57 ({other} {otherVersion} here): importing XTTS fails with cannot import name 'BeamSearchScorer' from 'transformers'.",
    fix: [
      { title: 'Upgrade coqui-tts (0.27.0 dropped the import)', pip: ['install', '--upgrade', 'coqui-tts'] },
      { title: 'Or keep this coqui-tts with a transformers that still exports it', pip: ['install', 'transformers<4.57'] },
    ],
    source: ['https://github.com/coqui-ai/TTS/issues/4388', 'https://github.com/coqui-ai/TTS/issues/4420', 'https://pypi.org/project/transformers/4.57.0/'],
    verified:
      'transformers/__init__.py exports BeamSearchScorer in 4.56.0 and 4.56.2, not in 4.57.0 or 4.57.6. coqui-tts wheels 0.24.3, 0.25.x and 0.26.x import it in TTS/tts/layers/xtts/stream_generator.py; 0.27.0 does not.',
    notInMetadata:
      'coqui-tts 0.24.3 and 0.26.0 declare transformers>=4.43.0 / >=4.47.0 with no upper bound. 0.25.x (<=4.46.2) and 0.26.2 (<4.52) do bound it, but a later `pip install -U transformers` for another package only warns about them, and debug-tts reads no Requires-Dist yet.',
  },
  {
    id: 'coqui-tts-isin-mps-friendly-removed',
    category: 'api-break-import',
    severity: 'error',
    title: "This coqui-tts imports isin_mps_friendly, which this transformers removed",
    when: { package: 'coqui-tts', version: '>=0.27.0,<0.28.0' },
    conflictsWith: { package: 'transformers', version: '>=5.1' },
    message:
      "coqui-tts {version}'s XTTS (TTS/tts/layers/xtts/gpt.py) imports TTS/tts/layers/tortoise/autoregressive.py, which does `from transformers.pytorch_utils import isin_mps_friendly`; transformers 5.1 removed it ({other} {otherVersion} here), so loading XTTS fails with cannot import name 'isin_mps_friendly'.",
    fix: [
      { title: 'Upgrade coqui-tts (0.28.0 ships its own isin)', pip: ['install', 'coqui-tts>=0.28.0'] },
      { title: 'Or keep this coqui-tts with transformers 5.0, the last one that has it', pip: ['install', 'transformers<5.1'] },
    ],
    source: ['https://github.com/idiap/coqui-ai-TTS/issues/558', 'https://github.com/coqui-ai/TTS/issues/4406', 'https://github.com/idiap/coqui-ai-TTS/pull/572'],
    verified:
      'transformers/pytorch_utils.py defines isin_mps_friendly in 5.0.0, not in 5.1.0. coqui-tts 0.27.0 and 0.27.5 import it unconditionally; 0.25.x-0.26.x read it only for transformers>=4.45 (at module import, so they break too, but their BeamSearchScorer import already fails from 4.57); 0.28.0 defines its own isin.',
    notInMetadata: 'coqui-tts 0.27.x require transformers>=4.52.1 / >=4.57 with no upper bound.',
  },
  {
    id: 'torch-built-for-numpy-1',
    category: 'abi-break',
    severity: 'error',
    title: 'This torch was built for NumPy 1.x and NumPy 2 is installed',
    when: { package: 'torch', version: '<2.3' },
    conflictsWith: { package: 'numpy', version: '>=2' },
    message:
      'torch {version} was compiled against NumPy 1.x; with {other} {otherVersion} `import torch` warns "A module that was compiled using NumPy 1.x cannot be run in NumPy 2" and every tensor <-> array conversion fails (RuntimeError: Numpy is not available), which is how TTS code hands audio back.',
    fix: [
      { title: 'Install NumPy 1.x next to this torch', pip: ['install', 'numpy<2'] },
      { title: 'Or upgrade torch (2.3 and later are built against NumPy 2)', advice: 'Install torch>=2.3 from the index that matches your CUDA or CPU build (pytorch.org/get-started), then keep numpy 2.' },
    ],
    source: ['https://github.com/pytorch/pytorch/issues/107302', 'https://github.com/TorchIO-project/torchio/pull/1183', 'https://github.com/securefederatedai/openfederatedlearning/issues/999'],
    verified: 'pytorch/pytorch#107302: 2.3.0 validated with numpy 2.0.0rc1 and 1.26.4; torchio#1183 and openfederatedlearning#999 show torch 2.2.x failing under numpy 2.0.',
    notInMetadata: 'torch declares no numpy requirement at all (NumPy is optional for it), so pip never keeps NumPy 2 away from an old torch.',
  },
  {
    id: 'onnxruntime-built-for-numpy-1',
    category: 'abi-break',
    severity: 'error',
    title: 'This onnxruntime was built for NumPy 1.x and NumPy 2 is installed',
    when: { package: 'onnxruntime', version: '<1.19' },
    conflictsWith: { package: 'numpy', version: '>=2' },
    message:
      'onnxruntime {version} was compiled against NumPy 1.x; with {other} {otherVersion} `import onnxruntime` fails with "A module that was compiled using NumPy 1.x cannot be run in NumPy 2". Piper and kokoro-onnx load their voices through it.',
    fix: [
      { title: 'Upgrade onnxruntime (1.19 and later support NumPy 2)', pip: ['install', 'onnxruntime>=1.19'] },
      { title: 'Or install NumPy 1.x next to this onnxruntime', pip: ['install', 'numpy<2'] },
    ],
    source: ['https://github.com/microsoft/onnxruntime/issues/21063', 'https://github.com/microsoft/onnxruntime/releases/tag/v1.19.0', 'https://github.com/chroma-core/chroma/issues/2359'],
    verified: 'microsoft/onnxruntime#21063: 1.18.0 fails under numpy 2.0.0, 1.19.0 is compatible; onnxruntime metadata: 1.17.3 and 1.18.0 require numpy>=1.24.2, 1.18.1 numpy<2.0,>=1.21.6, 1.19.0 numpy>=1.21.6.',
    notInMetadata: 'onnxruntime 1.18.0 and earlier declare numpy>=1.24.2 with no upper bound.',
  },
  {
    id: 'thinc-built-for-numpy-1',
    category: 'abi-break',
    severity: 'error',
    title: "spaCy's thinc was built for NumPy 1.x and NumPy 2 is installed",
    when: { package: 'thinc', version: '<8.3.0' },
    conflictsWith: { package: 'numpy', version: '>=2' },
    message:
      'thinc {version} (spaCy\'s ML layer, pulled in by misaki[en] for Kokoro\'s English G2P) was compiled against NumPy 1.x; with {other} {otherVersion} `import spacy` fails with "numpy.dtype size changed, may indicate binary incompatibility".',
    fix: [
      { title: 'Upgrade spaCy and thinc to the releases built for NumPy 2 (spaCy 3.8, thinc 8.3)', pip: ['install', '--upgrade', 'spacy', 'thinc>=8.3.0'] },
      { title: 'Or install NumPy 1.x next to this thinc', pip: ['install', 'numpy<2'] },
    ],
    source: ['https://github.com/explosion/spaCy/issues/13528', 'https://github.com/explosion/spaCy/issues/13628', 'https://pypi.org/project/thinc/8.3.0/'],
    verified: 'explosion/spaCy#13528: numpy 2.0.0 breaks thinc\'s import; #13628: fixed by spaCy 3.8. thinc metadata: 8.1.12 and 8.2.0 require numpy>=1.19.0, 8.2.5 numpy<2.0.0,>=1.19.0, 8.3.0 numpy>=2.0.0,<2.1.0.',
    notInMetadata: 'thinc 8.1.x-8.2.4 declare numpy>=1.19.0 with no upper bound.',
  },
  {
    id: 'misaki-phonemizer-without-set-data-path',
    category: 'dependency-conflict',
    severity: 'warning',
    title: "Upstream phonemizer is installed next to misaki, and it lacks EspeakWrapper.set_data_path",
    when: { package: 'misaki', version: '>=0.7.6' },
    conflictsWith: { package: 'phonemizer', version: '<3.4.0' },
    message:
      "misaki {version} calls EspeakWrapper.set_data_path (misaki/espeak.py), which phonemizer-fork has and {other} {otherVersion} does not. Both distributions install the same `phonemizer` module, and the one installed last wins: when it is {other} {otherVersion}, misaki's English G2P fails with type object 'EspeakWrapper' has no attribute 'set_data_path'.",
    fix: [
      { title: 'Upgrade upstream phonemizer (3.4.0 added set_data_path), so whichever copy wins has it', pip: ['install', '--upgrade', 'phonemizer>=3.4.0'] },
      { title: 'Or remove upstream phonemizer', pip: ['uninstall', '-y', 'phonemizer'], runnable: false },
      { title: 'and reinstall phonemizer-fork over it', pip: ['install', '--force-reinstall', '--no-deps', 'phonemizer-fork'] },
    ],
    source: ['https://github.com/Blaizzy/mlx-audio/issues/648', 'https://pypi.org/project/misaki/0.7.6/', 'https://pypi.org/project/phonemizer/3.4.0/'],
    verified:
      "misaki 0.7.6 and 0.9.4 wheels call EspeakWrapper.set_data_path and require phonemizer-fork (0.7.4 required phonemizer and did not call it). phonemizer wheels: 3.3.0's EspeakWrapper has set_library but no set_data_path; 3.4.0 and phonemizer-fork 3.3.2 have both.",
    notInMetadata: 'Nothing declares that phonemizer and phonemizer-fork exclude each other; pip installs both and they overwrite one module.',
  },
];

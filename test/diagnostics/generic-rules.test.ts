// Each generic rule, like a lint rule: texts it must match (with the category it gives) and near
// misses it must leave alone. Texts are written here for the mechanism, not taken from the corpus.
import { describe, expect, it } from 'vitest';
import { GENERIC_SIGNATURES } from '../../src/diagnostics/generic-rules.js';
import { classify } from '../../src/diagnostics/classify.js';

const SP = '/home/u/app/.venv/lib/python3.12/site-packages';
const frame = (pkg: string, file = '__init__.py') => `  File "${SP}/${pkg}/${file}", line 10, in load\n    x = y()`;

const CASES: Record<string, { valid: string[]; invalid: string[] }> = {
  'generic-numpy-abi': { valid: ['UserWarning: Failed to initialize NumPy: module compiled against API version 0x10 but this version of numpy is 0xf'], invalid: ['numpy 1.26.4 installed'] },
  'generic-cuda-checkpoint-on-cpu': { valid: ['RuntimeError: Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False.'], invalid: ['RuntimeError: CUDA error: device-side assert triggered'] },
  'generic-mps-operator': { valid: ["NotImplementedError: The operator 'aten::foo.out' is not currently implemented for the MPS device."], invalid: ['using device mps'] },
  'generic-hub-auth': { valid: ['Cannot access gated repo for url https://huggingface.co/org/model/resolve/main/config.json.'], invalid: ['HTTP 200 OK https://huggingface.co/org/model'] },
  'generic-network-unreachable': { valid: ["requests.exceptions.ConnectionError: HTTPSConnectionPool(host='huggingface.co', port=443): Max retries exceeded with url: /api/models/x"], invalid: ['retries: 3'] },
  'generic-not-a-model-file': { valid: ['onnxruntime.capi.onnxruntime_pybind11_state.InvalidProtobuf: [ONNXRuntimeError] : 7 : INVALID_PROTOBUF : Load model from m.onnx failed:Protobuf parsing failed.'], invalid: ['loaded m.onnx in 0.2 s'] },
  'generic-data-package-missing': { valid: ["LookupError:\n  Resource punkt_tab not found.\n  Please use the NLTK Downloader to obtain the resource:"], invalid: ['nltk 3.9 imported'] },
  'generic-config-file-missing': { valid: ["FileNotFoundError: [Errno 2] No such file or directory: 'configs/model.yaml'"], invalid: ['config file configs/model.yaml loaded'] },
  'generic-python-version-guard': { valid: ['Because shortgpt depends on tts (0.22.0) which requires Python >=3.9.0, <3.12, version solving failed.'], invalid: ['ERROR: Ignored the following versions that require a different python version: 1.0 Requires-Python >=3.6,<3.10'] },
  'generic-build-on-new-python': { valid: ["ERROR: Failed to build 'numpy' when getting requirements to build wheel"], invalid: ['Successfully built numpy'] },
  'generic-platform-wheel': { valid: ["error: Distribution `x==1.0` can't be installed because it doesn't have a source distribution or wheel for the current platform"], invalid: ['wheel built for the current platform'] },
  'generic-registry-name-clash': { valid: ["ValueError: 'dac' is already used by a Transformers config, pick another name."], invalid: ["ValueError: 'dac' is not a valid config"] },
  'generic-missing-parameters': { valid: ['ValueError: Missing 12 parameters:'], invalid: ['Loaded 12 parameters'] },
  'generic-tensor-size': { valid: ['RuntimeError: The size of tensor a (38) must match the size of tensor b (178) at non-singleton dimension 0'], invalid: ['tensor a has size 38'] },
  'generic-config-key-error': { valid: ['    cfg = config["decoder_params"]\nKeyError: \'decoder_params\''], invalid: ["KeyError: 42"] },
  'generic-dev-header-missing': { valid: ['src/x.c:9:10: fatal error: portaudio.h: No such file or directory'], invalid: ['portaudio.h found'] },
  'generic-container-gpu': { valid: ['docker: Error response from daemon: could not select device driver "" with capabilities: [[gpu]].'], invalid: ['docker run -p 80:80 image'] },
  'generic-module-not-a-package': { valid: ["ModuleNotFoundError: No module named 'bark.api'; 'bark' is not a package"], invalid: ["ModuleNotFoundError: No module named 'bark'"] },
  'generic-embedded-or-isolated-python': { valid: ["C:\\ComfyUI\\python_embeded\\python.exe main.py\nModuleNotFoundError: No module named 'librosa'"], invalid: ["ModuleNotFoundError: No module named 'librosa'"] },
  'generic-backtracked-every-release': { valid: ['ERROR: Cannot install pkg==0.1, pkg==0.2, pkg==0.3, pkg==0.4, pkg==0.5 and pkg==0.6 because these package versions have conflicting dependencies.'], invalid: ['ERROR: Cannot install a==1 and b==2 because these package versions have conflicting dependencies.'] },
  'generic-sdist-build-on-windows-or-mac': { valid: ['  Using cached pyopenjtalk-0.4.1.tar.gz (1.4 MB)\n  Getting requirements to build wheel ... error\nC:\\Users\\me\\x'], invalid: ['  Using cached pyopenjtalk-0.4.1-cp312-win_amd64.whl'] },
  'generic-library-import-machinery': { valid: [`  File "${SP}/transformers/utils/import_utils.py", line 2011, in __init__\n    raise ValueError(\nValueError: Backend should be defined`], invalid: [`  File "${SP}/transformers/models/x.py", line 1\nValueError: bad`] },
  'generic-engine-not-available': { valid: ['RuntimeError: FooTTS not available - check installation'], invalid: ['FooTTS available'] },
  'generic-release-not-built-here': { valid: ['ERROR: Could not find a version that satisfies the requirement lib==2.0 (from versions: 1.0, 1.1)'], invalid: ['ERROR: Could not find a version that satisfies the requirement lib==1.0 (from versions: 1.0, 1.1, 2.0)'] },
  'generic-shadowing-copy': { valid: ["ImportError: cannot import name 'X' from 'pkg.util' (/srv/plugins/other-plugin/vendor/pkg/util.py)"], invalid: ["ImportError: cannot import name 'X' from 'pkg.util' (/srv/.venv/lib/python3.12/site-packages/pkg/util.py)", "ImportError: cannot import name 'X' from 'my_pkg.util' (/home/u/code/my-pkg/my_pkg/util.py)"] },
  'generic-installed-yet-missing': { valid: ["Successfully installed librosa-0.10.2\n$ python app.py\nModuleNotFoundError: No module named 'librosa'"], invalid: ["Please install librosa to use this.\nModuleNotFoundError: No module named 'librosa'"] },
  'generic-stdlib-module-removed': { valid: ["ModuleNotFoundError: No module named 'distutils'"], invalid: ["ModuleNotFoundError: No module named 'distutils_extra'"] },
  'generic-syntax-too-new': { valid: ["TypeError: unsupported operand type(s) for |: 'type' and 'NoneType'"], invalid: ["TypeError: unsupported operand type(s) for +: 'int' and 'str'"] },
  'generic-library-object-attribute': { valid: [`${frame('coqui')}\nAttributeError: 'GPT2Model' object has no attribute '_supports_cache'`], invalid: [`  File "/home/u/app/models.py", line 20, in run\n    x.y\nAttributeError: 'KPipeline' object has no attribute 'voice_dir'`] },
  'generic-module-attribute-removed': { valid: ["AttributeError: module 'numpy' has no attribute 'float'"], invalid: ["AttributeError: 'Model' object has no attribute 'float'"] },
  'generic-platform-words': { valid: ['RuntimeError: this feature is only supported on Linux'], invalid: ['RuntimeError: this feature is supported'] },
  'generic-network-tls-or-rate': { valid: ['requests.exceptions.SSLError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed'], invalid: ['TLS ok'] },
  'generic-out-of-memory': { valid: ['RuntimeError: [enforce fail at alloc_cpu.cpp:114] data. DefaultCPUAllocator: not enough memory: you tried to allocate 1024 bytes.'], invalid: ['allocated 1 GiB'] },
  'generic-weights-only': { valid: ['_pickle.UnpicklingError: WeightsUnpickler error: Unsupported global: GLOBAL foo.Bar was not an allowed global by default.'], invalid: ['torch.load(path, weights_only=True) ok'] },
  'generic-prompt-on-closed-stdin': { valid: ['  File "/x/site-packages/TTS/utils/manage.py", line 300, in ask_tos\n    answer = input(" | > [y/n]")\nEOFError: EOF when reading a line'], invalid: ['EOF reached'] },
  'generic-transformers-uninitialized-weights': { valid: ['Some weights of VitsModel were not initialized from the model checkpoint at x and are newly initialized'], invalid: ['All weights of VitsModel were initialized'] },
};

describe('generic rules', () => {
  it('every rule has cases here, and every case names a rule', () => {
    expect(Object.keys(CASES).sort()).toEqual(GENERIC_SIGNATURES.map((s) => s.meta.id).sort());
  });

  for (const s of GENERIC_SIGNATURES) {
    const c = CASES[s.meta.id];
    if (!c) continue;
    it(`${s.meta.id}: matches its valid cases; classify picks its category, or lists it as the runner-up`, () => {
      for (const text of c.valid) {
        const m = s.match({ text });
        expect(m, text).not.toBeNull();
        const d = classify({ text });
        // Where a specific signature reads the same text another way (a missing package vs a bundled
        // interpreter), the generic reading must still be offered.
        const category = m!.category ?? s.meta.category;
        expect(d.category === category || d.alternatives.some((a) => a.ruleId === s.meta.id), text).toBe(true);
        expect(s.fixes(m!, { text }).length, text).toBeGreaterThan(0);
      }
    });
    it(`${s.meta.id}: leaves its invalid cases alone`, () => {
      for (const text of c.invalid) expect(s.match({ text }), text).toBeNull();
    });
  }

  it('the prompt rule names Coqui\'s switch for a Coqui prompt, and the prompting frame otherwise', () => {
    const coqui = classify({ text: '  File "/x/site-packages/TTS/utils/manage.py", line 300, in ask_tos\n    answer = input(" | > [y/n]")\nEOFError: EOF when reading a line' });
    expect(coqui.fixes[0]!.command).toBe('export COQUI_TOS_AGREED=1');
    const other = classify({ text: '  File "/srv/app/setup_voice.py", line 12, in confirm\n    ok = input("Download 2 GB? ")\nEOFError: EOF when reading a line' });
    expect(other.category).toBe('other');
    expect(other.fixes[0]!.title).toBe('Answer the prompt at /srv/app/setup_voice.py:12 (confirm: ok = input("Download 2 GB? ")) without a terminal');
  });

  it('every rule cites public documentation', () => {
    for (const s of GENERIC_SIGNATURES) {
      expect(s.meta.sources.length, s.meta.id).toBeGreaterThan(0);
      for (const src of s.meta.sources) expect(src, s.meta.id).toMatch(/^https:\/\//);
    }
  });
});

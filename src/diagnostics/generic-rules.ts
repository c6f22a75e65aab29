// The second layer of the classifier: rules on the shape of a failure (exception type, message form,
// which file or package is involved) rather than on one project's wording. They fire on whole families
// of messages, with less confidence than a specific signature, so a specific one wins where both match.
// Each rule cites the public documentation of the mechanism it recognises, never a corpus thread.
import type { Category, Fix } from '../core/report-types.js';
import type { Signature, SignatureInput, SignatureMatch } from './signature.js';
import { advice, command, pip, quotedPython } from './fix-kit.js';
import { evidenceOf, facts, firstHit, type Hit } from './text-scan.js';

interface Rule {
  id: string;
  category: Category;
  title: string;
  confidence: number;
  /** A cheap literal test before the patterns. */
  gate: RegExp;
  /** The first that hits wins; its groups are the captures. */
  patterns: RegExp[];
  sources: string[];
  fixes: (c: string[], input: SignatureInput) => Fix[];
  /** Refine the category or confidence from the whole text (e.g. Windows, a new Python); confidence 0 rejects the match. */
  refine?: (input: SignatureInput, hit: Hit) => Partial<Pick<SignatureMatch, 'category' | 'confidence' | 'title'>> | null;
}

const HF_CACHE = 'The cache the load reads is $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub.';

const RULES: Rule[] = [
  {
    id: 'generic-numpy-abi',
    category: 'abi-break',
    title: 'A compiled extension was built against another NumPy',
    confidence: 0.85,
    gate: /numpy|NumPy/,
    patterns: [/module compiled against (?:ABI|API) version (0x[0-9a-f]+) but this version of numpy is (0x[0-9a-f]+)/i, /numpy\.(?:ndarray|dtype) size changed, may indicate binary incompatibility/, /Failed to initialize NumPy/],
    sources: ['https://numpy.org/devdocs/dev/depending_on_numpy.html', 'https://numpy.org/doc/stable/user/troubleshooting-importerror.html'],
    fixes: (_c, input) => [
      command('Install the NumPy the compiled packages were built for (1.x for most TTS stacks of 2024)', pip(input, ['install', 'numpy<2'])),
      advice('Or upgrade the extension that was compiled against the old NumPy', 'The warning names the module (torchaudio, numba, a C extension): upgrade it to a release built for NumPy 2, or pin numpy to the major version it was built against.'),
    ],
  },
  {
    id: 'generic-cuda-checkpoint-on-cpu',
    category: 'device-unavailable',
    title: 'A checkpoint saved on a GPU is loaded where CUDA is not available',
    confidence: 0.9,
    gate: /deserialize object on a CUDA device/,
    patterns: [/Attempting to deserialize object on a CUDA device but torch\.cuda\.is_available\(\) is False/],
    sources: ['https://pytorch.org/docs/stable/generated/torch.load.html'],
    fixes: () => [advice('Map the checkpoint onto the CPU (or the device you have) when loading', "Load it with torch.load(path, map_location='cpu') (on a Mac, map_location='mps' after loading on the CPU); where a library loads it for you, pass its device option (device='cpu') or set CUDA_VISIBLE_DEVICES='' so it picks the CPU path.")],
  },
  {
    id: 'generic-mps-operator',
    category: 'platform-constraint',
    title: 'An operator the model uses is not implemented on Apple MPS',
    confidence: 0.85,
    gate: /MPS/,
    patterns: [/The operator '([^']+)' is not currently implemented for the MPS device/, /([^\n:]+) not supported (?:at|on) the MPS device/, /MPS backend out of memory|MPSGraph|MPS does not support/],
    sources: ['https://pytorch.org/docs/stable/notes/mps.html', 'https://github.com/pytorch/pytorch/issues/77764'],
    fixes: (c) => [
      command('Let the missing operators fall back to the CPU', 'export PYTORCH_ENABLE_MPS_FALLBACK=1'),
      advice('Or run the model on the CPU', `${c[1] ? `${c[1]} has no MPS kernel in this torch. ` : ''}Pass device='cpu' to the model, or upgrade torch: MPS coverage grows with each release.`),
    ],
  },
  {
    id: 'generic-hub-auth',
    category: 'hub-offline-or-cache',
    title: 'The Hugging Face Hub refused the download (gated repo or bad token)',
    confidence: 0.85,
    gate: /401|403|gated|Unauthorized|Invalid credentials|restricted/i,
    patterns: [/Cannot access gated repo for url https:\/\/huggingface\.co\/([^/\s]+\/[^/\s]+)/, /Access to model ([\w.-]+\/[\w.-]+) is restricted/, /401 Client Error: Unauthorized for url: https:\/\/huggingface\.co\/([^/\s]+\/[^/\s]+)/, /(Invalid credentials in Authorization header|Invalid user token)/],
    sources: ['https://huggingface.co/docs/hub/models-gated', 'https://huggingface.co/docs/huggingface_hub/quick-start#authentication'],
    fixes: (c) => {
      const repo = /\//.test(c[1] ?? '') ? c[1]! : null;
      return [
        advice(`Accept the terms of ${repo ?? 'the model'} and log in`, `Open https://huggingface.co/${repo ?? '<repo>'} while logged in and accept its conditions, then \`hf auth login\` (or set HF_TOKEN to a token with read access) in the environment the app runs in.`),
        ...(repo ? [command(`Then fill the cache once, where the app can reach the Hub`, `hf download ${repo}`, { runnable: false })] : []),
      ];
    },
  },
  {
    id: 'generic-network-unreachable',
    category: 'hub-offline-or-cache',
    title: 'A download the load needs could not reach its server',
    confidence: 0.7,
    gate: /timed out|Timeout|Max retries|Connection|resolve|offline|getaddrinfo|Network is unreachable/i,
    patterns: [
      /Max retries exceeded with url: (\S+)/,
      /(?:ConnectTimeout|ReadTimeout|ConnectTimeoutError|TimeoutError: timed out|socket\.timeout)/,
      /(?:Failed to resolve|Name or service not known|Temporary failure in name resolution|getaddrinfo failed|Network is unreachable|Connection (?:refused|reset))/,
      /(?:offline mode is enabled|HF_HUB_OFFLINE|OfflineModeIsEnabled)/,
    ],
    sources: ['https://huggingface.co/docs/huggingface_hub/package_reference/environment_variables#hfhuboffline', 'https://urllib3.readthedocs.io/en/stable/reference/urllib3.exceptions.html'],
    fixes: () => [advice('Download the model once where the network works, then load it offline', `Run the load once with network access (or \`hf download <repo>\`), then set HF_HUB_OFFLINE=1 so later loads read the cache only. ${HF_CACHE} Behind a proxy, set HTTPS_PROXY for the app's process.`)],
    refine: (input) => (/huggingface|hf_hub|hf\.co|from_pretrained|snapshot_download/i.test(input.text) ? { confidence: 0.8 } : null),
  },
  {
    id: 'generic-not-a-model-file',
    category: 'missing-asset-file',
    title: 'The model file is not a model (a failed download, an HTML page or an LFS pointer)',
    confidence: 0.8,
    gate: /PROTOBUF|Protobuf|invalid load key|Unsupported operand|not a valid|header too large|HeaderTooLarge|incomplete metadata/i,
    patterns: [/Load model from (\S+) failed:\s*Protobuf parsing failed/, /INVALID_PROTOBUF/, /invalid load key, '([<v])'/, /(?:HeaderTooLarge|Error while deserializing header|incomplete metadata, file not fully covered)/],
    sources: ['https://onnxruntime.ai/docs/api/python/api_summary.html', 'https://git-lfs.com/', 'https://huggingface.co/docs/safetensors/index'],
    fixes: (c) => [advice(`Download ${c[1] ?? 'the model file'} again, from the raw file URL`, "Check its size and first bytes (`head -c 200 FILE`): an HTML page starts with `<`, a Git LFS pointer with `version https://git-lfs`. Download the real file (the hub's /resolve/ URL, or `git lfs pull`), not the web page's /blob/ URL.")],
  },
  {
    id: 'generic-data-package-missing',
    category: 'missing-asset-file',
    title: 'Data a package downloads on first use is not there (NLTK, MeCab/unidic, spaCy)',
    confidence: 0.8,
    gate: /nltk|punkt|unidic|mecabrc|dicdir|spacy|Can't find model/i,
    patterns: [/Resource (\w+) not found\.|Attempted to load (tokenizers\/\w+|taggers\/\w+|corpora\/\w+)/, /(?:unidic|ipadic)[\\/]dicdir[\\/]mecabrc/, /no such file or directory: \S*(dicdir\S*)/, /Can't find model '([\w.-]+)'/],
    sources: ['https://www.nltk.org/data.html', 'https://github.com/polm/unidic-py', 'https://spacy.io/usage/models'],
    fixes: (c, input) => {
      const t = input.text;
      if (/nltk|punkt|Attempted to load tokenizers/i.test(t)) {
        const res = /punkt_tab/.test(t) ? 'punkt_tab' : /Resource (\w+) not found/.exec(t)?.[1] ?? c[1]?.split('/').pop() ?? 'punkt';
        return [command(`Download the NLTK resource ${res} into the interpreter's search path`, `${quotedPython(input)} -c 'import nltk; nltk.download("${res}")'`)];
      }
      if (/unidic|mecab|dicdir/i.test(t)) return [command('Download the unidic dictionary (pip installs only its stub)', `${quotedPython(input)} -m unidic download`)];
      return [command(`Install the spaCy model ${c[1] ?? ''}`.trim(), `${quotedPython(input)} -m spacy download ${c[1] ?? 'en_core_web_sm'}`)];
    },
  },
  {
    id: 'generic-config-file-missing',
    category: 'missing-asset-file',
    title: 'A config or model file the loader opens does not exist',
    confidence: 0.65,
    gate: /No such file|not found|does not exist|FileNotFoundError|Cannot find primary config|MissingConfigException/i,
    patterns: [
      /(?:Cannot find primary config|MissingConfigException)[^\n]*?'?([\w./\\-]+)'?/,
      /FileNotFoundError: \[Errno 2\] No such file or directory: '([^']+)'/,
      /FileNotFoundError\(2, 'No such file or directory'\)/,
      /(?:file|path|model|checkpoint|config)\s+'?([^\s']+)'? (?:does not exist|not found|was not found)/i,
      /no such file or directory: (\S+)/i,
    ],
    sources: ['https://docs.python.org/3/library/exceptions.html#FileNotFoundError', 'https://hydra.cc/docs/advanced/search_path/'],
    fixes: (c) => [advice(`Put ${c[1] && !/^\d+$/.test(c[1]) ? c[1] : 'the missing file'} where the loader looks`, 'A relative path resolves against the working directory of the process, not the script: run from the folder the project expects, or pass an absolute path. Check that every file of the release (weights, configs, vocab, vocoder) was downloaded.')],
  },
  {
    id: 'generic-python-version-guard',
    category: 'python-version',
    title: 'A package does not support this Python version',
    confidence: 0.85,
    gate: /[Pp]ython/,
    patterns: [
      /(?<!Ignored the following versions that )requires? (?:a different )?Python\s*(?:version\s*)?([<>=!~]=?\s*[\d.]+(?:\s*,\s*[<>=!~]=?\s*[\d.]+)*)/i,
      /supported Python range \(([^)]+)\) is not compatible/,
      /^(?!.*Ignored the following versions).*Requires-Python ([<>=!~][^\s]+)/m,
      /(?:only supports|is only compatible with|not (?:yet )?(?:supported|compatible) (?:on|with)) Python ?(3\.\d+)/i,
    ],
    sources: ['https://packaging.python.org/en/latest/guides/dropping-older-python-versions/', 'https://python-poetry.org/docs/dependency-specification/#python-restricted-dependencies'],
    fixes: (c, input) => [advice(`Use a Python the package supports (${c[1] ?? 'see its Requires-Python'})`, `${facts(input).pythonVersion ? `This is Python ${facts(input).pythonVersion}. ` : ''}Create the env with a supported interpreter (\`uv venv --python 3.11\` or \`pyenv install 3.11\`), and install there; forcing the install with --ignore-requires-python only moves the failure to import time.`)],
  },
  {
    id: 'generic-build-on-new-python',
    category: 'python-version',
    title: 'pip builds an old package from source because no wheel exists for this Python',
    confidence: 0.7,
    gate: /Failed to build|Failed building wheel|build wheel|metadata-generation-failed|subprocess-exited-with-error/,
    patterns: [/Failed to build '?(numpy|scipy|pandas|tokenizers|llvmlite|numba|sentencepiece|pyarrow)'?/i, /Failed building wheel for (numpy|scipy|pandas|tokenizers|llvmlite|numba|sentencepiece|pyarrow)/i, /Building wheel for (numpy|scipy|pandas|tokenizers|llvmlite|numba) \(pyproject\.toml\)[\s\S]{0,2000}?error/i],
    sources: ['https://numpy.org/doc/stable/building/index.html', 'https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-only-binary'],
    fixes: (c, input) => [
      advice(`Use a Python that ${c[1]} has wheels for`, `The pinned ${c[1]} predates ${facts(input).pythonVersion ? `Python ${facts(input).pythonVersion}` : 'this Python'}, so pip compiles it from source and fails. Create the env with Python 3.11 or 3.12 (\`uv venv --python 3.11\`), or let pip pick a release with a wheel (\`--only-binary ${c[1]}\`).`),
    ],
  },
  {
    id: 'generic-platform-wheel',
    category: 'platform-constraint',
    title: 'No build of the package exists for this platform',
    confidence: 0.85,
    gate: /platform|wheel/i,
    patterns: [/can't be installed because it doesn't have a source distribution or wheel for the current platform/, /only has wheels for the following platforms?/, /is not a supported wheel on this platform/, /no matching distribution[^\n]*(?:win_amd64|macosx|aarch64|arm64)/i],
    sources: ['https://docs.astral.sh/uv/concepts/resolution/#platform-specific-resolution', 'https://packaging.python.org/en/latest/specifications/platform-compatibility-tags/'],
    fixes: () => [advice('Pick a version (or a machine) the package ships for', 'The message lists the platforms it has wheels for: use a release that includes yours (often a newer or older minor), or run on one of those platforms (Linux x86_64 in a container on an Intel Mac).')],
  },
  {
    id: 'generic-registry-name-clash',
    category: 'dependency-conflict',
    title: 'Two packages register the same name, or a fork sits beside the original',
    confidence: 0.85,
    gate: /already used by|already registered|forked version|original package installed|already exists in the registry/i,
    patterns: [/'(\w+)' is already used by a Transformers config/, /switched to a forked version of (\w+), but you still have the original package installed/, /(\w+) is already registered/],
    sources: ['https://huggingface.co/docs/transformers/model_doc/auto#extending-the-auto-classes', 'https://github.com/idiap/coqui-ai-TTS'],
    fixes: (c) => [advice(`Keep one package that provides ${c[1] ?? 'the name'}`, `Two installed packages define ${c[1] ?? 'the same name'} (a fork and its original, or a library that now ships what a plugin registers). Uninstall the original or the plugin, or pin the library to the release before it added ${c[1] ?? 'it'}; \`pip list\` shows both.`)],
  },
  {
    id: 'generic-missing-parameters',
    category: 'missing-or-unexpected-keys',
    title: 'The checkpoint does not hold every parameter the model expects',
    confidence: 0.75,
    gate: /Missing|Unexpected|missing|unexpected/,
    patterns: [/Missing (\d+) parameters/, /(?:Missing|Unexpected) key\(s\) in state_dict/, /(?:missing|unexpected) keys?: \[/i],
    sources: ['https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.load_state_dict'],
    fixes: () => [advice('Load weights made for this exact model variant', 'Missing parameters mean the checkpoint is for another variant or version of the model (another size, a quantized or converted copy). Use the weights of the same release as the code and config, or the conversion script the project ships.')],
  },
  {
    id: 'generic-tensor-size',
    category: 'weights-shape-mismatch',
    title: 'A tensor in the checkpoint has another shape than the model built from the config',
    confidence: 0.7,
    gate: /size mismatch|must match the size/,
    patterns: [/size mismatch for ([\w.]+):\s+copying a param with shape (\S+ ?\S*) from checkpoint, the shape in current model is (\S+ ?\S*)/, /The size of tensor a \((\d+)\) must match the size of tensor b \((\d+)\)/],
    sources: ['https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.load_state_dict'],
    fixes: (c) => [advice(`Build the model with the dimensions the checkpoint has${c[1] && /\./.test(c[1]) ? ` (${c[1]})` : ''}`, 'The config (or vocabulary) used to build the model differs from the one the weights were trained with: a vocabulary size, number of speakers or hidden size. Use the config and vocab shipped with these weights.')],
  },
  {
    id: 'generic-config-key-error',
    category: 'config-param-mismatch',
    title: 'The config lacks a key the code reads, or has one it does not accept',
    confidence: 0.6,
    gate: /KeyError|Config|config|unrecognized arguments|got an unexpected/,
    patterns: [/config\w*\[["'](\w+)["']\][^\n]*\n[^\n]*KeyError: '\1'/i, /Config has to be initialized with ([^\n]+)/, /error: unrecognized arguments: (\S+)/, /KeyError: '(\w+_(?:params|config|cfg|args))'/],
    sources: ['https://docs.python.org/3/library/exceptions.html#KeyError', 'https://docs.python.org/3/library/argparse.html#invalid-arguments'],
    fixes: (c) => [advice(`Make the config match the code's version${c[1] ? ` (${c[1]})` : ''}`, 'The config file (or the command line) was written for another release of the code: take the config shipped with the version you run, or pin the code to the release the config was written for.')],
  },
  {
    id: 'generic-dev-header-missing',
    category: 'native-library-missing',
    title: 'A package builds a C extension and the system library headers are missing',
    confidence: 0.85,
    gate: /fatal error/,
    patterns: [/fatal error: ([\w/]+\.h): No such file or directory/],
    sources: ['https://packages.debian.org/search?searchon=contents', 'https://files.portaudio.com/docs/v19-doxydocs/compile_linux.html'],
    fixes: (c) => {
      const known: Record<string, string> = { 'portaudio.h': 'portaudio19-dev', 'sndfile.h': 'libsndfile1-dev', 'Python.h': 'python3-dev', 'espeak-ng/speak_lib.h': 'libespeak-ng-dev', 'ffi.h': 'libffi-dev', 'alsa/asoundlib.h': 'libasound2-dev' };
      const pkg = known[c[1] ?? ''];
      return [pkg ? command(`Install the headers for ${c[1]} (Debian/Ubuntu), then install again`, `sudo apt-get install ${pkg}`, { runnable: false }) : advice(`Install the development package that provides ${c[1]}`, `\`apt-file search ${c[1]}\` names it on Debian/Ubuntu; on macOS \`brew install\` the library. Then run the pip install again.`)];
    },
  },
  {
    id: 'generic-container-gpu',
    category: 'device-unavailable',
    title: 'The container runtime could not give the container a GPU',
    confidence: 0.8,
    gate: /OCI runtime|nvidia-container|--gpus|could not select device driver/,
    patterns: [/nvidia-container-cli: ([^\n]+)/, /could not select device driver "" with capabilities: \[\[gpu\]\]/, /--gpus[\s\S]{0,400}?OCI runtime create failed/],
    sources: ['https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/troubleshooting.html'],
    fixes: () => [advice('Check the host driver and the NVIDIA Container Toolkit', 'Run `nvidia-smi` on the host: the driver must support the CUDA version the image was built for (an image for CUDA 12.8 needs a driver >= 570). Install or configure nvidia-container-toolkit (`nvidia-ctk runtime configure`), or use the image\'s CPU variant.')],
  },
  {
    id: 'generic-module-not-a-package',
    category: 'other',
    title: 'A local file or folder shadows the package of the same name',
    // Decisive: Python found a plain module where a package was expected, so installing will not help.
    confidence: 0.9,
    gate: /is not a package|partially initialized module|circular import/,
    patterns: [/No module named '([\w.]+)'; '(\w+)' is not a package/, /partially initialized module '(\w+)'/],
    sources: ['https://docs.python.org/3/tutorial/modules.html#the-module-search-path'],
    fixes: (c) => [advice(`Rename the local ${c[2] ?? c[1]}.py (or folder) that shadows the package`, `Python imports the first ${c[2] ?? c[1]} on sys.path, and the script's own folder comes first: a file named ${c[2] ?? c[1]}.py next to the script hides the installed package. Rename it and delete its __pycache__.`)],
  },
  {
    id: 'generic-embedded-or-isolated-python',
    category: 'wrong-interpreter',
    title: 'The package is installed, but not in the Python that runs the code',
    confidence: 0.75,
    gate: /No module named/,
    patterns: [
      /(python_embed(?:ed)?|pipx[\\/]venvs|portable[\\/]python|WindowsApps[\\/]python)[\s\S]*?No module named '([\w.]+)'/i,
      /No module named '([\w.]+)'[\s\S]*?(python_embed(?:ed)?|pipx)/i,
      // pipx installs an app into a venv of its own: a script run with python3 cannot import it.
      /(pipx (?:install|run)\b)[\s\S]*?No module named '([\w.]+)'/,
    ],
    sources: ['https://docs.comfy.org/installation/manual_install', 'https://pipx.pypa.io/stable/how-pipx-works/'],
    refine: (_input, hit) => (/pipx/.test(hit.match[0]) ? { confidence: 0.85 } : null),
    fixes: () => [advice('Install into the interpreter that runs the code', `Bundled interpreters (ComfyUI's python_embeded, pipx venvs) have their own site-packages: install with that interpreter (\`path\\to\\python_embeded\\python.exe -m pip install ...\`, \`pipx inject <app> <pkg>\`), not with the pip on PATH.`)],
  },
  {
    id: 'generic-backtracked-every-release',
    category: 'python-version',
    title: 'pip tried every release and none installs here: the usual cause is this Python version',
    confidence: 0.88,
    gate: /Cannot install|conflict is caused by/,
    patterns: [
      // "Cannot install kokoro==0.2.1, kokoro==0.2.2, ... and kokoro==0.7.9": one package, many releases, nothing else named.
      /Cannot install ((?:[\w.-]+)==[\w.]+)(?:, \1?[\w.-]*==[\w.]+){4,}/,
      // Every release of the package pins the same old wheel-only dependency, and nothing else takes part.
      /The conflict is caused by:\n\s+([\w.-]+) [\w.]+ depends on ((?:numpy|scipy|torch|onnxruntime|numba|llvmlite)==[\w.]+)\n(?:\s+\1 [\w.]+ depends on \2\n?)+(?!\s+[\w.-]+ [\w.]+ depends on)/,
    ],
    sources: ['https://pip.pypa.io/en/stable/topics/dependency-resolution/', 'https://packaging.python.org/en/latest/guides/dropping-older-python-versions/'],
    fixes: (c, input) => [advice(`Use a Python that ${c[2] ?? (c[1]?.split('==')[0] ?? 'the package')} has builds for`, `No release could be installed, and no second package takes part in the "conflict": ${c[2] ? `${c[2]} has no wheel for ` : 'the releases that would fit exclude '}${facts(input).pythonVersion ? `Python ${facts(input).pythonVersion}` : 'this Python'} (Requires-Python or missing wheels). Create the env with Python 3.11 or 3.12 (\`uv venv --python 3.11\`, \`pyenv install 3.11\`) and install again.`)],
  },
  {
    id: 'generic-sdist-build-on-windows-or-mac',
    category: 'platform-constraint',
    title: 'pip builds a package from source because it has no wheel for this platform',
    confidence: 0.7,
    gate: /Getting requirements to build wheel|Failed building wheel|Failed to build/,
    patterns: [/Using cached ([\w.-]+?)-[\d.]+\.tar\.gz[\s\S]*?(?:Getting requirements to build wheel did not run successfully|Getting requirements to build wheel \.\.\. error|Failed building wheel for)/],
    sources: ['https://packaging.python.org/en/latest/specifications/platform-compatibility-tags/', 'https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-only-binary'],
    fixes: (c) => [advice(`Get a build of ${c[1] ?? 'the package'} for this platform`, `${c[1] ?? 'The package'} ships no wheel for this OS or Python, so pip compiles it and the build fails (usually a missing compiler or CMake). Use a Python version it has wheels for, install the build tools it needs (Visual Studio Build Tools and CMake on Windows, Xcode command line tools on macOS), or run on Linux.`)],
    refine: (input) => (facts(input).platform === 'win32' || facts(input).platform === 'darwin' ? null : { confidence: 0.45 }),
  },
  {
    id: 'generic-library-import-machinery',
    category: 'api-break-import',
    title: "A library's import machinery fails on another installed library's version",
    confidence: 0.65,
    gate: /import_utils\.py|_LazyModule|BACKENDS_MAPPING/,
    patterns: [/File "[^"]*[\\/](transformers|diffusers|huggingface_hub|accelerate)[\\/]utils[\\/]import_utils\.py", line \d+[^\n]*\n(?:[^\n]*\n){0,4}?\w*Error: ([^\n]+)/],
    sources: ['https://huggingface.co/docs/transformers/installation'],
    fixes: (c) => [advice(`Pin ${c[1] ?? 'the library'} to the major version the calling package was written for`, `The error is raised while ${c[1] ?? 'the library'} sets up its lazy imports for a package that imports it: the two were released for different versions. Install the ${c[1] ?? 'library'} version the calling package's requirements name (often the previous major), or upgrade the calling package.`)],
  },
  {
    id: 'generic-engine-not-available',
    category: 'missing-package',
    title: 'A wrapper reports that the engine it loads is not available',
    confidence: 0.6,
    gate: /not available|not installed|check (?:your )?installation/i,
    patterns: [/(\w+) (?:is )?not (?:available|installed)\s*[-–:]\s*check (?:your )?installation/i],
    sources: ['https://docs.python.org/3/library/exceptions.html#ImportError'],
    fixes: (c, input) => [advice(`Find the import that failed behind "${c[1] ?? 'the engine'} not available"`, `Wrappers catch the ImportError of the engine and its dependencies and print this instead. Run \`${quotedPython(input)} -c "import ${(c[1] ?? 'engine').toLowerCase().replace(/tts$/, '')}"\`-style imports of the engine by hand to see which module is missing, then install it into the same interpreter.`)],
  },
  {
    id: 'generic-release-not-built-here',
    category: 'platform-constraint',
    title: 'The requested release exists, but not for this platform or Python',
    confidence: 0.55,
    gate: /from versions:/,
    patterns: [/Could not find a version that satisfies the requirement ([\w.-]+)==([\w.]+) \(from versions: ([^)]+)\)/],
    sources: ['https://pip.pypa.io/en/stable/cli/pip_install/#finding-packages', 'https://packaging.python.org/en/latest/specifications/platform-compatibility-tags/'],
    // pip lists the versions it can install here: asking for a newer one than all of them means that
    // release ships no build for this machine (older glibc, another OS or Python), not that it does not exist.
    refine: (input, hit) => {
      const [, , wanted, listed] = hit.match;
      const versions = (listed ?? '').split(',').map((v) => v.trim()).filter((v) => /^\d+(\.\d+)*$/.test(v));
      const num = (v: string) => v.split('.').map(Number);
      const newer = (a: number[], b: number[]) => { for (let i = 0; i < Math.max(a.length, b.length); i++) { const d = (a[i] ?? 0) - (b[i] ?? 0); if (d) return d > 0; } return false; };
      if (!versions.length || !versions.every((v) => newer(num(wanted!), num(v)))) return { confidence: 0 };
      const ignored = new RegExp(String.raw`Ignored the following versions that require a different python version:[^\n]*\b${wanted!.replace(/\./g, '\\.')}\b`);
      return ignored.test(input.text) ? { category: 'python-version', confidence: 0.8 } : null;
    },
    fixes: (c) => [advice(`Check which platforms ${c[1]} ${c[2]} ships for`, `pip here can install ${c[1]} up to ${(c[3] ?? '').split(',').pop()?.trim()}, so ${c[2]} has no build for this machine: its files on https://pypi.org/project/${c[1]}/${c[2]}/#files show the platforms, Python versions and glibc it needs. Pin the newest version listed above, or run on a platform ${c[2]} supports.`)],
  },
  {
    id: 'generic-shadowing-copy',
    category: 'dependency-conflict',
    title: 'The import found another copy of the package, not the installed one',
    confidence: 0.8,
    gate: /cannot import name/,
    // `cannot import name 'X' from 'pkg.mod' (PATH)`: PATH is where Python found pkg. Outside every
    // site-packages, inside another project's folder, it is a copy that shadows the installed package
    // (a vendored copy in a plugin, a folder on PYTHONPATH, a checkout in the working directory).
    patterns: [/cannot import name '(\w+)' from '([\w.]+)' \(([^)\n]+)\)/],
    refine: (_input, hit) => {
      const [, , mod, where] = hit.match;
      const top = mod!.split('.')[0]!;
      if (/[\\/](?:site|dist)-packages[\\/]/.test(where!)) return { confidence: 0 };
      const parent = new RegExp(String.raw`([^\\/]+)[\\/]${top}[\\/]`).exec(where!)?.[1];
      // The package's own checkout (mlx-audio/mlx_audio/...: an editable install) is the package, not a copy.
      if (!parent || parent.toLowerCase().replace(/[-.]/g, '_') === top.toLowerCase()) return { confidence: 0 };
      return null;
    },
    sources: ['https://docs.python.org/3/tutorial/modules.html#the-module-search-path', 'https://docs.python.org/3/library/sys.html#sys.path'],
    fixes: (c) => {
      const top = (c[2] ?? 'pkg').split('.')[0];
      const copy = (c[3] ?? '').split(new RegExp(String.raw`[\\/]${top}[\\/]`))[0];
      return [advice(`Stop ${copy ? `${copy}` : 'the other copy'} from shadowing the installed ${top}`, `Python imported ${top} from ${c[3] ?? 'a folder outside site-packages'}, an older or different copy that lacks ${c[1] ?? 'the name'}. Update or remove the project that vendors it, take its folder off PYTHONPATH / the working directory, or rename it; \`python -c "import ${top}; print(${top}.__file__)"\` shows which copy wins.`)];
    },
  },
  {
    id: 'generic-installed-yet-missing',
    category: 'wrong-interpreter',
    title: 'The package was installed, and then the import of it fails: two interpreters are in play',
    confidence: 0.85,
    gate: /No\s+module\s+named/,
    patterns: [/No\s+module\s+named\s+'([\w]+)/],
    // The log shows pip installing the module (or finding it satisfied) before the import fails: pip
    // and the code ran in different interpreters (a base env's pip, an unactivated venv, a CI step).
    refine: (input, hit) => {
      const mod = hit.match[1]!;
      const before = input.text.slice(0, input.text.indexOf(hit.match[0]));
      const names = mod === 'torch' ? 'torch|pytorch' : mod.replace(/_/g, '[-_]');
      const installed = new RegExp(String.raw`(?:Successfully installed [^\n]*\b(?:${names})-\d|Requirement already satisfied: (?:${names})\b|\binstall-(?:${names})\b)`, 'i');
      return installed.test(before) ? null : { confidence: 0 };
    },
    sources: ['https://pip.pypa.io/en/stable/user_guide/#using-pip-from-your-program', 'https://docs.python.org/3/library/venv.html'],
    fixes: (c, input) => [advice(`Install ${c[1] ?? 'it'} with the interpreter that runs the code`, `Use \`${quotedPython(input)} -m pip install ...\` rather than a bare \`pip\`: the pip that ran belongs to another Python (a base conda env, the system Python, a venv that is not active). \`python -c "import sys; print(sys.executable)"\` and \`pip --version\` show the two.`)],
  },
  {
    id: 'generic-stdlib-module-removed',
    category: 'python-version',
    title: 'The code imports a standard-library module this Python no longer has',
    confidence: 0.88,
    gate: /No module named/,
    // Removed from the standard library: distutils, imp, asynchat/asyncore/smtpd in 3.12 (PEP 632,
    // PEP 594 schedule); audioop, aifc, cgi, chunk, crypt, imghdr, mailcap, nntplib, pipes, sndhdr,
    // sunau, telnetlib, uu, xdrlib, msilib, lib2to3 in 3.13 (PEP 594).
    patterns: [/No module named '(distutils|imp|asynchat|asyncore|smtpd|audioop|aifc|cgi|cgitb|chunk|crypt|imghdr|mailcap|nis|nntplib|ossaudiodev|pipes|sndhdr|spwd|sunau|telnetlib|uu|xdrlib|msilib|lib2to3)'/],
    sources: ['https://peps.python.org/pep-0594/', 'https://peps.python.org/pep-0632/', 'https://docs.python.org/3.13/whatsnew/3.13.html#pep-594-remove-dead-batteries-from-the-standard-library'],
    fixes: (c, input) => {
      const shims: Record<string, string> = { distutils: 'setuptools', audioop: 'audioop-lts', imp: '', lib2to3: '' };
      const shim = shims[c[1] ?? ''];
      return [
        advice(`Run it on a Python that still has ${c[1]} (3.11), or upgrade the package that imports it`, `${c[1]} was removed from the standard library (PEP 594/632). Create the env with Python 3.11 (\`uv venv --python 3.11\`), or upgrade the package that imports it to a release that no longer does.`),
        ...(shim ? [command(`Or install the drop-in ${shim}`, pip(input, ['install', shim]))] : []),
      ];
    },
  },
  {
    id: 'generic-syntax-too-new',
    category: 'python-version',
    title: 'Code written for a newer Python runs on an older one',
    confidence: 0.75,
    gate: /not subscriptable|unsupported operand type\(s\) for \||SyntaxError/,
    patterns: [/TypeError: 'type' object is not subscriptable/, /TypeError: unsupported operand type\(s\) for \|: 'type' and '(?:type|NoneType)'/, /File "[^"]*[\\/](?:site|dist)-packages[\\/][^"]+", line \d+\n[^\n]*\n[^\n]*\^[^\n]*\nSyntaxError: invalid syntax/],
    sources: ['https://peps.python.org/pep-0585/', 'https://peps.python.org/pep-0604/'],
    fixes: (_c, input) => [advice('Use the Python the package is written for (3.10 or newer)', `${facts(input).pythonVersion ? `This is Python ${facts(input).pythonVersion}. ` : ''}list[int] needs 3.9 and X | Y annotations 3.10: create the env with a newer Python (\`uv venv --python 3.11\`), or pin the package to a release that supports this one.`)],
  },
  {
    id: 'generic-library-object-attribute',
    category: 'api-break-import',
    title: "A library's object lacks an attribute the calling code expects: the two are from different releases",
    confidence: 0.55,
    gate: /has no attribute/,
    // Raised inside an installed package (not the user's own file): the calling package was written
    // against another version of the library whose object it uses.
    patterns: [/File "[^"]*[\\/](?:site|dist)-packages[\\/]([\w.-]+)[\\/][^"]*", line \d+[^\n]*\n(?:(?!\s*File ")[^\n]*\n)*\s*AttributeError: '(\w+)' object has no attribute '(\w+)'/],
    sources: ['https://docs.python.org/3/library/exceptions.html#AttributeError', 'https://huggingface.co/docs/transformers/installation'],
    fixes: (c) => [advice(`Install the versions of ${c[1] ?? 'the package'} and its libraries that were released together`, `${c[2] ?? 'An object'} has no ${c[3] ?? 'such attribute'} in the installed library, and the code in ${c[1] ?? 'an installed package'} uses it: pin the library to the version that package's requirements name (transformers and torch are the usual suspects), or upgrade the package.`)],
  },
  {
    id: 'generic-module-attribute-removed',
    category: 'api-break-import',
    title: 'A module no longer has a function or class the code uses',
    confidence: 0.7,
    gate: /has no attribute/,
    patterns: [/AttributeError: module '([\w.]+)' has no attribute '(\w+)'/],
    sources: ['https://docs.python.org/3/library/exceptions.html#AttributeError', 'https://numpy.org/devdocs/numpy_2_0_migration_guide.html'],
    fixes: (c) => [advice(`Pin ${c[1]?.split('.')[0] ?? 'the library'} to a release that still has ${c[2] ?? 'it'}`, `${c[1]}.${c[2]} was removed or moved in the installed release (numpy 2 removed np.float/np.int/np.complex_ aliases, torch and transformers move helpers between modules). Pin the library to the version the calling code was written for, or upgrade the calling package.`)],
  },
  {
    id: 'generic-platform-words',
    category: 'platform-constraint',
    title: 'The package says it does not run on this platform',
    confidence: 0.75,
    gate: /support|available|platform|Windows|macOS|Apple|triton|mlx/i,
    patterns: [
      /(?:is |are )?(?:only|not) (?:supported|available|compatible) (?:on|for|with) (?:Windows|macOS|Mac|Linux|Apple Silicon|this (?:platform|OS|system)|your (?:platform|OS|system)|ARM64?|aarch64|x86_64|CPU-only)/i,
    /(?:Unsupported|unsupported) (?:platform|operating system|OS)\b/,
      /requires (?:macOS|Apple Silicon|an Apple (?:Silicon|M\d)|Linux|Windows)\b/i,
      /(?:Cannot find a working triton installation|triton is not (?:available|supported) on Windows|No module named 'triton')/,
      /No module named 'mlx(?:\.core)?'/,
    ],
    sources: ['https://packaging.python.org/en/latest/specifications/platform-compatibility-tags/', 'https://github.com/triton-lang/triton#compatibility', 'https://ml-explore.github.io/mlx/build/html/install.html'],
    fixes: () => [advice('Run it where the package runs, or use its alternative for this platform', 'Triton and DeepSpeed kernels are Linux-only (Windows needs a community build or the option that disables them), MLX needs Apple Silicon macOS (or `mlx[cpu]` on Linux), and CUDA-only packages need an NVIDIA GPU: run on a supported platform (a Linux container), or switch the feature off in the project\'s options.')],
  },
  {
    id: 'generic-network-tls-or-rate',
    category: 'hub-offline-or-cache',
    title: 'A download failed on the way (TLS, proxy, rate limit, dropped connection)',
    confidence: 0.75,
    gate: /SSL|CERTIFICATE|ProxyError|429|Too Many Requests|RemoteDisconnected|Connection aborted|HTTPSConnectionPool|couldn't connect|LocalEntryNotFound|RepositoryNotFound|not a valid model identifier|cached files/i,
    patterns: [
      /(CERTIFICATE_VERIFY_FAILED|SSLError|SSLCertVerificationError)/,
      /(ProxyError|Tunnel connection failed)/,
      /(429 Client Error|Too Many Requests|rate limit)/i,
      /(RemoteDisconnected|Connection aborted|IncompleteRead|ChunkedEncodingError)/,
      /We couldn't connect to '(https?:\/\/[^']+)'/,
      /(LocalEntryNotFoundError|couldn't find (?:it|them) in the cached files)/,
      /(RepositoryNotFoundError|is not a (?:local folder and is not a )?valid model identifier)/,
    ],
    sources: ['https://huggingface.co/docs/huggingface_hub/package_reference/environment_variables', 'https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification'],
    fixes: () => [advice('Get the model into the local cache once, then load offline', `Download where the network works (\`hf download <repo>\`; behind a proxy set HTTPS_PROXY, with a corporate CA set REQUESTS_CA_BUNDLE / SSL_CERT_FILE), or pass the local folder path instead of the repo id. ${HF_CACHE} A repo id that is "not valid" is usually a typo or a private repo without a token.`)],
  },
  {
    id: 'generic-out-of-memory',
    category: 'out-of-memory',
    title: 'The process ran out of memory',
    confidence: 0.8,
    gate: /alloc|memory|Killed|OOM/i,
    patterns: [/(DefaultCPUAllocator: (?:can't|not enough memory)|std::bad_alloc|CUBLAS_STATUS_ALLOC_FAILED|cudaErrorMemoryAllocation|MemoryError|Cannot allocate memory|out of memory|OOM[- ]?kill|exit code 137|signal 9|\bKilled\s*$)/im],
    sources: ['https://pytorch.org/docs/stable/notes/cuda.html#memory-management', 'https://docs.docker.com/engine/containers/resource_constraints/'],
    fixes: () => [advice('Give the load more memory, or load less at once', 'Load the weights in half precision (torch_dtype=float16 / bfloat16), with low_cpu_mem_usage=True or mmap (safetensors), one model at a time; on a GPU lower the batch or sequence length; in a container raise its memory limit (exit 137 is the kernel killing it).')],
  },
  {
    id: 'generic-weights-only',
    category: 'weights-only-unpickling',
    title: 'torch.load refused the checkpoint under weights_only=True (torch >= 2.6)',
    confidence: 0.85,
    gate: /weights_only|WeightsUnpickler|safe_globals|not an allowed global/,
    patterns: [/(WeightsUnpickler error[^\n]*)/, /GLOBAL ([\w.]+) was not an allowed global/, /(Weights only load failed)/, /(add_safe_globals|safe_globals)\(\[([\w.]+)/],
    sources: ['https://pytorch.org/docs/stable/notes/serialization.html#weights-only', 'https://pytorch.org/docs/stable/generated/torch.load.html'],
    fixes: (c) => [advice('Allow the checkpoint\'s classes, or load it as trusted', `For a checkpoint you trust: torch.serialization.add_safe_globals([${c[1] && /\./.test(c[1]) ? c[1] : '<the class the error names>'}]) before loading, or torch.load(path, weights_only=False). Or pin torch < 2.6 / upgrade the library to a release that passes weights_only itself.`)],
  },
  {
    id: 'generic-transformers-uninitialized-weights',
    category: 'missing-or-unexpected-keys',
    title: 'Weights of the model were not in the checkpoint (or the checkpoint had extra ones)',
    confidence: 0.7,
    gate: /were not initialized|were not used when initializing|_IncompatibleKeys|missing_keys/,
    patterns: [/Some weights of (\w+) were not initialized from the model checkpoint/, /Some weights of the model checkpoint at (\S+) were not used when initializing/, /_IncompatibleKeys\(missing_keys=\[/],
    sources: ['https://huggingface.co/docs/transformers/main_classes/model#transformers.PreTrainedModel.from_pretrained'],
    fixes: () => [advice('Load the checkpoint with the class and version it was saved from', 'The checkpoint and the model class disagree on parameter names: another architecture class, another transformers version that renamed modules, or a checkpoint saved with a wrapper prefix (module., model.). Use the class and version named in the checkpoint\'s config.json.')],
  },
  {
    id: 'generic-prompt-on-closed-stdin',
    category: 'other',
    title: 'The load stops at an interactive prompt (stdin is closed or not a terminal)',
    confidence: 0.85,
    gate: /EOFError|EOF when reading a line/,
    patterns: [/EOFError: EOF when reading a line/],
    sources: ['https://docs.python.org/3/library/functions.html#input', 'https://coqui-tts.readthedocs.io/en/latest/faq.html'],
    fixes: (_c, input) => {
      const t = input.text;
      // The innermost frame that calls input(): what asks the question.
      const prompt = [...t.matchAll(/File "([^"]+)", line (\d+), in (\w+)\n\s*([^\n]*input\([^\n]*)/g)].pop();
      const where = prompt ? `${prompt[1]}:${prompt[2]} (${prompt[3]}: ${prompt[4]!.trim()})` : null;
      // Coqui's model manager asks to accept the CPML licence before the first XTTS download.
      if (/TTS[\\/]utils[\\/]manage\.py|ask_tos|tos_agreed|COQUI_TOS|Coqui Public Model License|CPML/i.test(t)) {
        return [command("Accept Coqui's model licence non-interactively (you agree to the CPML by setting it)", 'export COQUI_TOS_AGREED=1')];
      }
      return [advice(`Answer the prompt${where ? ` at ${where}` : ''} without a terminal`, `The code calls input() during the load and the process has no interactive stdin (a service, a bridge from another language, CI). Look for the package's non-interactive switch (an environment variable or an argument such as agree=True, --yes) and set it where the app starts Python; or run the load once in a terminal and answer it there, if the answer is remembered.`)];
    },
  },
];

function toSignature(r: Rule): Signature {
  return {
    meta: { id: r.id, category: r.category, severity: 'error', title: r.title, sources: r.sources },
    match(input) {
      if (!r.gate.test(input.text)) return null;
      let hit: Hit | null = null;
      for (const re of r.patterns) if ((hit = firstHit(input, re))) break;
      if (!hit) return null;
      const refined = r.refine?.(input, hit) ?? {};
      if (refined.confidence === 0) return null;
      return {
        confidence: refined.confidence ?? r.confidence,
        ...(refined.category ? { category: refined.category } : {}),
        title: refined.title ?? r.title,
        evidence: evidenceOf([hit]),
        captures: Object.fromEntries([...hit.match].map((g, i) => [String(i), g ?? ''])),
      };
    },
    fixes(m, input) {
      const groups = Object.keys(m.captures).sort((a, b) => Number(a) - Number(b)).map((k) => m.captures[k]!);
      // An empty group is an absent one: fixes test `c[n] ?? fallback`.
      return r.fixes(groups.map((g) => (g === '' ? undefined : g)) as string[], input);
    },
  };
}

export const GENERIC_SIGNATURES: readonly Signature[] = RULES.map(toSignature);

// A model or voice is fetched from the Hugging Face Hub at load time, and the Hub cannot be reached (or the cache misses).
import type { Fix } from '../../core/report-types.js';
import type { Signature } from '../signature.js';
import { advice, command, pyRun, shellQuote } from '../fix-kit.js';
import { evidenceOf, firstHit, type Hit } from '../text-scan.js';

const PATTERNS = [
  /We couldn't connect to 'https:\/\/huggingface\.co'[^\n]*/,
  /LocalEntryNotFoundError[^\n]*/,
  /cannot find the requested files in the (?:local|disk) cache/,
  /OfflineModeIsEnabled[^\n]*/,
  // Logged reprs escape the quotes (host=\'huggingface.co\'), hence the optional backslashes.
  /HTTPSConnectionPool\(host=\\?'(?:cdn-lfs\.)?huggingface\.co\\?'[^\n]*/,
  /Failed to resolve \\?'?huggingface\.co/,
  /Connection to huggingface\.co timed out/,
  // Other model download hosts (coqui's XTTS mirror, GitHub releases) fail the same way.
  /HTTPSConnectionPool\(host=\\?'[^'\\]+\\?', port=\d+\): Max retries exceeded with url: \S*\.(?:pth|pt|bin|onnx|safetensors|json|npz)\b/,
];
const REPO = /huggingface\.co\/([\w.-]+\/[\w.-]+)\/resolve\/[\w.-]+\/([^\s'"),]+)|looks like ([\w.-]+\/[\w.-]+) is not the path|repo_id=['"]?([\w.-]+\/[\w.-]+)|Defaulting repo_id to ([\w.-]+\/[\w.-]+)|(?:from_pretrained|hf_hub_download|snapshot_download)\(\s*(?:(?:pretrained_model_name_or_path|repo_id)\s*=\s*)?['"]([\w.-]+\/[\w.-]+)['"]/;
const KOKORO = /Kokoro-82M|kokoro[\\/]pipeline\.py|KModel\.REPO_ID/;

export const signature: Signature = {
  meta: {
    id: 'hub-offline',
    category: 'hub-offline-or-cache',
    severity: 'error',
    title: 'The model is downloaded at load time and the Hub cannot be reached',
    sources: [
      'https://github.com/hexgrad/kokoro/issues/279',
      'https://github.com/labring/FastGPT/issues/3760',
      'https://github.com/ZiqiaoPeng/SyncTalk/issues/162',
      'https://github.com/neonbjb/tortoise-tts/issues/192',
      'https://huggingface.co/docs/transformers/installation#offline-mode',
    ],
  },

  match(input) {
    const hits: Hit[] = [];
    for (const re of PATTERNS) {
      const h = firstHit(input, re);
      if (h) hits.push(h);
    }
    if (!hits.length) return null;
    const repoHit = firstHit(input, REPO);
    const g = repoHit?.match ?? [];
    // The last: the source line of the call a traceback shows (`VitsModel.from_pretrained("facebook/mms-tts-eng")`).
    let repo = (g[1] ?? g[3] ?? g[4] ?? g[5] ?? g[6] ?? '').replace(/\.+$/, '');
    if (!repo && KOKORO.test(input.text)) repo = 'hexgrad/Kokoro-82M';
    return {
      confidence: 0.9,
      title: repo ? `Could not fetch ${repo} from the Hugging Face Hub (offline or blocked), and it is not cached` : undefined,
      evidence: evidenceOf(hits),
      captures: { repo, file: g[2] ?? '' },
    };
  },

  fixes(m, input): Fix[] {
    const repo = m.captures.repo;
    const vars = input.env?.envVars ?? {};
    // The cache this load reads, as huggingface_hub picks it: HF_HUB_CACHE, else $HF_HOME/hub, else
    // $XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub.
    const cache = vars.HF_HUB_CACHE || (vars.HF_HOME ? `${vars.HF_HOME}/hub` : vars.XDG_CACHE_HOME ? `${vars.XDG_CACHE_HOME}/huggingface/hub` : '~/.cache/huggingface/hub');
    const cacheVars = (['HF_HUB_CACHE', 'HF_HOME'] as const).filter((v) => vars[v]).map((v) => `${v}=${shellQuote(vars[v]!)}`);
    const offlineSet = ['1', 'true', 'yes', 'on'].includes((vars.HF_HUB_OFFLINE ?? vars.TRANSFORMERS_OFFLINE ?? '').toLowerCase());
    const fixes: Fix[] = [];
    if (repo) {
      // Same cache variables as the app, and online for this one command, so it fills the cache the load reads.
      const prefix = [...cacheVars, ...(offlineSet ? ['HF_HUB_OFFLINE=0'] : [])].join(' ');
      fixes.push(command(`Download ${repo} into ${cache}, where the load looks, on a machine with network`, `${prefix ? `${prefix} ` : ''}${pyRun(input, ['-c', `from huggingface_hub import snapshot_download; print(snapshot_download("${repo}"))`])}`));
    } else {
      fixes.push(advice('Download the model once with network access', `Run the same load once where the Hub is reachable (or copy ${cache} from such a machine); the files land in ${cache}, the cache the offline run reads.`));
    }
    if (offlineSet) fixes.push(advice(`HF_HUB_OFFLINE is already set: fill ${cache} first`, `Offline mode reads only ${cache}, and ${repo || 'the model'} is not there. Fill it with the command above (it lifts offline mode for that one command), or point HF_HUB_CACHE / HF_HOME at the folder that already holds it.`));
    else fixes.push(command('Then run offline from the cache only', 'export HF_HUB_OFFLINE=1'));
    fixes.push(advice('Behind a proxy or firewall', 'If the machine is online but blocked (DNS filter, proxy, region), set HTTPS_PROXY, or HF_ENDPOINT to a mirror; the log shows which host could not be reached.'));
    return fixes;
  },
};

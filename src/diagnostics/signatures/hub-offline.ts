// A model or voice is fetched from the Hugging Face Hub at load time, and the Hub cannot be reached (or the cache misses).
import type { Fix } from '../../core/report-types.js';
import type { Signature } from '../signature.js';
import { advice, command, pyRun } from '../fix-kit.js';
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
const REPO = /huggingface\.co\/([\w.-]+\/[\w.-]+)\/resolve\/[\w.-]+\/([^\s'"),]+)|looks like ([\w.-]+\/[\w.-]+) is not the path|repo_id=['"]?([\w.-]+\/[\w.-]+)|Defaulting repo_id to ([\w.-]+\/[\w.-]+)/;
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
    let repo = (g[1] ?? g[3] ?? g[4] ?? g[5] ?? '').replace(/\.+$/, '');
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
    const fixes: Fix[] = [];
    if (repo) {
      fixes.push(command(`Download ${repo} into the cache on a machine with network`, pyRun(input, ['-c', `from huggingface_hub import snapshot_download; print(snapshot_download("${repo}"))`])));
    } else {
      fixes.push(advice('Download the model once with network access', 'Run the same load once where the Hub is reachable (or copy ~/.cache/huggingface/hub from such a machine); the files land in the cache the offline run reads.'));
    }
    fixes.push(command('Then run offline from the cache only', 'export HF_HUB_OFFLINE=1'));
    fixes.push(advice('Behind a proxy or firewall', 'If the machine is online but blocked (DNS filter, proxy, region), set HTTPS_PROXY, or HF_ENDPOINT to a mirror; the log shows which host could not be reached.'));
    return fixes;
  },
};

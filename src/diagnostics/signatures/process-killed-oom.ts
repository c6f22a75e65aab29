// The kernel's OOM killer ended the process: the model needs more RAM than the machine (or container) has.
import type { Signature } from '../signature.js';
import { advice, command } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const OOM_KILL = /Out of memory: Killed process \d+|oom-kill:|oom_reaper|OOMKilled/;
const KILLED = /^(?:.*\s)?Killed\s*$/m;
const SIGKILL = /signal 9|SIGKILL|exit code 137|exited with code 137/;

const mib = (bytes: number | null | undefined) => (bytes ? Math.round(bytes / 1048576) : null);

export const signature: Signature = {
  meta: {
    id: 'process-killed-oom',
    category: 'out-of-memory',
    severity: 'error',
    title: 'The process was killed for using too much memory',
    sources: ['https://github.com/resemble-ai/chatterbox/issues/342', 'https://github.com/InternLM/Tutorial/issues/1239', 'https://github.com/wangzhaode/mnn-llm/issues/195'],
  },

  match(input) {
    const death = input.death?.status === 'out-of-memory' ? input.death : null;
    if (death) {
      // debug-tts itself killed the tree past the run's memoryLimitMb: a fact, with the figures.
      const peak = mib(death.peakBytes);
      const limit = mib(death.memoryLimitBytes);
      return {
        confidence: 1,
        title: `The load needs more than ${limit ? `the ${limit} MiB limit` : 'the memory limit'}${peak ? ` (killed at ${peak} MiB)` : ''}`,
        evidence: [
          ...(limit ? [{ label: 'memory limit', value: `${limit} MiB (memoryLimitMb)` }] : []),
          ...(peak ? [{ label: 'peak when killed', value: `${peak} MiB` }] : []),
        ],
        captures: { ...(peak ? { peak: String(peak) } : {}), ...(limit ? { limit: String(limit) } : {}), stage: input.stage ?? '' },
      };
    }
    const oom = firstHit(input, OOM_KILL);
    const killed = (input.text.includes('Killed') ? firstHit(input, KILLED) : null) ?? firstHit(input, SIGKILL);
    if (!oom && !killed) return null;
    return { confidence: oom ? 0.95 : 0.7, title: oom ? 'The kernel OOM killer ended the process' : 'The process was killed (SIGKILL), most likely out of memory', evidence: evidenceOf([killed, oom]), captures: {} };
  },

  fixes(m) {
    const { peak, limit, stage } = m.captures;
    if (limit) {
      // The size the load reached before the kill is a floor: ask for half again as much.
      const need = Math.ceil((Math.max(Number(peak ?? 0), Number(limit)) * 1.5) / 256) * 256;
      return [
        advice(`Give the process at least ${need} MiB, or make ${stage || 'the stage'} load less at once`, `${stage || 'The stage'} went past ${limit} MiB${peak ? ` (${peak} MiB when it was killed)` : ''}. Where the app runs with a memory cap (a container, a systemd MemoryMax, a serverless size), raise it to about ${need} MiB; to confirm the figure, run debug-tts with \`memoryLimitMb: ${need}\`. To need less: load weights with mmap (safetensors, or torch.load(..., mmap=True)), in half precision (torch_dtype=torch.float16), or one model at a time.`),
      ];
    }
    return [
      command('Confirm it was the OOM killer', 'sudo dmesg -T | grep -i -E "killed process|oom" | tail -5'),
      advice('Give the load more memory, or load less', 'Compare free RAM (and a container\'s memory limit) with the checkpoint size: loading a .pth can briefly need twice its size. Use safetensors/mmap loading, half precision, a smaller model, or add swap.'),
    ];
  },
};

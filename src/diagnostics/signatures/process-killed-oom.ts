// The kernel's OOM killer ended the process: the model needs more RAM than the machine (or container) has.
import type { Signature } from '../signature.js';
import { advice, command } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const OOM_KILL = /Out of memory: Killed process \d+|oom-kill:|oom_reaper|OOMKilled/;
const KILLED = /^(?:.*\s)?Killed\s*$/m;
const SIGKILL = /signal 9|SIGKILL|exit code 137|exited with code 137/;

export const signature: Signature = {
  meta: {
    id: 'process-killed-oom',
    category: 'out-of-memory',
    severity: 'error',
    title: 'The process was killed for using too much memory',
    sources: ['https://github.com/resemble-ai/chatterbox/issues/342', 'https://github.com/InternLM/Tutorial/issues/1239', 'https://github.com/wangzhaode/mnn-llm/issues/195'],
  },

  match(input) {
    const oom = firstHit(input, OOM_KILL);
    const killed = (input.text.includes('Killed') ? firstHit(input, KILLED) : null) ?? firstHit(input, SIGKILL);
    if (!oom && !killed) return null;
    return { confidence: oom ? 0.95 : 0.7, title: oom ? 'The kernel OOM killer ended the process' : 'The process was killed (SIGKILL), most likely out of memory', evidence: evidenceOf([killed, oom]), captures: {} };
  },

  fixes() {
    return [
      command('Confirm it was the OOM killer', 'sudo dmesg -T | grep -i -E "killed process|oom" | tail -5'),
      advice('Give the load more memory, or load less', 'Compare free RAM (and a container\'s memory limit) with the checkpoint size: loading a .pth can briefly need twice its size. Use safetensors/mmap loading, half precision, a smaller model, or add swap.'),
    ];
  },
};

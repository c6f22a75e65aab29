// A stage went past its time limit and debug-tts killed it. Before the kill the runner dumped every
// thread's Python stack (faulthandler on SIGUSR1): the innermost frame outside the runner is where
// the load waits (a download with no network, a lock, a prompt, a slow loop).
import type { Fix } from '../../core/report-types.js';
import type { Signature, SignatureMatch } from '../signature.js';
import { advice } from '../fix-kit.js';
import { faulthandlerFrames } from '../frames.js';

export const signature: Signature = {
  meta: {
    id: 'stage-timed-out',
    category: 'other',
    severity: 'error',
    title: 'A stage went past its time limit',
    sources: ['https://docs.python.org/3/library/faulthandler.html#dumping-the-traceback-on-a-user-signal'],
  },

  match(input): SignatureMatch | null {
    if (input.death?.status !== 'timed-out') return null;
    const frames = faulthandlerFrames(input.text);
    const frame = frames[0] ?? null;
    // The call a user recognises: the innermost frame in a package (hf_hub_download), not the socket read under it.
    const call = frames.find((f) => f.pkg) ?? frame;
    const seconds = input.death.timeoutMs ? Math.round(input.death.timeoutMs / 100) / 10 : null;
    return {
      // A fact of the run: nothing the stderr says outranks it.
      confidence: 0.99,
      title: call ? `The load waited in ${call.pkg ? `${call.pkg}'s ` : ''}${call.fn} until the time limit${seconds ? ` of ${seconds} s` : ''}` : `A stage ran past its time limit${seconds ? ` of ${seconds} s` : ''}`,
      evidence: [
        ...(frame ? [{ label: 'waiting in', value: `${frame.file}:${frame.line} (${frame.fn})` }] : []),
        ...(call && call !== frame ? [{ label: 'called from', value: `${call.file}:${call.line} (${call.fn})` }] : []),
        ...(seconds ? [{ label: 'time limit', value: `${seconds} s (stageTimeoutSeconds)` }] : []),
      ],
      captures: { ...(seconds ? { seconds: String(seconds) } : {}), ...(call ? { file: call.file, line: String(call.line), fn: call.fn, at: frame!.file === call.file ? '' : `${frame!.file}:${frame!.line} (${frame!.fn})` } : {}) },
    };
  },

  fixes(m): Fix[] {
    const { seconds, file, line, fn, at } = m.captures;
    const out: Fix[] = [];
    if (file) {
      out.push(advice(
        `See what ${fn} waits for at ${file}:${line}`,
        `Every thread's stack was dumped before the kill (in the stage's stderr): ${file} line ${line}, in ${fn}, is where the stage was${at ? `, waiting in ${at}` : ''}. A socket read or a download there means the load fetches something at run time (pre-download it and load from disk); a lock or a queue means another thread or process holds it; a loop means the load is just slow here.`,
      ));
    }
    if (seconds) {
      out.push(advice(
        `If the stage is only slow, give it more than ${seconds} s`,
        `Set \`stageTimeoutSeconds: ${Math.ceil(Number(seconds) * 4)}\` on the target (or under run:) and run debug-tts again: a stage that finishes then was slow, not stuck.`,
      ));
    }
    if (!out.length) out.push(advice('Give the stage more time, or find what it waits for', 'Set `stageTimeoutSeconds: 1200` on the target and run again; if it still times out, the stack dumped in its stderr says where it waits.'));
    return out;
  },
};

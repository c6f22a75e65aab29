// The current run's abort signal, for every child process debug-tts starts (execa's cancelSignal):
// Ctrl-C, SIGTERM from a CI runner and SIGHUP stop a pip install or a probe as they stop a target.
let current: AbortSignal | undefined;

export function setRunSignal(signal: AbortSignal | undefined): void {
  current = signal;
}

/** Spread into execa's options: `{ ...cancelOn() }`. */
export function cancelOn(): { cancelSignal?: AbortSignal } {
  return current ? { cancelSignal: current } : {};
}

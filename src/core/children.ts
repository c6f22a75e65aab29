// Process groups debug-tts started and has not seen end. Whatever way node exits (a second Ctrl-C,
// SIGTERM from a CI runner, an uncaught error), they are killed with it: a detached target never
// outlives the run that started it. Dependency-free, so the CLI's signal handler costs nothing to load.
const live = new Set<number>();
let exitHook = false;

/** Kills the whole process group the target leads (it was spawned detached), else the pid alone. */
export function killTree(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export function trackGroup(pid: number): void {
  live.add(pid);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', killTrackedGroups);
  }
}

export function untrackGroup(pid: number): void {
  live.delete(pid);
}

export function killTrackedGroups(): void {
  for (const pid of live) killTree(pid);
  live.clear();
}

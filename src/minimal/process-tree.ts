// The process tree of a target: its pids (to sample and to kill), read cheaply from /proc on Linux.
import { readdirSync, readFileSync } from 'node:fs';
import pidusage from 'pidusage';

/** The pid and all its descendants; elsewhere than Linux, the pid alone. */
export function treePids(root: number): number[] {
  if (process.platform !== 'linux') return [root];
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    out.push(pid);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        const children = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
        if (children) stack.push(...children.split(/\s+/).map(Number));
      } catch {
        // the task ended between readdir and read
      }
    }
  }
  return out;
}

/** Total RSS of the tree in bytes, or null when the root is gone. */
export async function treeRss(root: number): Promise<number | null> {
  const stats = await pidusage(treePids(root)).catch(() => ({}) as Record<string, null>);
  let total = 0;
  let any = false;
  for (const s of Object.values(stats)) {
    if (s) {
      total += s.memory;
      any = true;
    }
  }
  return any ? total : null;
}

/** Kills the whole process group the target leads (it was spawned detached). */
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

export function stopSampling(): void {
  pidusage.clear();
}

/**
 * Process groups debug-tts started and has not seen end. Whatever way node exits (a second Ctrl-C,
 * SIGTERM from a CI runner, an uncaught error), they are killed with it: a detached target never
 * outlives the run that started it.
 */
const live = new Set<number>();
let exitHook = false;

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

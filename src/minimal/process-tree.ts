// The process tree of a target: its pids (to sample and to kill), read cheaply from /proc on Linux.
import { readdirSync, readFileSync } from 'node:fs';
import pidusage from 'pidusage';

export { killTrackedGroups, killTree, trackGroup, untrackGroup } from '../core/children.js';

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

export function stopSampling(): void {
  pidusage.clear();
}


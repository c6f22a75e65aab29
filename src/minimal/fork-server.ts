// Client of fork_server.py: one Python process per interpreter imports torch once and forks a child per target.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';
import { pythonScript } from '../core/paths.js';

const FORK_SERVER = pythonScript('minimal/python/fork_server.py');
/** sun_path is 108 bytes on Linux; leave room for the terminator. */
const MAX_SOCKET_PATH = 100;

/** A running target's process, however it was started: what run-target watches. */
export interface LaunchedProcess {
  pid: number | undefined;
  stdout: Readable;
  stderr: Readable;
  /** Resolves once the process has ended and its output has been read. */
  closed: Promise<ProcessEnd>;
}

/** How a target's process ended; `error` when it could not be started or its end could not be learnt. */
export interface ProcessEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: string;
}

export interface ForkRequest {
  id: string;
  specFile: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** A private folder for the two sockets (the target's TMPDIR). */
  dir: string;
}

export interface ForkServerInfo {
  preloaded: string[];
  importMs: number;
}

type Exit = ProcessEnd;

/** Listens on a Unix socket for the one connection the forked child makes; its bytes become a stream. */
function socketStream(file: string): { stream: PassThrough; listening: Promise<void>; ended: Promise<void>; close: () => void } {
  const stream = new PassThrough();
  let resolveEnded!: () => void;
  const ended = new Promise<void>((r) => (resolveEnded = r));
  const server = net.createServer((conn) => {
    server.close();
    conn.pipe(stream);
    conn.on('close', () => resolveEnded());
    conn.on('error', () => resolveEnded());
  });
  const listening = new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.listen(file);
  return {
    stream,
    listening,
    ended,
    close: () => {
      server.close();
      resolveEnded();
      stream.end();
    },
  };
}

export class ForkServer {
  private readonly exits = new Map<number, (e: Exit) => void>();
  private readonly early = new Map<number, Exit>();
  private readonly starts = new Map<string, (pid: number | Error) => void>();
  private dead: string | null = null;

  private constructor(
    private readonly proc: ChildProcess,
    readonly info: ForkServerInfo,
  ) {
    createInterface({ input: proc.stdout! }).on('line', (line) => this.onLine(line));
    proc.on('close', () => this.onDeath('the fork server exited'));
  }

  /**
   * Starts a server that has imported `modules`; null (with the reason) when that is not possible here:
   * no fork on this platform, or an import that fails (the targets then show that failure themselves).
   */
  static async start(python: string, modules: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<ForkServer | string> {
    if (process.platform === 'win32' || process.platform === 'darwin') return `fork is not safe on ${process.platform}`;
    const proc = spawn(python, ['-B', FORK_SERVER, ...modules], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    const first = await new Promise<string | null>((resolve) => {
      const rl = createInterface({ input: proc.stdout! });
      rl.once('line', (l) => {
        rl.close();
        resolve(l);
      });
      proc.once('error', () => resolve(null));
      proc.once('close', () => resolve(null));
    });
    let hello: { type?: string; preloaded?: string[]; importMs?: number; error?: string; module?: string } = {};
    try {
      hello = first ? JSON.parse(first) : {};
    } catch {
      // not ours
    }
    if (hello.type !== 'ready') {
      proc.kill('SIGKILL');
      if (hello.type === 'preload-failed') return `import ${hello.module} failed in the fork server (${hello.error})`;
      return `the fork server did not start${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`;
    }
    return new ForkServer(proc, { preloaded: hello.preloaded ?? modules, importMs: hello.importMs ?? 0 });
  }

  /** The socket paths must fit in sun_path; a long TMPDIR means plain processes. */
  static fits(dir: string): boolean {
    return Buffer.byteLength(path.join(dir, 'stderr.sock')) <= MAX_SOCKET_PATH;
  }

  get usable(): boolean {
    return this.dead === null;
  }

  private onLine(line: string): void {
    let msg: { type?: string; id?: string; pid?: number; code?: number | null; signal?: string | null; error?: string };
    try {
      msg = JSON.parse(line);
    } catch {
      return;
    }
    if (msg.type === 'started' && msg.id !== undefined) this.starts.get(msg.id)?.(msg.pid!);
    if (msg.type === 'fork-failed' && msg.id !== undefined) this.starts.get(msg.id)?.(new Error(msg.error ?? 'fork failed'));
    if (msg.type === 'exit' && msg.pid !== undefined) {
      const exit: Exit = { code: msg.code ?? null, signal: (msg.signal ?? null) as NodeJS.Signals | null };
      const waiter = this.exits.get(msg.pid);
      if (waiter) waiter(exit);
      else this.early.set(msg.pid, exit);
    }
  }

  private onDeath(why: string): void {
    this.dead ??= why;
    for (const resolve of this.starts.values()) resolve(new Error(why));
    // A child whose exit we can no longer learn is reported as lost, never left hanging.
    for (const resolve of this.exits.values()) resolve({ code: null, signal: null, error: `debug-tts lost this process: ${why}` });
  }

  /** Forks a child for one target. Rejects when the server cannot (the caller then spawns a plain process). */
  async launch(r: ForkRequest): Promise<LaunchedProcess> {
    if (this.dead) throw new Error(this.dead);
    const events = socketStream(path.join(r.dir, 'events.sock'));
    const stderr = socketStream(path.join(r.dir, 'stderr.sock'));
    try {
      await Promise.all([events.listening, stderr.listening]);
    } catch (err) {
      events.close();
      stderr.close();
      throw err;
    }
    const started = new Promise<number | Error>((resolve) => this.starts.set(r.id, resolve));
    const env = Object.fromEntries(Object.entries(r.env).filter(([, v]) => v !== undefined));
    this.proc.stdin!.write(`${JSON.stringify({ id: r.id, spec: r.specFile, cwd: r.cwd, env, events: path.join(r.dir, 'events.sock'), stderr: path.join(r.dir, 'stderr.sock') })}\n`);
    const pid = await started;
    this.starts.delete(r.id);
    if (pid instanceof Error) {
      events.close();
      stderr.close();
      throw pid;
    }
    const exited = new Promise<Exit>((resolve) => {
      const early = this.early.get(pid);
      if (early) {
        this.early.delete(pid);
        resolve(early);
      } else this.exits.set(pid, resolve);
    });
    const closed = exited.then(async (exit) => {
      this.exits.delete(pid);
      // The child has exited: its sockets close with it, unless a grandchild still holds them.
      await Promise.race([Promise.all([events.ended, stderr.ended]), new Promise((r) => setTimeout(r, 2000))]);
      events.close();
      stderr.close();
      return exit;
    });
    return { pid, stdout: events.stream, stderr: stderr.stream, closed };
  }

  /** Ends the server: end of stdin, then a kill if it lingers. */
  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const gone = new Promise<void>((r) => this.proc.once('close', () => r()));
    this.proc.stdin!.end();
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 8000);
    await gone;
    clearTimeout(timer);
  }
}

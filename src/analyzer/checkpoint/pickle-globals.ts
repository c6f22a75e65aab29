// Walks pickle opcodes without executing anything and lists the globals (module.name) a pickle imports.

export interface PickleGlobal {
  module: string;
  name: string;
  /** GLOBAL / STACK_GLOBAL / INST: how the pickle names it. */
  opcode: string;
}

export interface PickleScan {
  globals: PickleGlobal[];
  protocol: number | null;
  /** Bytes consumed, up to and including STOP. */
  end: number;
  /** Persistent ids: torch storages referenced by the pickle (BINPERSID). */
  persistentIds: number;
  /** Per global, the first string pushed after each use of it (e.g. numpy.dtype -> ['f8', 'i8']). */
  firstStringArgs: Record<string, string[]>;
}

type Arg = { kind: 'fixed'; n: number } | { kind: 'len'; n: 1 | 4 | 8 } | { kind: 'line'; lines: number } | { kind: 'none' };

const fixed = (n: number): Arg => ({ kind: 'fixed', n });
const len = (n: 1 | 4 | 8): Arg => ({ kind: 'len', n });
const line = (lines = 1): Arg => ({ kind: 'line', lines });
const NONE: Arg = { kind: 'none' };

// Opcode -> argument layout, protocols 0-5 (CPython Lib/pickletools.py).
const OPS: Record<string, Arg> = {
  K: fixed(1), M: fixed(2), J: fixed(4), q: fixed(1), r: fixed(4), h: fixed(1), j: fixed(4),
  '\x80': fixed(1), '\x95': fixed(8), G: fixed(8), '\x82': fixed(1), '\x83': fixed(2), '\x84': fixed(4),
  U: len(1), T: len(4), X: len(4), '\x8c': len(1), '\x8d': len(8), C: len(1), B: len(4), '\x8e': len(8),
  '\x96': len(8), '\x8a': len(1), '\x8b': len(4),
  I: line(), L: line(), F: line(), S: line(), V: line(), P: line(), p: line(), g: line(), c: line(2), i: line(2),
};
for (const op of '()]}N\x88\x89Rbsuaet\x85\x86\x870 12.Q\x81\x92\x93\x94old\x8f\x90\x91\x97\x98'.replace(' ', '')) OPS[op] = NONE;

const STRING_OPS = new Set(['X', '\x8c', '\x8d', 'U', 'T', 'V', 'S']);

class Reader {
  constructor(private buf: Buffer, public pos: number) {}

  byte(): number {
    if (this.pos >= this.buf.length) throw new Error('truncated pickle: ended before STOP');
    return this.buf[this.pos++]!;
  }

  take(n: number): Buffer {
    if (this.pos + n > this.buf.length) throw new Error('truncated pickle: an argument runs past the end');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  uint(n: 1 | 2 | 4 | 8): number {
    const b = this.take(n);
    return n === 1 ? b[0]! : n === 2 ? b.readUInt16LE(0) : n === 4 ? b.readUInt32LE(0) : Number(b.readBigUInt64LE(0));
  }

  line(): string {
    const end = this.buf.indexOf(10, this.pos);
    if (end < 0) throw new Error('truncated pickle: a text argument has no newline');
    const s = this.buf.toString('latin1', this.pos, end);
    this.pos = end + 1;
    return s;
  }
}

/** One pickle starting at `offset`; throws on anything that is not a well-formed pickle. */
export function scanPickle(buf: Buffer, offset = 0): PickleScan {
  const r = new Reader(buf, offset);
  const globals: PickleGlobal[] = [];
  // Strings matter (STACK_GLOBAL takes the two pushed just before it) and globals (their first
  // string argument names e.g. a numpy dtype); everything else is null.
  type Item = string | { global: string } | null;
  const recent: Item[] = [];
  const memo = new Map<number, Item>();
  const firstStringArgs: Record<string, string[]> = {};
  let awaitingArg: string | null = null;
  let protocol: number | null = null;
  let persistentIds = 0;
  const push = (v: Item) => {
    if (typeof v === 'string' && awaitingArg) {
      (firstStringArgs[awaitingArg] ??= []).push(v);
      awaitingArg = null;
    }
    if (v && typeof v === 'object') awaitingArg = v.global;
    recent.push(v);
    if (recent.length > 8) recent.shift();
  };
  const addGlobal = (module: string, name: string, opcode: string) => {
    globals.push({ module, name, opcode });
    push({ global: `${module}.${name}` });
  };
  for (;;) {
    const at = r.pos;
    const op = String.fromCharCode(r.byte());
    const arg = OPS[op];
    if (!arg) throw new Error(`not a pickle: unknown opcode 0x${op.charCodeAt(0).toString(16)} at byte ${at}`);
    if (op === '.') return { globals, protocol, end: r.pos, persistentIds, firstStringArgs };
    if (arg.kind === 'fixed') {
      const v = r.uint(arg.n as 1 | 2 | 4 | 8);
      if (op === '\x80') protocol = v;
      else if (op === 'q' || op === 'r') memo.set(v, recent[recent.length - 1] ?? null);
      else if (op === 'h' || op === 'j') push(memo.get(v) ?? null);
      else if (op !== '\x95') push(null);
    } else if (arg.kind === 'len') {
      const data = r.take(r.uint(arg.n));
      push(STRING_OPS.has(op) ? data.toString(op === 'U' || op === 'T' ? 'latin1' : 'utf8') : null);
    } else if (arg.kind === 'line') {
      const first = r.line();
      if (op === 'c' || op === 'i') addGlobal(first, r.line(), op === 'c' ? 'GLOBAL' : 'INST'); else if (op === 'p') memo.set(Number(first), recent[recent.length - 1] ?? null);
      else if (op === 'g') push(memo.get(Number(first)) ?? null);
      else push(op === 'V' || op === 'S' ? first : null);
    } else if (op === '\x93') {
      const name = recent.pop();
      const module = recent.pop();
      if (typeof module !== 'string' || typeof name !== 'string') throw new Error(`STACK_GLOBAL at byte ${at} without two strings before it`);
      addGlobal(module, name, 'STACK_GLOBAL');
    } else if (op === '\x94') {
      memo.set(memo.size, recent[recent.length - 1] ?? null);
    } else if (op === 'Q') {
      persistentIds++;
    } else if (op !== '(' && op !== '0' && op !== '1') {
      push(null);
    }
  }
}

/** Distinct `module.name` strings, in first-seen order. */
export function qualifiedNames(globals: PickleGlobal[]): string[] {
  return [...new Set(globals.map((g) => `${g.module}.${g.name}`))];
}

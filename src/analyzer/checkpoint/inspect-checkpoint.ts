// Inspects a weights file without executing it: format, pickle globals, safetensors header, HTML or LFS stand-ins.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { listZip, readZipEntry } from './zip-reader.js';
import { qualifiedNames, scanPickle, type PickleScan } from './pickle-globals.js';
import { TORCH_WEIGHTS_ONLY_ALLOWLIST } from './torch-allowlist.js';

export type CheckpointFormat = 'torch-zip' | 'torch-legacy' | 'safetensors' | 'html' | 'git-lfs-pointer' | 'empty' | 'unknown';

export interface SafetensorsInfo {
  tensors: number;
  parameters: number;
  dtypes: Record<string, number>;
  /** Bytes the header says the data needs, past the header. */
  dataBytes: number;
  truncated: boolean;
}

export interface CheckpointInspection {
  file: string;
  sizeBytes: number;
  format: CheckpointFormat;
  /** Every global the pickle imports, `module.name`. */
  globals: string[];
  /** Not in torch's default weights_only allowlist: torch >= 2.6 refuses the file without add_safe_globals. */
  rejectedByWeightsOnly: string[];
  /** Globals that can run code on load: never load the file unless the user trusts it explicitly. */
  dangerous: string[];
  safetensors: SafetensorsInfo | null;
  /** Set when the file could not be read as its format says (truncated, corrupt). */
  problem: string | null;
}

const DANGEROUS_MODULES = /^(os|posix|nt|subprocess|sys|shutil|socket|importlib(\..*)?|pickle|_pickle|marshal|runpy|code|pty|webbrowser|ctypes(\..*)?|multiprocessing(\..*)?|asyncio(\..*)?|http(\..*)?|urllib(\..*)?|requests(\..*)?|pip(\..*)?|setuptools(\..*)?|commands|platform|tempfile|glob|io|codecs|operator|functools|types|timeit|pdb|bdb|cProfile|profile|trace)$/;
const DANGEROUS_BUILTINS = new Set(['eval', 'exec', 'compile', 'open', '__import__', 'getattr', 'setattr', 'delattr', 'globals', 'locals', 'vars', 'input', 'breakpoint', 'apply', 'execfile']);

export function isDangerous(qualified: string): boolean {
  const dot = qualified.lastIndexOf('.');
  const module = qualified.slice(0, dot);
  const name = qualified.slice(dot + 1);
  if (module === 'builtins' || module === '__builtin__') return DANGEROUS_BUILTINS.has(name);
  return DANGEROUS_MODULES.test(module) && qualified !== '_codecs.encode';
}

function head(file: string, n: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

const DTYPE_BYTES: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1, F8_E4M3: 1, F8_E5M2: 1, U16: 2, U32: 4, U64: 8 };

function safetensorsInfo(file: string, size: number): SafetensorsInfo {
  const first = head(file, 8);
  const headerLen = Number(first.readBigUInt64LE(0));
  if (headerLen > 100 * 1024 * 1024 || 8 + headerLen > size) throw new Error(`safetensors header length ${headerLen} does not fit in a ${size}-byte file`);
  const header = JSON.parse(head(file, 8 + headerLen).toString('utf8', 8)) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  let parameters = 0;
  let dataBytes = 0;
  const dtypes: Record<string, number> = {};
  let tensors = 0;
  for (const [name, t] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    tensors++;
    const n = t.shape.reduce((a, b) => a * b, 1);
    parameters += n;
    dtypes[t.dtype] = (dtypes[t.dtype] ?? 0) + n * (DTYPE_BYTES[t.dtype] ?? 0);
    dataBytes = Math.max(dataBytes, t.data_offsets[1]);
  }
  return { tensors, parameters, dtypes, dataBytes, truncated: 8 + headerLen + dataBytes > size };
}

// numpy pickles a dtype as numpy.dtype('f8'); torch's BUILD then needs the dtype's class, which never
// appears as a global: numpy.dtypes.Float64DType and friends must be allowed too.
const NUMPY_DTYPE_CLASSES: Record<string, string> = {
  f2: 'Float16DType', f4: 'Float32DType', f8: 'Float64DType', f16: 'LongDoubleDType', c8: 'Complex64DType', c16: 'Complex128DType',
  i1: 'Int8DType', i2: 'Int16DType', i4: 'Int32DType', i8: 'Int64DType', u1: 'UInt8DType', u2: 'UInt16DType', u4: 'UInt32DType',
  u8: 'UInt64DType', b1: 'BoolDType', O8: 'ObjectDType', O4: 'ObjectDType',
};

function implied(scan: PickleScan): string[] {
  return (scan.firstStringArgs['numpy.dtype'] ?? []).flatMap((code) => {
    const cls = NUMPY_DTYPE_CLASSES[code.replace(/^[<>|=]/, '')];
    return cls ? [`numpy.dtypes.${cls}`] : [];
  });
}

/** The pickle inside a torch checkpoint: `<archive>/data.pkl` in the zip format, the 4th pickle in the legacy one. */
function torchGlobals(file: string, format: 'torch-zip' | 'torch-legacy'): string[] {
  const scans: PickleScan[] = [];
  if (format === 'torch-zip') {
    const entry = listZip(file).find((e) => e.name.endsWith('/data.pkl') || e.name === 'data.pkl');
    if (!entry) throw new Error('zip archive without data.pkl: not a torch checkpoint');
    scans.push(scanPickle(readZipEntry(file, entry)));
  } else {
    // Legacy torch.save: magic number, protocol, sys info, then the object; storages follow as raw bytes.
    const buf = head(file, Math.min(statSync(file).size, 64 * 1024 * 1024));
    for (let i = 0, offset = 0; i < 4 && offset < buf.length; i++) {
      const scan = scanPickle(buf, offset);
      scans.push(scan);
      offset = scan.end;
    }
  }
  return [...new Set(scans.flatMap((s) => [...qualifiedNames(s.globals), ...implied(s)]))];
}

function detectFormat(file: string, size: number): CheckpointFormat {
  if (size === 0) return 'empty';
  const h = head(file, 512);
  const text = h.toString('latin1').trimStart().toLowerCase();
  if (text.startsWith('<!doctype html') || text.startsWith('<html') || text.startsWith('<?xml') || text.startsWith('<head')) return 'html';
  if (text.startsWith('version https://git-lfs.github.com/spec/')) return 'git-lfs-pointer';
  if (h[0] === 0x50 && h[1] === 0x4b && h[2] === 0x03 && h[3] === 0x04) return 'torch-zip';
  if (h[0] === 0x80 && h[1] !== undefined && h[1] <= 5) return 'torch-legacy';
  if (h.length >= 9 && h[8] === 0x7b) return 'safetensors'; // 8-byte length, then '{'
  return 'unknown';
}

export function inspectCheckpoint(file: string): CheckpointInspection {
  const sizeBytes = statSync(file).size;
  const format = detectFormat(file, sizeBytes);
  const out: CheckpointInspection = { file, sizeBytes, format, globals: [], rejectedByWeightsOnly: [], dangerous: [], safetensors: null, problem: null };
  try {
    if (format === 'torch-zip' || format === 'torch-legacy') {
      out.globals = torchGlobals(file, format);
      out.dangerous = out.globals.filter(isDangerous);
      out.rejectedByWeightsOnly = out.globals.filter((g) => !TORCH_WEIGHTS_ONLY_ALLOWLIST.has(g));
    } else if (format === 'safetensors') {
      out.safetensors = safetensorsInfo(file, sizeBytes);
      if (out.safetensors.truncated) out.problem = `truncated: the header needs ${out.safetensors.dataBytes} data bytes, the file has ${sizeBytes}`;
    }
  } catch (err) {
    out.problem = (err as Error).message;
  }
  return out;
}

/** numpy 2 renamed numpy.core to numpy._core: a file saved under numpy 1 names the old path. */
function safeGlobalEntry(qualified: string): string {
  const dot = qualified.lastIndexOf('.');
  const module = qualified.slice(0, dot);
  const name = qualified.slice(dot + 1);
  // Under numpy 2 the object's own name is numpy._core...: the (object, saved name) form matches the file.
  if (module === 'numpy.core' || module.startsWith('numpy.core.')) {
    return `(importlib.import_module(${JSON.stringify(module)}).${name}, ${JSON.stringify(qualified)})`;
  }
  return `importlib.import_module(${JSON.stringify(module)}).${name}`;
}

/** The exact Python to load a trusted file under weights_only: only the globals this file needs. */
export function safeGlobalsSnippet(rejected: string[]): string {
  const entries = rejected.map(safeGlobalEntry);
  return [
    'import importlib, torch',
    `with torch.serialization.safe_globals([${entries.join(', ')}]):`,
    '    state = torch.load(PATH, map_location="cpu")  # weights_only=True stays on',
  ].join('\n');
}

// Reads a file's entries out of a zip (as torch.save writes them) without loading the whole archive.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

function u64(buf: Buffer, at: number): number {
  return Number(buf.readBigUInt64LE(at));
}

/** The central directory's offset and size, through the zip64 records when torch wrote them. */
function centralDirectory(fd: number, fileSize: number): { offset: number; size: number; count: number } {
  const tailLen = Math.min(fileSize, 65_557 + 20);
  const tail = readAt(fd, fileSize - tailLen, tailLen);
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip archive (no end-of-central-directory record)');
  let count = tail.readUInt16LE(eocd + 10);
  let size = tail.readUInt32LE(eocd + 12);
  let offset = tail.readUInt32LE(eocd + 16);
  const locator = eocd - 20;
  if (locator >= 0 && tail.readUInt32LE(locator) === 0x07064b50) {
    const z64 = readAt(fd, u64(tail, locator + 8), 56);
    if (z64.readUInt32LE(0) === 0x06064b50) {
      count = u64(z64, 32);
      size = u64(z64, 40);
      offset = u64(z64, 48);
    }
  }
  return { offset, size, count };
}

function zip64Extra(extra: Buffer, entry: ZipEntry): void {
  for (let p = 0; p + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(p);
    const len = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      if (entry.size === 0xffffffff) (entry.size = u64(extra, q)), (q += 8);
      if (entry.compressedSize === 0xffffffff) (entry.compressedSize = u64(extra, q)), (q += 8);
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = u64(extra, q);
    }
    p += 4 + len;
  }
}

export function listZip(file: string): ZipEntry[] {
  const fd = openSync(file, 'r');
  try {
    const { offset, size } = centralDirectory(fd, fstatSync(fd).size);
    const cd = readAt(fd, offset, size);
    const entries: ZipEntry[] = [];
    for (let p = 0; p + 46 <= cd.length && cd.readUInt32LE(p) === 0x02014b50; ) {
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const entry: ZipEntry = {
        name: cd.toString('utf8', p + 46, p + 46 + nameLen),
        method: cd.readUInt16LE(p + 10),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localHeaderOffset: cd.readUInt32LE(p + 42),
      };
      zip64Extra(cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), entry);
      entries.push(entry);
      p += 46 + nameLen + extraLen + commentLen;
    }
    return entries;
  } finally {
    closeSync(fd);
  }
}

export function readZipEntry(file: string, entry: ZipEntry): Buffer {
  const fd = openSync(file, 'r');
  try {
    const local = readAt(fd, entry.localHeaderOffset, 30);
    if (local.readUInt32LE(0) !== 0x04034b50) throw new Error(`bad local header for ${entry.name}`);
    const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const data = readAt(fd, start, entry.compressedSize);
    if (entry.method === 0) return data;
    if (entry.method === 8) return inflateRawSync(data);
    throw new Error(`${entry.name} uses zip compression method ${entry.method}, which debug-tts cannot read`);
  } finally {
    closeSync(fd);
  }
}

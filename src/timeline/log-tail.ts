// Reading a JSON Lines log from its end: the latest seq and whether the last
// line is whole, without reading a long log from the start.
import fs from 'node:fs';
import type { TimelineEntry } from '../domain/types.js';

const NL = 0x0a;
const CHUNK = 64 * 1024;

export type Parsed = { ok: true; entry: TimelineEntry } | { ok: false; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// Only the shape the rest of the tool relies on; phase names and event types
// belong to the domain and may grow, so they are not checked here.
export function parseEntry(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not valid JSON (${(err as Error).message})` };
  }
  if (!isObject(value)) return { ok: false, reason: 'not a JSON object' };
  for (const key of ['id', 'at', 'type', 'phase', 'actor'] as const) {
    if (typeof value[key] !== 'string') return { ok: false, reason: `"${key}" is missing or not a string` };
  }
  if (typeof value.seq !== 'number' || !Number.isFinite(value.seq)) {
    return { ok: false, reason: '"seq" is missing or not a number' };
  }
  if (!isObject(value.data)) return { ok: false, reason: '"data" is missing or not an object' };
  if (value.occurredAt !== undefined && typeof value.occurredAt !== 'string') {
    return { ok: false, reason: '"occurredAt" is not a string' };
  }
  return { ok: true, entry: value as unknown as TimelineEntry };
}

interface Segment {
  bytes: Buffer;
  start: number;
}

/**
 * The file's '\n'-separated segments, last first, reading only as far back as
 * the caller iterates: finding the latest seq of a 10k-event log costs one
 * 64 KiB read. The first segment is whatever follows the final '\n' (empty
 * when the file ends cleanly).
 */
function* segmentsBackward(fd: number, end: number): Generator<Segment> {
  let pos = end;
  let pending = Buffer.alloc(0);
  for (;;) {
    const nl = pending.lastIndexOf(NL);
    if (nl !== -1) {
      yield { bytes: pending.subarray(nl + 1), start: pos + nl + 1 };
      pending = pending.subarray(0, nl);
      continue;
    }
    if (pos === 0) {
      yield { bytes: pending, start: 0 };
      return;
    }
    const len = Math.min(CHUNK, pos);
    const chunk = Buffer.alloc(len);
    readFully(fd, chunk, pos - len);
    pos -= len;
    pending = Buffer.concat([chunk, pending]);
  }
}

function readFully(fd: number, buf: Buffer, position: number): void {
  let off = 0;
  while (off < buf.length) {
    const n = fs.readSync(fd, buf, off, buf.length - off, position + off);
    if (n === 0) throw new Error('file shrank while being read');
    off += n;
  }
}

function isBlank(bytes: Buffer): boolean {
  return bytes.toString('utf8').trim() === '';
}

export interface Tail {
  /** Bytes after the final '\n' that are not a valid entry: a torn write. */
  torn: Buffer | null;
  tornStart: number;
  /** Whether the file is empty or ends with '\n'. */
  terminated: boolean;
  lastSeq: number;
}

export function scanTail(fd: number, size: number): Tail {
  const tail: Tail = { torn: null, tornStart: size, terminated: true, lastSeq: 0 };
  let first = true;
  for (const seg of segmentsBackward(fd, size)) {
    if (first) {
      first = false;
      if (seg.bytes.length === 0) continue;
      tail.terminated = false;
      const parsed = parseEntry(seg.bytes.toString('utf8'));
      if (!parsed.ok) {
        tail.torn = Buffer.from(seg.bytes);
        tail.tornStart = seg.start;
        continue;
      }
      tail.lastSeq = parsed.entry.seq;
      return tail;
    }
    if (isBlank(seg.bytes)) continue;
    const parsed = parseEntry(seg.bytes.toString('utf8'));
    // A corrupt line near the end is read()'s to report; keep looking for a seq.
    if (parsed.ok) {
      tail.lastSeq = parsed.entry.seq;
      return tail;
    }
  }
  return tail;
}

export function countNewlines(fd: number, end: number): number {
  let count = 0;
  const buf = Buffer.alloc(CHUNK);
  for (let pos = 0; pos < end;) {
    const n = fs.readSync(fd, buf, 0, Math.min(CHUNK, end - pos), pos);
    if (n === 0) break;
    for (let i = 0; i < n; i++) if (buf[i] === NL) count++;
    pos += n;
  }
  return count;
}

/** The latest seq in a log (0 when empty or missing), reading from the end. */
export function readTailSeq(file: string): number {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  try {
    return scanTail(fd, fs.fstatSync(fd).size).lastSeq;
  } finally {
    fs.closeSync(fd);
  }
}

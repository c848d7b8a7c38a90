import fs from 'node:fs';
import path from 'node:path';
import type { NewEntry, TimelineEntry } from '../domain/types.js';
import { maskDeep } from '../domain/secrets.js';
import { asidePath, fsyncDirSync } from './fsync-file.js';
import { newUlid } from './ids.js';
import { takeAppendLock } from './append-lock.js';
import { countNewlines, parseEntry, scanTail } from './log-tail.js';
import { ensurePrivateDir, tightenOpenFile } from './private-mode.js';

export { readTailSeq } from './log-tail.js';

export const EVENTS_FILE = 'events.jsonl';

const { O_RDWR, O_APPEND, O_CREAT, O_EXCL } = fs.constants;

export interface EventLogOptions {
  /** `user@host`, stamped on every entry this writer appends. */
  actor: string;
  now: () => Date;
  /**
   * Cut a torn last line (moved aside first). Only the writer holding the
   * incident's lock may: for anyone else (`incident note`) a "torn" line may be
   * the session's line still arriving, so it only starts on a new line.
   */
  repairTail?: boolean;
}

export interface ReadResult {
  entries: TimelineEntry[];
  /** `<path>:<line>: …` for every line that was skipped. */
  warnings: string[];
  /** Bytes read: what IncidentSummary.logSize is compared against. */
  size: number;
}

export function eventsPath(dir: string): string {
  return path.join(dir, EVENTS_FILE);
}

/**
 * One incident's append-only `events.jsonl`, the source of truth. Several
 * processes may hold it open at once (the session and `incident note`): each
 * line goes out in one write() on an O_APPEND descriptor, so lines never
 * interleave, and append() returns only after fsync.
 */
export class EventLog {
  /** Problems found and fixed while opening (`<path>:<line>: …`). */
  readonly warnings: string[];
  readonly path: string;
  private fd: number | null;
  private lastSeqSeen = 0;
  /** Size we expect if nobody else has appended since our last look. */
  private knownSize = 0;
  /** The file ends without '\n' (a valid last line lost its newline). */
  private needsNewline = false;

  private constructor(
    file: string,
    fd: number,
    private readonly opts: EventLogOptions,
    warnings: string[],
  ) {
    this.path = file;
    this.fd = fd;
    this.warnings = warnings;
  }

  static open(dir: string, opts: EventLogOptions): EventLog {
    const warnings: string[] = [];
    const dirWarning = ensurePrivateDir(dir);
    if (dirWarning) warnings.push(dirWarning);
    const file = eventsPath(dir);
    let fd: number;
    let created = false;
    try {
      fd = fs.openSync(file, O_RDWR | O_APPEND | O_CREAT | O_EXCL, 0o600);
      created = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      fd = fs.openSync(file, O_RDWR | O_APPEND);
    }
    try {
      if (created) fsyncDirSync(dir);
      else {
        const modeWarning = tightenOpenFile(fd, file);
        if (modeWarning) warnings.push(modeWarning);
      }
      const log = new EventLog(file, fd, opts, warnings);
      log.repairTail();
      return log;
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
  }

  /** Every valid entry in file order. Never modifies the file. */
  static read(file: string): ReadResult {
    let text: string;
    let size: number;
    try {
      const buf = fs.readFileSync(file);
      size = buf.length;
      text = buf.toString('utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], warnings: [], size: 0 };
      throw err;
    }
    const entries: TimelineEntry[] = [];
    const warnings: string[] = [];
    const lines = text.split('\n');
    const last = lines.length - 1;
    lines.forEach((line, i) => {
      // Blank lines appear when a writer adds the missing '\n' of a previous line.
      if (line.trim() === '') return;
      const parsed = parseEntry(line);
      if (parsed.ok) entries.push(parsed.entry);
      else if (i === last) {
        warnings.push(`${file}:${i + 1}: torn last line (${Buffer.byteLength(line)} bytes, no newline) skipped: ${parsed.reason}`);
      } else warnings.push(`${file}:${i + 1}: line skipped: ${parsed.reason}`);
    });
    return { entries, warnings, size };
  }

  read(): ReadResult {
    return EventLog.read(this.path);
  }

  get lastSeq(): number {
    return this.lastSeqSeen;
  }

  /** Current size of the file on disk, for IncidentSummary.logSize. */
  size(): number {
    return fs.fstatSync(this.requireFd()).size;
  }

  append(entry: NewEntry): TimelineEntry {
    const fd = this.requireFd();
    const release = once(takeAppendLock(this.lockPath));
    try {
      return this.appendLocked(fd, entry, release);
    } finally {
      release();
    }
  }

  /** Beside the log: held for one append or one repair, so each event gets the next `seq`. */
  private get lockPath(): string {
    return `${this.path}.lock`;
  }

  /** `written`: called once the line is in the file, where the next writer sees it (the fsync can be slow). */
  private appendLocked(fd: number, entry: NewEntry, written: () => void): TimelineEntry {
    const size = fs.fstatSync(fd).size;
    if (size !== this.knownSize) this.catchUp(size);
    const now = this.opts.now();
    const full: TimelineEntry = {
      id: newUlid(now.getTime()),
      seq: this.lastSeqSeen + 1,
      at: now.toISOString(),
      ...(entry.occurredAt !== undefined ? { occurredAt: entry.occurredAt } : {}),
      phase: entry.phase,
      type: entry.type,
      actor: this.opts.actor,
      // The last gate before disk, whoever the writer: callers mask what they
      // know is typed, but a probe error, a commit subject or a git message
      // nested in the data is text from outside too.
      data: maskDeep(entry.data),
    };
    const line = `${this.needsNewline ? '\n' : ''}${JSON.stringify(full)}\n`;
    const buf = Buffer.from(line, 'utf8');
    // One write per line is what keeps concurrent appenders from interleaving;
    // a short write (disk full) is reported, never completed by a second write.
    const bytes = fs.writeSync(fd, buf);
    written();
    if (bytes !== buf.length) {
      this.knownSize = -1;
      throw new Error(`${this.path}: short write (${bytes} of ${buf.length} bytes); the event was not saved`);
    }
    fs.fsyncSync(fd);
    this.knownSize = size + bytes;
    this.lastSeqSeen = full.seq;
    this.needsNewline = false;
    return full;
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    fs.closeSync(fd);
  }

  private requireFd(): number {
    if (this.fd === null) throw new Error(`${this.path}: event log is closed`);
    return this.fd;
  }

  /** Another process appended (or repaired) since we last looked. */
  private catchUp(size: number): void {
    const tail = scanTail(this.requireFd(), size);
    this.lastSeqSeen = Math.max(this.lastSeqSeen, tail.lastSeq);
    // Even a foreign torn fragment gets its own line: ours must stay whole.
    this.needsNewline = !tail.terminated;
    this.knownSize = size;
  }

  private repairTail(): void {
    // Not while another writer is mid-append: its line arriving would look torn.
    const release = takeAppendLock(this.lockPath);
    try {
      this.repairTailLocked();
    } finally {
      release();
    }
  }

  private repairTailLocked(): void {
    const fd = this.requireFd();
    for (let attempt = 1; ; attempt++) {
      const size = fs.fstatSync(fd).size;
      const tail = scanTail(fd, size);
      this.lastSeqSeen = tail.lastSeq;
      this.knownSize = size;
      this.needsNewline = !tail.terminated;
      if (!tail.torn || this.opts.repairTail === false) return;
      // Growth means another process is appending right now and what looked
      // torn may be its line arriving: look again rather than cut it off. If it
      // never settles, leave the bytes; our next append starts on a new line.
      if (fs.fstatSync(fd).size !== size) {
        if (attempt < 5) continue;
        this.warnings.push(`${this.path}: last line has no newline but the file keeps growing; left as is`);
        return;
      }
      const line = countNewlines(fd, tail.tornStart) + 1;
      const aside = saveAside(this.path, tail.torn, this.opts.now());
      fs.ftruncateSync(fd, tail.tornStart);
      fs.fsyncSync(fd);
      this.knownSize = tail.tornStart;
      this.needsNewline = false;
      this.warnings.push(`${this.path}:${line}: torn last line (${tail.torn.length} bytes, no newline) moved to ${path.basename(aside)}`);
      return;
    }
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}

// Exclusive create: a second repair in the same second must not overwrite the first.
function saveAside(file: string, bytes: Buffer, now: Date): string {
  for (let attempt = 1; ; attempt++) {
    const target = asidePath(file, 'torn', now, attempt);
    let fd: number;
    try {
      fd = fs.openSync(target, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    try {
      fs.writeFileSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fsyncDirSync(path.dirname(file));
    return target;
  }
}

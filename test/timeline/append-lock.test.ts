// The short lock around one append: taken and released, taken over from a
// writer that died or left it long ago, and never a reason to hold an event back.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { takeAppendLock } from '../../src/timeline/append-lock.js';
import { EventLog, eventsPath } from '../../src/timeline/event-log.js';
import { makeTempDir } from '../helpers/temp.js';

let tmp: { dir: string; cleanup: () => void };
let lock: string;
beforeEach(() => {
  tmp = makeTempDir('incident-append-lock-');
  lock = path.join(tmp.dir, 'events.jsonl.lock');
});
afterEach(() => tmp.cleanup());

/** A pid that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('takeAppendLock', () => {
  it('creates a private lock file naming this process, and release removes it', () => {
    const release = takeAppendLock(lock);
    expect(fs.readFileSync(lock, 'utf8')).toBe(String(process.pid));
    expect(fs.statSync(lock).mode & 0o777).toBe(0o600);
    release();
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('takes over a lock left by a process that died holding it', () => {
    fs.writeFileSync(lock, String(deadPid()));
    const started = Date.now();
    const release = takeAppendLock(lock, { waitMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(fs.readFileSync(lock, 'utf8')).toBe(String(process.pid));
    release();
  });

  it('takes over a lock older than the stale age, even if its pid is alive', () => {
    fs.writeFileSync(lock, '1'); // init: alive, and not ours
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    const release = takeAppendLock(lock, { waitMs: 5_000 });
    expect(fs.readFileSync(lock, 'utf8')).toBe(String(process.pid));
    release();
  });

  it('goes ahead without the lock after the wait when a live holder keeps it, and leaves that lock alone', () => {
    fs.writeFileSync(lock, '1');
    const started = Date.now();
    const release = takeAppendLock(lock, { waitMs: 150 });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(150);
    expect(waited).toBeLessThan(2_000);
    release();
    expect(fs.readFileSync(lock, 'utf8')).toBe('1');
  });

  it('does not remove a lock that another writer took over meanwhile', () => {
    const release = takeAppendLock(lock);
    // Taken over as stale by someone else: removed, and made again (the inode number may well be the same).
    fs.unlinkSync(lock);
    fs.writeFileSync(lock, '1');
    release();
    expect(fs.readFileSync(lock, 'utf8')).toBe('1');
  });

  it('a lock naming this very process was left by an append of ours that failed: taken at once', () => {
    fs.writeFileSync(lock, String(process.pid));
    const started = Date.now();
    takeAppendLock(lock, { waitMs: 5_000 })();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('a stale lock that cannot be removed is waited out, never looped on', () => {
    // A folder in its place: old enough to be stale, and unlink refuses it (as a read-only disk would).
    fs.mkdirSync(lock);
    fs.writeFileSync(path.join(lock, 'x'), '');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    const started = Date.now();
    takeAppendLock(lock, { waitMs: 150 })();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(fs.statSync(lock).isDirectory()).toBe(true);
  });

  it('a folder where no lock can be made (gone, read-only) is no reason to wait', () => {
    const started = Date.now();
    takeAppendLock(path.join(tmp.dir, 'missing', 'events.jsonl.lock'))();
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('EventLog with the append lock', () => {
  it('appends while a live process holds the lock, after the wait, and loses nothing', () => {
    const dir = path.join(tmp.dir, 'incident');
    const log = EventLog.open(dir, { actor: 'ana@laptop', now: () => new Date() });
    log.append({ phase: 'detect', type: 'note.added', data: { text: 'one' } });
    fs.writeFileSync(`${eventsPath(dir)}.lock`, '1');
    const entry = log.append({ phase: 'detect', type: 'note.added', data: { text: 'two' } });
    log.close();
    expect(EventLog.read(eventsPath(dir)).entries.map((e) => [e.seq, e.data.text])).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
    expect(entry.seq).toBe(2);
  });
});

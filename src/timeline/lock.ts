import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fsyncDirSync } from './fsync-file.js';

export const LOCK_FILE = 'lock';

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

export interface LockOptions {
  pid?: number;
  host?: string;
  now?: () => Date;
}

export interface Lock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still ours; true when it did. */
  release(): boolean;
}

export type LockResult = { ok: true; lock: Lock; notice: string | null } | { ok: false; holder: LockHolder | null; reason: string };

function readHolder(file: string): LockHolder | null | 'missing' {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.startedAt === 'string') {
      return { pid: v.pid, host: v.host, startedAt: v.startedAt };
    }
  } catch {
    // fall through: unreadable
  }
  return null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else, which is still alive.
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

// After a reboot (the laptop died mid-incident) the old pid may belong to
// some unrelated process; a lock older than the boot is stale whatever its pid.
function startedBeforeBoot(h: LockHolder): boolean {
  const started = Date.parse(h.startedAt);
  const bootedAt = Date.now() - os.uptime() * 1000;
  return Number.isFinite(started) && started < bootedAt - 60_000;
}

/** Judged from this host: a lock elsewhere is never stale (its pid means nothing here). */
function isStale(h: LockHolder, host: string): boolean {
  return h.host === host && (!isAlive(h.pid) || startedBeforeBoot(h));
}

export type LockState = { state: 'free' } | { state: 'held' | 'stale'; holder: LockHolder } | { state: 'unreadable' };

/** Who holds the incident in `dir`, without taking it: for a read-only view waiting for the holder to leave. */
export function inspectLock(dir: string, host: string = os.hostname()): LockState {
  const holder = readHolder(path.join(dir, LOCK_FILE));
  if (holder === 'missing') return { state: 'free' };
  if (holder === null) return { state: 'unreadable' };
  return { state: isStale(holder, host) ? 'stale' : 'held', holder };
}

const sameHolder = (a: LockHolder | null | 'missing', b: LockHolder): boolean =>
  a !== null && a !== 'missing' && a.pid === b.pid && a.host === b.host && a.startedAt === b.startedAt;

function describe(h: LockHolder): string {
  return `pid ${h.pid} on ${h.host} (since ${h.startedAt})`;
}

/**
 * One interactive session per incident, git-style: a lock file created with
 * O_EXCL semantics and left alone while the session runs. No timers or
 * heartbeats (proper-lockfile's throw after a laptop sleeps); a lock is stale
 * only when its pid is gone on this same host. Appending notes does not need it.
 */
export function acquireLock(dir: string, options: LockOptions = {}): LockResult {
  const file = path.join(dir, LOCK_FILE);
  const me: LockHolder = {
    pid: options.pid ?? process.pid,
    host: options.host ?? os.hostname(),
    startedAt: (options.now ?? (() => new Date()))().toISOString(),
  };
  // Written in full under a private name and then linked into place, so
  // nobody ever reads a half-written lock.
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `.${LOCK_FILE}.${me.pid}.${crypto.randomBytes(6).toString('hex')}`);
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, `${JSON.stringify(me)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    let notice: string | null = null;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        fs.linkSync(tmp, file);
        fsyncDirSync(dir);
        return { ok: true, lock: makeLock(file, dir, me), notice };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = readHolder(file);
      if (holder === 'missing') continue;
      if (holder === null) {
        return { ok: false, holder: null, reason: `${file} is unreadable; remove it if no other session is open` };
      }
      if (!isStale(holder, me.host)) {
        return {
          ok: false,
          holder,
          reason: `incident is open in another session: ${describe(holder)}; if it is not, remove ${file}`,
        };
      }
      // Move the stale lock aside under a private name first: of two processes
      // taking over at once, only one can rename it, and we check that what we
      // moved is the lock we judged dead before discarding it.
      const stale = `${tmp}.stale`;
      try {
        fs.renameSync(file, stale);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      const moved = readHolder(stale);
      if (!sameHolder(moved, holder)) {
        // We grabbed someone's fresh lock: put it back unless another took its place.
        try {
          fs.linkSync(stale, file);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
        fs.rmSync(stale, { force: true });
        continue;
      }
      fs.rmSync(stale, { force: true });
      notice = `took over a stale lock on ${dir}: ${describe(holder)} is no longer running`;
    }
    const holder = readHolder(file);
    return {
      ok: false,
      holder: holder === 'missing' ? null : holder,
      reason: `could not take ${file}: other processes keep changing it`,
    };
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function makeLock(file: string, dir: string, holder: LockHolder): Lock {
  return {
    path: file,
    holder,
    release(): boolean {
      if (!sameHolder(readHolder(file), holder)) return false;
      fs.rmSync(file, { force: true });
      fsyncDirSync(dir);
      return true;
    },
  };
}

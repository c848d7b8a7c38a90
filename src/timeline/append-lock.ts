// A short lock around one append, so that two processes writing the same log
// (the session and `incident note`) never give two events the same `seq`:
// without it, both can read the same last seq before either writes.
//
// It is a convenience, never a condition: lines never interleave without it
// (one write on O_APPEND), so a lock that cannot be had within WAIT_MS — a
// writer stopped mid-append, a full disk, a read-only folder — means appending
// without it rather than waiting on. No event is ever held back by this file.
//
// Left alone: two writers taking over the same stale lock at the same moment
// can both believe they hold it (then two events may share a seq; none is lost).
import fs from 'node:fs';

/** Longer than any sane append holds it; a lock this old was left by a writer that died. */
const STALE_MS = 5_000;
/** How long an append waits for another one before going ahead without the lock. */
const WAIT_MS = 2_000;
const POLL_MS = 1;

const sleeper = new Int32Array(new SharedArrayBuffer(4));

export interface AppendLockOptions {
  now?: () => number;
  staleMs?: number;
  waitMs?: number;
}

/** Takes the lock at `file` (waiting up to WAIT_MS) and returns its release; a no-op release when it went without. */
export function takeAppendLock(file: string, opts: AppendLockOptions = {}): () => void {
  const now = opts.now ?? Date.now;
  const giveUpAt = now() + (opts.waitMs ?? WAIT_MS);
  for (;;) {
    let fd: number;
    try {
      fd = fs.openSync(file, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return noop;
      // A stale lock that cannot be removed (a folder gone read-only) is waited out like a live one.
      if (isStale(file, now(), opts.staleMs ?? STALE_MS) && remove(file)) continue;
      if (now() >= giveUpAt) return noop;
      Atomics.wait(sleeper, 0, 0, POLL_MS);
      continue;
    }
    // Ours is this file — its inode and change time, as a freed inode number can be reused at once. The pid
    // inside is only for telling a dead holder, and may not even get written on a full disk.
    let identity: string | null = null;
    try {
      fs.writeSync(fd, String(process.pid));
    } catch {
      // An empty lock file still locks; its age makes it stale in time.
    }
    try {
      identity = identify(fs.fstatSync(fd, { bigint: true }));
    } catch {
      // Then it is left for its age to release.
    } finally {
      try {
        fs.closeSync(fd);
      } catch {
        // Nothing to do about it here, and the append must not fail for it.
      }
    }
    return () => releaseIfOurs(file, identity);
  }
}

const noop = (): void => undefined;

function isStale(file: string, now: number, staleMs: number): boolean {
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    // Gone between our try and this look: free again.
    return false;
  }
  if (now - mtimeMs > staleMs) return true;
  let pid: number;
  try {
    pid = Number(fs.readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  // Appends are synchronous, so a lock naming this process is one it left behind (an append that threw).
  if (pid === process.pid) return true;
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // EPERM: alive, someone else's. ESRCH: the writer died holding it.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const identify = (st: fs.BigIntStats): string => `${st.dev}:${st.ino}:${st.ctimeNs}`;

/** Only while it is still the file we made: a lock taken over as stale belongs to its new holder. */
function releaseIfOurs(file: string, identity: string | null): void {
  try {
    if (identity === null || identify(fs.statSync(file, { bigint: true })) !== identity) return;
  } catch {
    return;
  }
  remove(file);
}

/** True when the file is gone (removed now, or already). */
function remove(file: string): boolean {
  try {
    fs.unlinkSync(file);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

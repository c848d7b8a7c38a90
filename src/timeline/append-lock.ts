// A short lock around one append, so that two processes writing the same log
// (the session and `incident note`) never give two events the same `seq`:
// without it, both can read the same last seq before either writes.
//
// It is a convenience, never a condition: lines never interleave without it
// (one write on O_APPEND), so a lock that cannot be had within WAIT_MS — a
// writer stopped mid-append, a full disk, a read-only folder — means appending
// without it rather than waiting on. No event is ever held back by this file.
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
      if (isStale(file, now(), opts.staleMs ?? STALE_MS)) {
        removeQuietly(file);
        continue;
      }
      if (now() >= giveUpAt) return noop;
      Atomics.wait(sleeper, 0, 0, POLL_MS);
      continue;
    }
    try {
      fs.writeSync(fd, String(process.pid));
    } catch {
      // An empty lock file still locks; its age makes it stale in time.
    } finally {
      fs.closeSync(fd);
    }
    return () => releaseIfOurs(file);
  }
}

const noop = (): void => undefined;

function isStale(file: string, now: number, staleMs: number): boolean {
  let text: string;
  let mtimeMs: number;
  try {
    text = fs.readFileSync(file, 'utf8');
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    // Gone between our try and this look: free again.
    return false;
  }
  if (now - mtimeMs > staleMs) return true;
  const pid = Number(text);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // EPERM: alive, someone else's. ESRCH: the writer died holding it.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Only while it still names us: a lock taken over as stale belongs to its new holder. */
function releaseIfOurs(file: string): void {
  try {
    if (fs.readFileSync(file, 'utf8') !== String(process.pid)) return;
  } catch {
    return;
  }
  removeQuietly(file);
}

function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // Already gone (taken over as stale by another writer): nothing to release.
  }
}

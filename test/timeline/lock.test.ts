import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, inspectLock } from '../../src/timeline/lock.js';
import { makeTempDir, modeOf } from '../helpers/temp.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir('incident-lock-')));
afterEach(() => cleanup());

const lockFile = (): string => path.join(dir, 'lock');

/** A pid that certainly belonged to a process which has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid!;
}

describe('acquireLock', () => {
  it('takes a free lock, refuses a second session with the holder, releases', () => {
    const startedAt = new Date().toISOString();
    const first = acquireLock(dir, { pid: process.pid, host: 'laptop', now: () => new Date(startedAt) });
    if (!first.ok) throw new Error(first.reason);
    expect(first.notice).toBeNull();
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8'))).toEqual({
      pid: process.pid,
      host: 'laptop',
      startedAt,
    });
    expect(modeOf(lockFile())).toBe(0o600);

    const second = acquireLock(dir, { pid: 999_999_999, host: 'laptop' });
    expect(second).toMatchObject({
      ok: false,
      holder: { pid: process.pid, host: 'laptop', startedAt },
    });
    if (!second.ok) expect(second.reason).toMatch(/another session: pid \d+ on laptop/);

    expect(first.lock.release()).toBe(true);
    expect(fs.existsSync(lockFile())).toBe(false);
    expect(first.lock.release()).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('takes over the lock of a dead process on this host, with a notice', () => {
    const dead = deadPid();
    fs.writeFileSync(lockFile(), JSON.stringify({ pid: dead, host: 'laptop', startedAt: '2025-03-01T00:00:00.000Z' }));
    const result = acquireLock(dir, { host: 'laptop' });
    if (!result.ok) throw new Error(result.reason);
    expect(result.notice).toMatch(new RegExp(`stale lock .*pid ${dead} on laptop .*no longer running`));
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8')).pid).toBe(process.pid);
    result.lock.release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('takes over a lock made before this machine booted, even if its pid is in use again', () => {
    const beforeBoot = new Date(Date.now() - os.uptime() * 1000 - 3_600_000).toISOString();
    fs.writeFileSync(lockFile(), JSON.stringify({ pid: process.pid, host: 'laptop', startedAt: beforeBoot }));
    const result = acquireLock(dir, { host: 'laptop' });
    expect(result).toMatchObject({ ok: true, notice: expect.stringMatching(/stale lock/) });
  });

  it('does not judge a lock held from another host', () => {
    const dead = deadPid();
    fs.writeFileSync(lockFile(), JSON.stringify({ pid: dead, host: 'other-box', startedAt: '2025-03-01T00:00:00.000Z' }));
    expect(acquireLock(dir, { host: 'laptop' })).toMatchObject({ ok: false, holder: { host: 'other-box' } });
  });

  it('release leaves alone a lock that is no longer ours', () => {
    const mine = acquireLock(dir, { host: 'laptop' });
    if (!mine.ok) throw new Error(mine.reason);
    const theirs = JSON.stringify({ pid: 1, host: 'laptop', startedAt: '2025-03-01T00:00:00.000Z' });
    fs.writeFileSync(lockFile(), theirs);
    expect(mine.lock.release()).toBe(false);
    expect(fs.readFileSync(lockFile(), 'utf8')).toBe(theirs);
  });

  it('refuses an unreadable lock file rather than guessing', () => {
    fs.writeFileSync(lockFile(), 'garbage');
    expect(acquireLock(dir, { host: 'laptop' })).toMatchObject({ ok: false, holder: null });
  });

  it('inspectLock tells free, held, stale and unreadable apart without taking anything', () => {
    expect(inspectLock(dir, 'laptop')).toEqual({ state: 'free' });
    const mine = acquireLock(dir, { host: 'laptop' });
    if (!mine.ok) throw new Error(mine.reason);
    expect(inspectLock(dir, 'laptop')).toEqual({ state: 'held', holder: mine.lock.holder });
    // Seen from another host, the same lock is held too: its pid means nothing there.
    expect(inspectLock(dir, 'desktop')).toMatchObject({ state: 'held' });
    mine.lock.release();

    const dead = deadPid();
    fs.writeFileSync(lockFile(), JSON.stringify({ pid: dead, host: 'laptop', startedAt: new Date().toISOString() }));
    expect(inspectLock(dir, 'laptop')).toMatchObject({ state: 'stale', holder: { pid: dead } });
    expect(fs.existsSync(lockFile())).toBe(true);
    fs.writeFileSync(lockFile(), 'garbage');
    expect(inspectLock(dir, 'laptop')).toEqual({ state: 'unreadable' });
  });
});

// The way out of the guided mode when something else ends it: everything
// closed and the terminal given back before the exit, with the right status,
// and never later than the grace period however long the last write takes.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT_GRACE_MS, Lifecycle, type LifecycleDeps } from '../../src/commands/lifecycle.js';
import type { TerminalLender } from '../../src/commands/terminal-lender.js';
import { makeTempDir } from '../helpers/temp.js';

let tmp: { dir: string; cleanup: () => void };
beforeEach(() => (tmp = makeTempDir('incident-lifecycle-')));
afterEach(() => {
  vi.useRealTimers();
  tmp.cleanup();
});

/** Fakes that record, in one list, the order things happened in. */
function harness(overrides: Partial<LifecycleDeps> = {}, lent = false) {
  const said: string[] = [];
  const stdin = {
    isTTY: true,
    isRaw: true,
    setRawMode(on: boolean) {
      said.push(`raw ${on ? 'on' : 'off'}`);
      this.isRaw = on;
      return this;
    },
    on: () => stdin,
  };
  const stream = (name: string) => ({ isTTY: false, write: (s: string) => (said.push(`${name}: ${s}`), true), on: () => undefined });
  const lender = { lent, reclaim: () => said.push('editor screen left'), stdout: stream('ink'), lend: vi.fn() };
  const exit = vi.fn((code: number) => said.push(`exit ${code}`));
  const deps: LifecycleDeps = {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stream('stdout') as unknown as NodeJS.WriteStream,
    stderr: stream('stderr') as unknown as NodeJS.WriteStream,
    lender: lender as unknown as TerminalLender,
    close: () => said.push('session closed'),
    flush: async () => void said.push('index flushed'),
    crashContext: () => ({ stateDir: path.join(tmp.dir, 'state'), incidentId: '2026-11-25-db-down' }),
    farewell: (signal) => `stopped by ${signal}`,
    exit,
    ...overrides,
  };
  const lifecycle = new Lifecycle(deps);
  lifecycle.attach({ unmount: () => said.push('ink unmounted') });
  return { lifecycle, said, exit };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('Lifecycle', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ] as const)('%s: session closed, terminal given back, one line, then exit %i — once', async (signal, code) => {
    const { lifecycle, said, exit } = harness();
    lifecycle.signal(signal);
    lifecycle.signal('SIGTERM');
    expect(lifecycle.ending).toBe(code);
    await settle();
    expect(said).toEqual([
      'session closed',
      'editor screen left',
      'ink unmounted',
      'raw off',
      'stdout: \u001B[?25h',
      `stderr: stopped by ${signal}\n`,
      'index flushed',
      `exit ${code}`,
    ]);
    expect(exit).toHaveBeenCalledTimes(1);
  });

  it('SIGINT while the editor has the terminal is the editor’s Ctrl-C, not ours', () => {
    const { lifecycle, said } = harness({}, true);
    lifecycle.signal('SIGINT');
    expect(lifecycle.ending).toBeNull();
    expect(said).toEqual([]);
  });

  it('exits after the grace period when the last write never finishes, and even when closing throws', async () => {
    vi.useFakeTimers();
    const { lifecycle, said, exit } = harness({
      flush: () => new Promise<void>(() => {}),
      close: () => {
        throw new Error('broken session');
      },
    });
    lifecycle.signal('SIGTERM');
    expect(said).toContain('ink unmounted');
    vi.advanceTimersByTime(EXIT_GRACE_MS - 1);
    expect(exit).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(exit).toHaveBeenCalledWith(143);
  });

  it('a crash: the details in a debug log, one line naming it, exit 1; a second error while ending changes nothing', async () => {
    const { lifecycle, said, exit } = harness();
    lifecycle.crash(new Error('render failed: token=abcdef123456'));
    lifecycle.crash(new Error('and then this'));
    await settle();
    const line = said.find((s) => s.startsWith('stderr: '))!;
    expect(line).toMatch(
      /^stderr: incident crashed: render failed: token=\*+\. Everything recorded is safe; `incident` resumes\. Details: (\S+)\n$/,
    );
    const file = /Details: (\S+)\n$/.exec(line)![1]!;
    expect(path.dirname(file)).toBe(path.join(tmp.dir, 'state', 'debug'));
    const details = fs.readFileSync(file, 'utf8');
    expect(details).toContain('incident: 2026-11-25-db-down');
    expect(details).not.toContain('abcdef123456');
    expect(details).not.toContain('and then this');
    expect(exit).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(1);
  });
});

// Handing the terminal to an editor while Ink stays mounted: with stand-in
// streams, what Ink writes meanwhile is held and written after, in order; raw
// mode and Ink's reader are off for exactly as long as the editor runs.
import { describe, expect, it } from 'vitest';
import { PassThrough, Writable } from 'node:stream';
import { terminalLender } from '../../src/commands/terminal-lender.js';

function streams() {
  const written: string[] = [];
  const stdout = Object.assign(
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        written.push(chunk.toString());
        cb();
      },
    }),
    { isTTY: true, columns: 100, rows: 30 },
  ) as unknown as NodeJS.WriteStream;
  const rawModes: boolean[] = [];
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    isRaw: true,
    setRawMode(mode: boolean) {
      rawModes.push(mode);
      stdin.isRaw = mode;
      return stdin;
    },
  });
  const read: string[] = [];
  // Ink's reader: everything readable is taken at once.
  const reader = () => {
    let chunk: unknown;
    while ((chunk = stdin.read()) !== null) read.push(String(chunk));
  };
  stdin.on('readable', reader);
  return { written, stdout, stdin: stdin as unknown as NodeJS.ReadStream & typeof stdin, rawModes, read, reader };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('lending the terminal to an editor', () => {
  it('holds the frames drawn meanwhile and writes them after, with raw mode and the reader off in between', async () => {
    const s = streams();
    const lender = terminalLender(s.stdin, s.stdout);
    lender.stdout.write('frame 1');
    expect(lender.stdout.columns).toBe(100);
    expect(lender.stdout.isTTY).toBe(true);

    const during: { raw: boolean | undefined; readers: number; sigint: number; written: string[] }[] = [];
    const sigintBefore = process.listenerCount('SIGINT');
    const result = await lender.lend(async () => {
      lender.stdout.write('frame 2 (clock ticked)');
      s.stdin.write('keys for the editor');
      await tick();
      lender.stdout.write('frame 3');
      during.push({
        raw: s.stdin.isRaw,
        readers: s.stdin.listenerCount('readable'),
        sigint: process.listenerCount('SIGINT'),
        written: [...s.written],
      });
      return 'edited';
    });
    expect(result).toBe('edited');
    expect(during).toEqual([
      { raw: false, readers: 0, sigint: sigintBefore + 1, written: ['frame 1', expect.stringContaining('\u001B[?1049h')] },
    ]);
    expect(s.read).toEqual([]); // nothing was read while the editor had the terminal
    // After: the main screen back, then the held frames in the order they were drawn.
    expect(s.written.slice(2)).toEqual([expect.stringContaining('\u001B[?1049l'), 'frame 2 (clock ticked)', 'frame 3']);
    expect(s.rawModes).toEqual([false, true]);
    expect(s.stdin.listenerCount('readable')).toBe(1);
    expect(process.listenerCount('SIGINT')).toBe(sigintBefore);
    lender.stdout.write('frame 4');
    expect(s.written.at(-1)).toBe('frame 4');
    // Reading starts again where it stopped: what was typed after is Ink's.
    s.stdin.write('typed after');
    await tick();
    expect(s.read.join('')).toContain('typed after');
  });

  it('takes the terminal back when the editor fails, and lends it to one program at a time', async () => {
    const s = streams();
    const lender = terminalLender(s.stdin, s.stdout);
    let release: (() => void) | null = null;
    const first = lender.lend(() => new Promise<void>((r) => (release = r)));
    await expect(lender.lend(async () => 'second')).rejects.toThrow(/already handed/);
    while (!release) await tick();
    (release as () => void)();
    await first;
    await expect(
      lender.lend(async () => {
        lender.stdout.write('held');
        throw new Error('spawn failed');
      }),
    ).rejects.toThrow('spawn failed');
    expect(s.written.at(-1)).toBe('held');
    expect(s.stdin.isRaw).toBe(true);
    expect(s.stdin.listenerCount('readable')).toBe(1);
  });
});

// Lending the terminal to another program (an editor) while Ink stays mounted.
// Ink has no pause: it keeps drawing (the header's clock ticks every second)
// and Node keeps reading stdin, taking keys meant for the editor. So while the
// program runs:
// - Ink's writes are held (Ink is given a gated stdout) and written after, in
//   order. They were computed against the screen as Ink left it, and that is
//   exactly the screen again once the program's alternate screen is left, so
//   replaying them brings it up to date, frame by frame, without guessing.
// - stdin is not read at all: raw mode off, Ink's reader detached and the
//   stream paused — Node stops reading the terminal only once nothing listens.
// - The program runs in the alternate screen (opened here too, for editors
//   that do not use one), so nothing it draws is left over the TUI.
// - Ctrl-C and Ctrl-\ typed in the editor reach our process group as well:
//   they are ignored until it is done.
// Not spawnSync: a blocked event loop would also freeze a health probe in
// flight, which would then record minutes of "latency" in the timeline.

export interface TerminalLender {
  /** The stdout to give Ink. */
  readonly stdout: NodeJS.WriteStream;
  /** Hands the terminal to `run` and takes it back (raw mode, Ink's reader, the frames) however `run` ends. */
  lend<T>(run: () => Promise<T>): Promise<T>;
  /** Whether another program has the terminal now. */
  readonly lent: boolean;
  /**
   * The process is ending while the terminal is lent (a signal, a crash): leave
   * the alternate screen and let Ink's writes through again, now.
   */
  reclaim(): void;
}

const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h\u001B[H\u001B[2J';
const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';
const HIDE_CURSOR = '\u001B[?25l';

type WriteArgs = Parameters<NodeJS.WriteStream['write']>;
type Listener = (...args: unknown[]) => void;

export function terminalLender(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream): TerminalLender {
  let held: WriteArgs[] | null = null;
  const write = (...args: WriteArgs): boolean => {
    if (!held) return stdout.write(...(args as [string]));
    held.push(args);
    return true;
  };
  const gated = new Proxy(stdout, {
    get(target, prop) {
      if (prop === 'write') return write;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as Listener).bind(target) : value;
    },
  });

  const reclaim = () => {
    if (!held) return;
    const frames = held;
    held = null;
    stdout.write(LEAVE_ALTERNATE_SCREEN + HIDE_CURSOR);
    for (const args of frames) stdout.write(...(args as [string]));
  };

  const lend = async <T>(run: () => Promise<T>): Promise<T> => {
    if (held) throw new Error('The terminal is already handed to another program.');
    held = [];
    const restoreInput = await detachInput(stdin);
    const ignore = () => {};
    process.on('SIGINT', ignore);
    process.on('SIGQUIT', ignore);
    stdout.write(ENTER_ALTERNATE_SCREEN + SHOW_CURSOR);
    try {
      return await run();
    } finally {
      process.off('SIGINT', ignore);
      process.off('SIGQUIT', ignore);
      restoreInput();
      // Leaving restores the main screen and the cursor's place in it, as Ink left them.
      reclaim();
    }
  };
  return {
    stdout: gated,
    lend,
    get lent() {
      return held !== null;
    },
    reclaim,
  };
}

/** Stops reading the terminal; returns how to start again exactly as before. */
async function detachInput(stdin: NodeJS.ReadStream): Promise<() => void> {
  const readers = stdin.listeners('readable') as Listener[];
  const raw = stdin.isTTY === true && stdin.isRaw === true;
  for (const r of readers) stdin.removeListener('readable', r);
  if (raw) stdin.setRawMode(false);
  // With its last reader gone the stream leaves "readable" mode on the next tick;
  // pause() then makes Node stop reading the terminal (one more tick).
  await nextTurn();
  stdin.pause();
  await nextTurn();
  return () => {
    if (raw) stdin.setRawMode(true);
    for (const r of readers) stdin.addListener('readable', r);
  };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

// Condition waits on Ink frames: never a fixed sleep, never a key in the same tick as render().
import stripAnsi from 'strip-ansi';

export async function waitForFrame(
  lastFrame: () => string | undefined,
  test: string | RegExp | ((frame: string) => boolean),
  timeoutMs = 3000,
): Promise<string> {
  const ok = (f: string) => (typeof test === 'string' ? f.includes(test) : test instanceof RegExp ? test.test(f) : test(f));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = stripAnsi(lastFrame() ?? '');
    if (ok(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(test)}; last frame:\n${frame}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const KEY = {
  enter: '\r',
  up: '\u001B[A',
  down: '\u001B[B',
  escape: '\u001B',
  ctrlC: '\u0003',
  ctrlN: '\u000E',
  ctrlT: '\u0014',
  ctrlR: '\u0012',
  ctrlO: '\u000F',
  ctrlU: '\u0015',
  backspace: '\u007F',
  space: ' ',
} as const;

/**
 * For keys that open or close a screen: the new screen's key handler attaches
 * just after its first frame, so a key sent in that gap is resent until the
 * expected frame shows. Only for keys that are harmless to repeat.
 */
export async function pressUntil(
  app: { stdin: { write: (s: string) => void }; lastFrame: () => string | undefined },
  key: string,
  expected: string,
  tries = 10,
): Promise<string> {
  for (let i = 0; i < tries; i++) {
    app.stdin.write(key);
    try {
      return await waitForFrame(app.lastFrame, expected, 300);
    } catch {
      // not yet: send again
    }
  }
  return waitForFrame(app.lastFrame, expected, 1000);
}

/** Waits for a condition on something other than a frame (an entry written, a stage reached), polling. */
export async function until(cond: () => boolean, opts: { why?: () => string; timeoutMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 3000);
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(opts.why?.() ?? 'condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

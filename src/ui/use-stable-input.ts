import { useCallback, useRef } from 'react';
import { useInput, type Key } from 'ink';

/**
 * useInput with a subscription that never changes: Ink re-subscribes whenever
 * the handler's identity changes, and keys arriving in that gap are lost. The
 * latest handler is read through a ref instead.
 */
export function useStableInput(handler: (input: string, key: Key) => void, isActive: boolean): void {
  const ref = useRef(handler);
  ref.current = handler;
  const stable = useCallback((input: string, key: Key) => {
    for (const [i, k] of splitChunk(input, key)) ref.current(i, k);
  }, []);
  useInput(stable, { isActive });
}

/** Ctrl-A … Ctrl-Z, but not what text carries: Backspace (^H), Tab (^I), newline (^J), Enter (^M). */
const CTRL_LETTER = /[\u0001-\u0007\u000b\u000c\u000e-\u001a]/;

/**
 * When the event loop is busy, keys typed meanwhile arrive as one chunk, and
 * Ink reports the chunk as one input: "\r10 min ago\r" (Enter, then the next
 * answer), or "t\u0014" (a letter, then Ctrl-T) — the Enter would land in the
 * wrong field and the Ctrl-T would be lost as text. Enters at the start of a
 * chunk and every Ctrl-letter are split off as keys of their own; text between
 * them stays one input (a paste with its own Enter, as before).
 */
export function splitChunk(input: string, key: Key): [string, Key][] {
  if (input.length < 2 || key.ctrl || key.meta) return [[input, key]];
  const parts: [string, Key][] = [];
  const enter: Key = { ...key, return: true };
  let rest = input;
  while (rest !== '') {
    const leading = /^[\r\n]+/.exec(rest)?.[0] ?? '';
    if (leading !== '') {
      for (let i = 0; i < leading.replace(/\r\n/g, '\r').length; i++) parts.push(['', enter]);
      rest = rest.slice(leading.length);
      continue;
    }
    const at = rest.search(CTRL_LETTER);
    if (at === -1) {
      parts.push([rest, key]);
      break;
    }
    if (at > 0) parts.push([rest.slice(0, at), key]);
    // As Ink reports a Ctrl-letter pressed on its own: the letter, with ctrl.
    parts.push([String.fromCharCode(rest.charCodeAt(at) + 96), { ...key, ctrl: true }]);
    rest = rest.slice(at + 1);
  }
  return parts;
}

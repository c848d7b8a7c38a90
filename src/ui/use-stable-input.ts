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
    for (const [i, k] of splitLeadingEnters(input, key)) ref.current(i, k);
  }, []);
  useInput(stable, { isActive });
}

/**
 * When the event loop is busy, keys typed meanwhile arrive as one chunk:
 * Enter, then the next answer ("\r10 min ago\r"). Ink reports that as one
 * input, which would put the next answer into the field the Enter was meant
 * to submit. Enters at the start of a chunk are split off as Enter keys; the
 * rest stays one input (a paste with its own Enter, as before).
 */
export function splitLeadingEnters(input: string, key: Key): [string, Key][] {
  const leading = /^[\r\n]+/.exec(input)?.[0] ?? '';
  if (leading === '' || leading.length === input.length) return [[input, key]];
  const enters = leading.replace(/\r\n/g, '\r').length;
  const enter: Key = { ...key, return: true };
  return [...Array.from({ length: enters }, (): [string, Key] => ['', enter]), [input.slice(leading.length), key]];
}

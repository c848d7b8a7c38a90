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
  const stable = useCallback((input: string, key: Key) => ref.current(input, key), []);
  useInput(stable, { isActive });
}

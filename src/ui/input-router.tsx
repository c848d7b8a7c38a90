// One key subscription for the whole app. Ink subscribes each useInput in an
// effect, after the frame is drawn, so a key typed right after a screen
// appears could reach nobody. Here the single subscription never changes and
// each screen claims the keys while it renders, before its frame is shown.
import React, { createContext, useContext, useRef, type ReactNode } from 'react';
import type { Key } from 'ink';
import { useStableInput } from './use-stable-input.js';

type Handler = (input: string, key: Key) => void;

const RouterContext = createContext<{ current: Handler | null } | null>(null);

export function InputRouter({ rawInput, onSuspend, children }: { rawInput: boolean; onSuspend?: () => void; children: ReactNode }) {
  const active = useRef<Handler | null>(null);
  useStableInput((input, key) => {
    // In raw mode the terminal sends Ctrl-Z as a key, not as SIGTSTP: on every screen it suspends.
    if (onSuspend && key.ctrl && input === 'z') return onSuspend();
    active.current?.(input, key);
  }, rawInput);
  return <RouterContext.Provider value={active}>{children}</RouterContext.Provider>;
}

/** The screen being drawn takes the keys. Call it from exactly one screen at a time. */
export function useScreenKeys(handler: Handler): void {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useScreenKeys outside <InputRouter>');
  router.current = handler;
}

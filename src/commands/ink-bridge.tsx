// What the lifecycle needs from inside Ink. Ink has no "redraw everything":
// its own write-to-stdout (useStdout().write) erases its frame, writes, and
// draws the whole frame again — on a cleared screen, that is a full redraw.
// And an error while rendering ends as a crash (one line, a debug log), never
// as Ink's error screen with a stack trace.
import React, { useLayoutEffect, type ReactNode } from 'react';
import { useStdout } from 'ink';

export interface InkBridgeProps {
  setRedraw: (redraw: () => void) => void;
  onCrash: (error: unknown) => void;
  children: ReactNode;
}

export function InkBridge({ setRedraw, onCrash, children }: InkBridgeProps) {
  const { write } = useStdout();
  useLayoutEffect(() => setRedraw(() => write('')), [setRedraw, write]);
  return <CrashBoundary onCrash={onCrash}>{children}</CrashBoundary>;
}

class CrashBoundary extends React.Component<{ onCrash: (error: unknown) => void; children: ReactNode }, { crashed: boolean }> {
  override state = { crashed: false };

  static getDerivedStateFromError(): { crashed: boolean } {
    return { crashed: true };
  }

  override componentDidCatch(error: unknown): void {
    // Ending unmounts Ink, which must not happen inside React's commit.
    setImmediate(() => this.props.onCrash(error));
  }

  override render(): ReactNode {
    return this.state.crashed ? null : this.props.children;
  }
}

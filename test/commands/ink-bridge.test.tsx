// An error while rendering ends as a crash the lifecycle reports (one line, a
// debug log), never as Ink's error screen with a stack trace. (The redraw it
// hands the lifecycle is checked in a real terminal: e2e/lifecycle, Ctrl-Z.)
import React from 'react';
import { describe, expect, it, vi } from 'vitest';
import { render } from 'ink-testing-library';
import { InkBridge } from '../../src/commands/ink-bridge.js';

function Thrower(): React.ReactElement {
  throw new Error('render failed');
}

const nextTurn = () => new Promise((r) => setImmediate(r));

describe('InkBridge', () => {
  it('hands a render error to onCrash, after the commit, and draws nothing of it', async () => {
    const onCrash = vi.fn();
    const { lastFrame, unmount } = render(
      <InkBridge setRedraw={() => {}} onCrash={onCrash}>
        <Thrower />
      </InkBridge>,
    );
    expect(onCrash).not.toHaveBeenCalled();
    await nextTurn();
    expect(onCrash).toHaveBeenCalledWith(expect.objectContaining({ message: 'render failed' }));
    expect(lastFrame()).not.toMatch(/render failed|at Thrower/);
    unmount();
  });
});

// The first question appears before Ink has loaded; what is typed in that
// moment waits for Ink and is taken as the answer, not echoed or lost.
import { describe, expect, it } from 'vitest';
import { hasTmux } from '../helpers/tmux.js';
import { startTui, type Workspace, useE2e } from './support.js';

describe.skipIf(!hasTmux)('e2e: the first question before Ink', () => {
  let cli: string;
  let ws: Workspace;
  useE2e((c, w) => ((cli = c), (ws = w)));

  it('typed at once, the title declares the incident; the painted screen leaves no trace', async () => {
    const term = await startTui(cli, ws, { cols: 100, rows: 30 });
    // The painted question, possibly before the footer (Ink's) is there.
    await term.waitFor('What is broken?');
    await term.type('Typed before Ink');
    await term.press('Enter');
    const screen = await term.waitFor(['Production URL', 'Typed before Ink']);
    expect(screen.match(/INCIDENT/g)).toHaveLength(1);
    expect(screen).not.toContain('What is broken?');
    await term.press('C-c');
    expect((await term.waitForExit()).status).toBe(0);
  });
});

// Small terminals and resizing: a terminal below the minimum says so (and
// nothing typed is lost); enlarging it brings the incident back; shrinking
// mid-incident leaves one clean frame, not the old one's lines beside it.
import { describe, expect, it } from 'vitest';
import { hasTmux } from '../helpers/tmux.js';
import { startTui, type Workspace, useE2e } from './support.js';

describe.skipIf(!hasTmux)('e2e: terminal size', () => {
  let cli: string;
  let ws: Workspace;
  useE2e((c, w) => ((cli = c), (ws = w)));

  it('too small says so, enlarging resumes with the half-typed answer, and a resize leaves one header', async () => {
    const term = await startTui(cli, ws, { cols: 100, rows: 30 });
    await term.waitFor('What is broken?');
    await term.type('Search is slow');
    await term.press('Enter');
    await term.waitFor('Production URL');
    await term.type('https://half-typed');
    await term.waitFor('half-typed');

    await term.resize(40, 10);
    await term.waitFor(['The terminal is 40×10;', 'least 50×14.']);
    // Keys do nothing but leave while it is too small: this is not typed into the answer.
    await term.type('xyz');

    await term.resize(100, 30);
    let screen = await term.waitFor(['Production URL', 'https://half-typed', '[detect] › triage']);
    expect(screen).not.toContain('xyz');
    expect(screen).not.toContain('The terminal is');

    // The header's compact form (narrow) and its full form (wide) appear only once the app has redrawn.
    await term.resize(70, 24);
    screen = await term.waitFor(['Production URL', 'detect (1/6)']);
    expect(screen.match(/INCIDENT/g)).toHaveLength(1);
    await term.resize(100, 30);
    screen = await term.waitFor(['Production URL', '[detect] › triage']);
    expect(screen.match(/INCIDENT/g)).toHaveLength(1);
    expect(screen.match(/Production URL/g)).toHaveLength(1);

    await term.press('C-c');
    expect((await term.waitForExit()).status).toBe(0);
  });
});

// A token pasted into a field is masked on the screen while it is still being
// typed (the screen may be shared on the incident call), and saved masked.
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Root } from '../../src/ui/root.js';
import { Session } from '../../src/session/incident-session.js';
import { useSessionFixture } from '../helpers/session-fixture.js';
import { waitForFrame, KEY } from '../helpers/frames.js';

const TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789AB';
const LEFT = '\u001b[D';

const fx = useSessionFixture('incident-ui-secret-');

describe('a secret typed into a field', () => {
  it('is masked on the screen while typing and editing, and in what is saved', async () => {
    const s = (fx.session = Session.fresh(fx.deps));
    const app = render(<Root open={[]} initial={s} openSession={() => ({ ok: true, session: s })} now={fx.deps.now} rawInput />);
    await waitForFrame(app.lastFrame, 'What is broken?');
    app.stdin.write(`API down, token ${TOKEN} leaked`);
    let frame = await waitForFrame(app.lastFrame, '› API down, token ghp_**** leaked');
    expect(frame).not.toContain('abcdefgh');
    // Editing further along still shows it masked.
    // One chunk, as keys typed fast arrive.
    app.stdin.write(`${LEFT.repeat(6)}was `);
    frame = await waitForFrame(app.lastFrame, 'ghp_**** was leaked');
    expect(frame).not.toContain('abcdefgh');
    app.stdin.write(KEY.enter);
    frame = await waitForFrame(app.lastFrame, 'Production URL');
    expect(frame).toContain('API down, token ghp_**** was leaked');
    expect(JSON.stringify(s.entries)).not.toContain('abcdefgh');
    app.unmount();
  });
});

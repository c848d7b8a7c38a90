// Keys typed faster than the app reads them arrive as one chunk. A letter and
// then Ctrl-T in one chunk must still open the timeline, the letter typed.
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Root } from '../../src/ui/root.js';
import { Session } from '../../src/session/incident-session.js';
import { useSessionFixture } from '../helpers/session-fixture.js';
import { waitForFrame, KEY } from '../helpers/frames.js';

const fx = useSessionFixture('incident-ui-chunk-');

describe('keys that arrive together', () => {
  it('"t" then Ctrl-T in one chunk, in a text field: the t is typed and the timeline opens', async () => {
    const s = (fx.session = Session.fresh(fx.deps));
    s.submit({ type: 'declare', title: 'Login fails with 502' });
    const app = render(<Root open={[]} initial={s} openSession={() => ({ ok: true, session: s })} now={fx.deps.now} rawInput />);
    await waitForFrame(app.lastFrame, 'Production URL');
    app.stdin.write(`t${KEY.ctrlT}`);
    await waitForFrame(app.lastFrame, /Timeline \(\d+ events/);
    app.stdin.write(KEY.escape);
    const frame = await waitForFrame(app.lastFrame, 'Production URL');
    expect(frame).toMatch(/^› t/m);
    app.unmount();
  });
});

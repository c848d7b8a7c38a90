// The team's cadence (config) drives the header's countdown and the update's promise.
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Root } from '../../src/ui/root.js';
import { Session } from '../../src/session/incident-session.js';
import { useSessionFixture } from '../helpers/session-fixture.js';
import { pressUntil, waitForFrame } from '../helpers/frames.js';

const start = Date.parse('2026-11-25T02:10:00.000Z');
const fx = useSessionFixture('incident-cadence-', () => ({
  now: () => new Date(start),
  cadence: { firstWithinMinutes: 10, everyMinutes: { 'SEV-1': 5, 'SEV-2': 20, 'SEV-3': 45, 'SEV-4': null } },
  notices: ['config: /repo/.incident/config.yaml:3:5: every_minutes.SEV-9: not a severity'],
}));

describe('update cadence from the config', () => {
  it('counts down to the first update at the configured minute and says a config problem once', async () => {
    const session = (fx.session = Session.fresh(fx.deps));
    session.submit({ type: 'declare', title: 'Search is slow' });
    const app = render(<Root open={[]} initial={session} openSession={() => ({ ok: false, error: 'no' })} now={fx.deps.now} rawInput />);
    const frame = await waitForFrame(app.lastFrame, 'update in 10:00');
    expect(frame).toContain('config: /repo/.incident/config.yaml:3:5: every_minutes.SEV-9: not a severity');
    const update = await pressUntil(app, '\u0010', 'Status update — investigating'); // Ctrl-P: the URL field has focus
    // Before a severity is known the SEV-3 cadence applies: 45 minutes from now.
    expect(update).toContain('Next update: by 02:55 UTC.');
    app.unmount();
  });
});

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

let fromEditor = '';
const fx = useSessionFixture('incident-ui-secret-', () => ({ editText: () => Promise.resolve({ ok: true, text: fromEditor }) }));

const BACKSPACE = '\u007f';
const CTRL_G = '\u0007';

function mount() {
  const s = (fx.session = Session.fresh(fx.deps));
  return render(<Root open={[]} initial={s} openSession={() => ({ ok: true, session: s })} now={fx.deps.now} rawInput />);
}

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

  it('stays masked when an edit next to it hides it from the patterns (the space before it taken out)', async () => {
    const app = mount();
    await waitForFrame(app.lastFrame, 'What is broken?');
    app.stdin.write(`ab ${TOKEN}`);
    await waitForFrame(app.lastFrame, '› ab ghp_****');
    app.stdin.write(LEFT); // over the token, to just before it
    app.stdin.write(BACKSPACE); // the space: "abghp_…" is no longer a token to the patterns
    let frame = await waitForFrame(app.lastFrame, /› abghp_\*{4}|› ab\*{4}/);
    expect(frame).not.toContain('abcdefgh');
    // Saved masked too: the patterns alone would not see "abghp_…" as a token any more.
    app.stdin.write(KEY.enter);
    frame = await waitForFrame(app.lastFrame, 'Production URL');
    expect(frame).not.toContain('abcdefgh');
    const stored = JSON.stringify(fx.session!.entries);
    expect(stored).toContain('ghp_****');
    expect(stored).not.toContain('abcdefgh');
    app.unmount();
  });

  it('a private key from the editor, taller than the terminal: no line of its body is shown', async () => {
    const body = Array.from({ length: 60 }, (_, i) => `MIIEpAIBAAKCAQEA${String(i).padStart(2, '0')}qwertyuiopasdfghjklzxcvbnm0123456789ABCD`);
    fromEditor = ['-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----'].join('\n');
    const app = mount();
    await waitForFrame(app.lastFrame, 'What is broken?');
    app.stdin.write(CTRL_G);
    const frame = await waitForFrame(app.lastFrame, 'From the editor');
    expect(frame).toContain('-----BEGIN RSA PRIVATE KEY-----****-----END RSA PRIVATE KEY-----');
    expect(frame).not.toMatch(/MIIEpAIBAAKCAQEA\d\d/);
    app.unmount();
  });
});

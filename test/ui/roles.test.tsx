// The roles screen through the real app: assign a role, hand off command,
// and find both in the timeline and in the machine's facts after a resume.
import React from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Root } from '../../src/ui/root.js';
import { Session, type SessionDeps } from '../../src/session/incident-session.js';
import { makeTempDir } from '../helpers/temp.js';
import { makeDeps } from '../helpers/session.js';
import { pressUntil, until, waitForFrame, KEY } from '../helpers/frames.js';

let tmp: { dir: string; cleanup: () => void };
let deps: SessionDeps;
let session: Session | null = null;

beforeEach(async () => {
  tmp = makeTempDir('incident-roles-');
  deps = await makeDeps(tmp.dir);
});
afterEach(async () => {
  session?.close();
  session = null;
  await deps.store.flush();
  tmp.cleanup();
});

function mount(initial: Session) {
  const openSession = (id: string | null) => ({ ok: true as const, session: id ? Session.resume(deps, id) : Session.fresh(deps) });
  return render(<Root open={[]} initial={initial} openSession={openSession} now={deps.now} rawInput />);
}

describe('roles and hand-off', () => {
  it('assigns comms, hands off command with a summary, and keeps both after a resume', async () => {
    session = Session.fresh(deps);
    session.submit({ type: 'declare', title: 'Checkout returns 500' });
    const actor = session.actor.getSnapshot().context.facts!.actor;
    const app = mount(session);
    await waitForFrame(app.lastFrame, 'Production URL');

    // Ctrl-O works while the URL field has focus.
    let frame = await pressUntil(app, KEY.ctrlO, 'Roles: who does what');
    expect(frame).toContain(`1. Commander: ${actor}`);
    expect(frame).toContain('2. Comms: —');

    app.stdin.write('2');
    await waitForFrame(app.lastFrame, 'Who is comms now?');
    app.stdin.write('bob');
    await waitForFrame(app.lastFrame, 'bob');
    app.stdin.write(KEY.enter);
    frame = await waitForFrame(app.lastFrame, '2. Comms: bob');
    expect(frame).toContain('✓ bob is comms (recorded)');

    app.stdin.write('5');
    frame = await waitForFrame(app.lastFrame, 'Hand off command to whom?');
    expect(frame).toContain('Incident: Checkout returns 500');
    expect(frame).toContain('Next status update: due');
    app.stdin.write(KEY.enter);
    await waitForFrame(app.lastFrame, 'Type who takes over as commander');
    app.stdin.write('carol');
    await waitForFrame(app.lastFrame, 'carol');
    app.stdin.write(KEY.enter);
    frame = await waitForFrame(app.lastFrame, 'Handed off. Read this to the new commander:');
    expect(frame).toContain(`→ carol`);
    expect(frame).toContain('Believed cause: unknown yet');
    expect(frame).toContain('Roles: Commander carol · Comms bob');

    // Done goes back to the incident's question; the roles screen shows the new commander.
    app.stdin.write(KEY.enter);
    await waitForFrame(app.lastFrame, 'Production URL');
    await pressUntil(app, KEY.ctrlO, '1. Commander: carol');
    await pressUntil(app, KEY.escape, 'Production URL');

    const changes = session.entries.filter((e) => e.type === 'role.assigned');
    expect(changes.map((e) => [e.data.role, e.data.who])).toEqual([
      ['comms', 'bob'],
      ['commander', 'carol'],
    ]);
    expect(String(changes[1]!.data.summary)).toMatch(/^Hand-off at \d\d:\d\d UTC: .+ → carol\n/);
    app.unmount();

    const id = session.id!;
    session.close();
    session = Session.resume(deps, id);
    expect(session.actor.getSnapshot().context.facts!.roles).toMatchObject({ commander: 'carol', comms: 'bob' });
  });

  it('Enter alone on a role keeps who holds it and records nothing', async () => {
    session = Session.fresh(deps);
    session.submit({ type: 'declare', title: 'Search is slow' });
    const app = mount(session);
    await waitForFrame(app.lastFrame, 'Production URL');
    await pressUntil(app, KEY.ctrlO, 'Roles: who does what');
    app.stdin.write('3');
    await waitForFrame(app.lastFrame, 'Who is scribe now?');
    const before = session.entries.length;
    app.stdin.write(KEY.enter);
    await waitForFrame(app.lastFrame, '3. Scribe: —');
    await until(() => session!.entries.length === before, { why: () => 'nothing should be recorded' });
    expect(session.entries.length).toBe(before);
    app.unmount();
  });
});

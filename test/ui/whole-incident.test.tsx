import React from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Root } from '../../src/ui/root.js';
import { Session, type SessionDeps } from '../../src/session/incident-session.js';
import { promptFor } from '../../src/machine/prompts.js';
import { EventLog, eventsPath } from '../../src/timeline/event-log.js';
import { incidentDir } from '../../src/timeline/state-dir.js';
import { makeTempDir } from '../helpers/temp.js';
import { makeDeps } from '../helpers/session.js';
import { pressUntil, until, waitForFrame, KEY } from '../helpers/frames.js';
import { CONTAIN, DETECT, POSTMORTEM, RESOLVE, TRIAGE, type ScriptedAnswer } from '../helpers/incident-script.js';
import { VERIFY_ITEMS } from '../../src/domain/verify-checklist.js';

let tmp: { dir: string; cleanup: () => void };
let deps: SessionDeps;
let session: Session | null = null;

beforeEach(async () => {
  tmp = makeTempDir('incident-ui-');
  deps = await makeDeps(tmp.dir);
});
afterEach(async () => {
  session?.close();
  session = null;
  await deps.store.flush();
  tmp.cleanup();
});

function mount(initial: Session | null, open = deps.store.openIncidents()) {
  const openSession = (id: string | null) => {
    session = id ? Session.resume(deps, id) : Session.fresh(deps);
    return { ok: true as const, session };
  };
  return render(<Root open={open} initial={initial} openSession={openSession} now={deps.now} rawInput />);
}

/** Types an answer the way a person would: text then Enter, or the number of the choice. */
async function answer(app: ReturnType<typeof render>, a: ScriptedAnswer) {
  const prompt = promptFor(session!.actor.getSnapshot(), deps.now());
  expect(prompt.step).toBe(a.step);
  await waitForFrame(app.lastFrame, prompt.question.slice(0, 30));
  const before = session!.entries.length;
  if (prompt.kind === 'text') {
    app.stdin.write(a.value);
    if (a.value) await waitForFrame(app.lastFrame, a.value.slice(-12));
    app.stdin.write(KEY.enter);
  } else if (prompt.kind === 'choice') {
    const index = prompt.choices.findIndex((c) => c.value === a.value);
    expect(index).toBeGreaterThanOrEqual(0);
    app.stdin.write(String(index + 1));
  } else {
    throw new Error(`unexpected ${prompt.kind} prompt at ${a.step}`);
  }
  await until(() => session!.entries.length > before, { why: () => `no answer recorded for ${a.step}; screen:\n${app.lastFrame()}` });
}

describe('the TUI, driven by keys', () => {
  it('walks a whole incident from declare to post-mortem, then the events and the file say so', async () => {
    session = Session.fresh(deps);
    const app = mount(session);
    await waitForFrame(app.lastFrame, 'What is broken?');
    expect(app.lastFrame()).toContain('New incident');
    // Text and Enter in one chunk, as a paste or tmux send-keys delivers it.
    app.stdin.write('Checkout returns 500\r');
    await waitForFrame(app.lastFrame, 'Production URL');
    expect(app.lastFrame()).toContain('Checkout returns 500');

    for (const a of [...DETECT, ...TRIAGE]) await answer(app, a);
    let frame = await waitForFrame(app.lastFrame, 'Contain: what is the fastest safe way');
    expect(frame).toContain('SEV-2');
    expect(frame).toMatch(/1\. Roll back the last deploy \(recommended\)/);
    for (const a of [...CONTAIN, ...RESOLVE]) await answer(app, a);

    frame = await waitForFrame(app.lastFrame, 'Verify: is it really fixed?');
    for (let i = 0; i < VERIFY_ITEMS.length; i++) {
      const before = session.entries.length;
      app.stdin.write(KEY.space);
      await until(() => session!.entries.length > before);
      app.stdin.write(KEY.down);
      await waitForFrame(app.lastFrame, (f) =>
        f
          .split('\n')
          .some((l) => l.startsWith('❯') && (i + 1 < VERIFY_ITEMS.length ? l.includes(VERIFY_ITEMS[i + 1]!.text) : l.includes('Verified'))),
      );
    }
    frame = await waitForFrame(app.lastFrame, 'Verified — write the post-mortem');
    expect(frame.match(/\[x\]/g)).toHaveLength(VERIFY_ITEMS.length);
    app.stdin.write(KEY.enter);

    for (const a of POSTMORTEM) await answer(app, a);
    frame = await waitForFrame(app.lastFrame, 'Incident closed.');
    expect(frame).toContain('docs/incidents/2026-11-25-checkout-returns-500.md');
    app.unmount();

    const { entries, warnings } = EventLog.read(eventsPath(incidentDir(deps.store.stateDir, session.id!)));
    expect(warnings).toEqual([]);
    expect(entries[0]!.type).toBe('incident.declared');
    expect(entries.at(-1)!.type).toBe('incident.closed');
    expect(entries.filter((e) => e.type === 'phase.changed').map((e) => e.data.to)).toEqual([
      'detect',
      'triage',
      'contain',
      'resolve',
      'verify',
      'postmortem',
      'closed',
    ]);
    expect(entries.every((e) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(e.at))).toBe(true);
    const md = readFileSync(session.actor.getSnapshot().context.facts!.postmortemPath!, 'utf8');
    for (const section of [
      '## Summary',
      '## Impact',
      '## Timeline (UTC)',
      '## Root cause',
      '## What went well',
      '## What went wrong',
      '## Action items',
      '## Lessons learned',
    ]) {
      expect(md).toContain(section);
    }
    expect(md).toContain('about 18% of checkouts failed for 25 minutes');
    expect(md).toContain('all customers paying by card'); // affected users defaulted from triage
  });

  it('a start time it cannot read is explained, and the typed text stays for correction', async () => {
    session = Session.fresh(deps);
    const app = mount(session);
    await waitForFrame(app.lastFrame, 'What is broken?');
    app.stdin.write('API down\r');
    await waitForFrame(app.lastFrame, 'Production URL');
    app.stdin.write('\r');
    await waitForFrame(app.lastFrame, 'When did it start?');
    app.stdin.write('around lunchtime-ish\r');
    const frame = await waitForFrame(app.lastFrame, 'Couldn\'t read "lunchtime-ish"');
    expect(frame).toContain('around lunchtime-ish');
    expect(session.actor.getSnapshot().value).toEqual({ detect: 'started' });
    app.unmount();
  });

  it('letters are text while typing; n, t and ? work on choice screens; Ctrl-N works while typing', async () => {
    session = Session.fresh(deps);
    const app = mount(session);
    await waitForFrame(app.lastFrame, 'What is broken?');
    app.stdin.write('queue is stuck');
    await waitForFrame(app.lastFrame, 'queue is stuck');
    expect(app.lastFrame()).not.toContain('Add a note');
    app.stdin.write(KEY.enter);
    await waitForFrame(app.lastFrame, 'Production URL');
    await pressUntil(app, KEY.ctrlN, 'Add a note to the timeline');
    app.stdin.write('paged the db team\r');
    await waitForFrame(app.lastFrame, '✓ note saved');
    app.stdin.write('\r');
    await waitForFrame(app.lastFrame, 'When did it start?');
    app.stdin.write('\r');
    await waitForFrame(app.lastFrame, 'How was it detected?');
    const timeline = await pressUntil(app, 't', 'Timeline (');
    expect(timeline).toContain('Note: paged the db team');
    expect(timeline).toContain('Declared: queue is stuck');
    await pressUntil(app, KEY.escape, 'How was it detected?');
    const help = await pressUntil(app, '?', 'Plain letters work when no text field is open');
    expect(help).toContain('Leave — everything is saved');
    await pressUntil(app, 'x', 'How was it detected?');
    // u drafts the next status update; recording it resets the header's countdown.
    const update = await pressUntil(app, 'u', 'Status update — investigating');
    expect(update).toContain('[SEV-?] Investigating — queue is stuck');
    app.stdin.write('1');
    await waitForFrame(app.lastFrame, '✓ status update recorded');
    expect(session.entries.at(-1)).toMatchObject({ type: 'update.posted', data: { kind: 'investigating' } });
    expect(readFileSync(join(incidentDir(deps.store.stateDir, session.id!), 'updates.md'), 'utf8')).toMatch(
      /— investigating\n\n\[SEV-\?\] Investigating — queue is stuck/,
    );
    // Nothing was answered by the keys above.
    expect(session.actor.getSnapshot().value).toEqual({ detect: 'detection' });
    app.unmount();
  });

  it('offers to resume an open incident and opens it where it stood', async () => {
    const first = Session.fresh(deps);
    first.submit({ type: 'declare', title: 'Search is slow' });
    first.close();
    await deps.store.flush();
    const app = mount(null);
    const frame = await waitForFrame(app.lastFrame, 'An incident is still open.');
    expect(frame).toContain('1. Resume: Search is slow');
    expect(frame).toContain('2. Declare a new incident');
    app.stdin.write(KEY.enter);
    await waitForFrame(app.lastFrame, 'Production URL');
    expect(app.lastFrame()).toContain('Search is slow');
    app.unmount();
  });
});

// Ctrl-G on a text question: the screen asks the session for the editor with
// the text typed so far, and what comes back lands in the field, unsaved until Enter.
import React from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Root } from '../../src/ui/root.js';
import { Session, type SessionDeps } from '../../src/session/incident-session.js';
import type { EditorOutcome } from '../../src/session/types.js';
import { makeTempDir } from '../helpers/temp.js';
import { makeDeps } from '../helpers/session.js';
import { pressUntil, until, waitForFrame, KEY } from '../helpers/frames.js';

const CTRL_G = '\u0007';

let tmp: { dir: string; cleanup: () => void };
let deps: SessionDeps;
let session: Session | null = null;
/** What the screens asked the editor for, and what it answers next. */
let asked: { text: string; name: string }[];
let answers: EditorOutcome[];

beforeEach(async () => {
  tmp = makeTempDir('incident-ui-editor-');
  asked = [];
  answers = [];
  deps = await makeDeps(tmp.dir, {
    editText: async (text, name) => {
      asked.push({ text, name });
      return answers.shift() ?? { ok: true, text };
    },
  });
});
afterEach(async () => {
  session?.close();
  session = null;
  await deps.store.flush();
  tmp.cleanup();
});

function mount() {
  session = Session.fresh(deps);
  const s = session;
  return render(<Root open={[]} initial={s} openSession={() => ({ ok: true, session: s })} now={deps.now} rawInput />);
}

/** Types text, waits for it, sends Enter, waits for the next question. */
async function answer(app: ReturnType<typeof render>, text: string, next: string) {
  if (text) {
    app.stdin.write(text);
    await waitForFrame(app.lastFrame, `› ${text}`);
  }
  app.stdin.write(KEY.enter);
  await waitForFrame(app.lastFrame, next);
}

describe('writing an answer in $EDITOR (Ctrl-G)', () => {
  it('sends the typed text to the editor and puts what comes back in the field; Enter saves it, lines and all', async () => {
    const app = mount();
    let frame = await waitForFrame(app.lastFrame, 'What is broken?');
    expect(frame).toContain('Ctrl-G write it in $EDITOR');
    await answer(app, 'Checkout returns 500', 'Production URL');
    await answer(app, '', 'When did it start?');
    await answer(app, '', 'How was it detected?');
    app.stdin.write('1');
    await waitForFrame(app.lastFrame, 'What changed recently?');

    app.stdin.write('deployed v2');
    await waitForFrame(app.lastFrame, '› deployed v2');
    answers.push({ ok: true, text: 'deployed v2.3.1 at 01:50\n- feature flag new-checkout on\n- config: pool size 10' });
    app.stdin.write(CTRL_G);
    frame = await waitForFrame(app.lastFrame, 'From the editor: check it, then Enter saves it.');
    expect(asked).toEqual([{ text: 'deployed v2', name: 'detect.changes' }]);
    // Each line under the first, nothing recorded yet, and kept as a draft meanwhile.
    expect(frame).toMatch(/› deployed v2\.3\.1 at 01:50\n {2}- feature flag new-checkout on\n {2}- config: pool size 10/);
    expect(session!.entries.some((e) => e.data.step === 'detect.changes')).toBe(false);
    expect(session!.drafts.get('detect.changes')).toBe('deployed v2.3.1 at 01:50\n- feature flag new-checkout on\n- config: pool size 10');

    const before = session!.entries.length;
    app.stdin.write(KEY.enter);
    await until(() => session!.entries.length > before);
    const recorded = session!.entries.find((e) => e.data.step === 'detect.changes');
    expect(recorded?.data.value).toBe('deployed v2.3.1 at 01:50\n- feature flag new-checkout on\n- config: pool size 10');
    expect(session!.drafts.get('detect.changes')).toBeUndefined();
  });

  it('an editor that failed: its message, and the text is still in the field, still editable', async () => {
    const app = mount();
    await waitForFrame(app.lastFrame, 'What is broken?');
    app.stdin.write('db is dow');
    await waitForFrame(app.lastFrame, '› db is dow');
    answers.push({
      ok: false,
      error: 'The editor (vi) exited with status 3. Your text is as it was — check it, then Enter saves it.',
      text: 'db is dow',
    });
    app.stdin.write(CTRL_G);
    await waitForFrame(app.lastFrame, 'exited with status 3');
    expect(app.lastFrame()).toContain('› db is dow');
    app.stdin.write('n');
    await waitForFrame(app.lastFrame, '› db is down');
  });

  it('a one-line question joins the lines written in the editor', async () => {
    const app = mount();
    await waitForFrame(app.lastFrame, 'What is broken?');
    answers.push({ ok: true, text: 'Checkout returns 500\nfor EU users' });
    app.stdin.write(CTRL_G);
    await waitForFrame(app.lastFrame, '  for EU users');
    app.stdin.write(KEY.enter);
    await waitForFrame(app.lastFrame, 'Production URL');
    expect(session!.actor.getSnapshot().context.facts?.title).toBe('Checkout returns 500 for EU users');
  });

  it('a note can be written in the editor too, and typed text with Ctrl-G in the same chunk goes along', async () => {
    const app = mount();
    await waitForFrame(app.lastFrame, 'What is broken?');
    await answer(app, 'db down', 'Production URL');
    await pressUntil(app, KEY.ctrlN, 'Add a note to the timeline');
    answers.push({ ok: true, text: '01:52 restarted api-3\nerror rate unchanged' });
    // Typed fast over a slow link: the text and Ctrl-G arrive as one chunk.
    app.stdin.write('restarted\u0007');
    await waitForFrame(app.lastFrame, '  error rate unchanged');
    expect(asked).toEqual([{ text: 'restarted', name: 'note' }]);
    const before = session!.entries.length;
    app.stdin.write(KEY.enter);
    await until(() => session!.entries.length > before);
    const note = session!.entries.at(-1)!;
    expect(note).toMatchObject({ type: 'note.added', data: { text: 'restarted api-3\nerror rate unchanged' } });
    expect(note.occurredAt).toBeDefined();
  });

  it('a long answer is shown in part, with the lines left out counted', async () => {
    const app = mount();
    await waitForFrame(app.lastFrame, 'What is broken?');
    answers.push({ ok: true, text: Array.from({ length: 60 }, (_, i) => `item ${i + 1}`).join('\n') });
    app.stdin.write(CTRL_G);
    const frame = await waitForFrame(app.lastFrame, 'item 60');
    expect(frame).toMatch(/↑ \d+ more lines above \(Ctrl-G shows all\)/);
    expect(frame).not.toContain('item 1\n');
    expect(frame.split('\n').length).toBeLessThan(24);
  });
});

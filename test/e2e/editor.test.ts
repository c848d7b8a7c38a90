// Long answers in $EDITOR, in a real terminal: Ctrl-G hands the terminal to
// the editor (a node script standing in for one), nothing of the TUI is drawn
// over it, every key typed reaches it, and what it saved comes back into the
// field — recorded only on Enter. An editor that fails loses nothing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasTmux, type Terminal } from '../helpers/tmux.js';
import { answer, choose, cliJson, runCli, STACK_TRACE, startTui, type TimelineEvent, type Workspace, useE2e } from './support.js';

const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'helpers', 'fake-editor.mjs');
/** $EDITOR for the stand-in: node's path quoted, then the script and its mode (split without a shell). */
const fakeEditor = (mode: string) => `"${process.execPath}" "${script}" ${mode}`;

describe.skipIf(!hasTmux)('e2e: writing an answer in $EDITOR', () => {
  let cli: string;
  let ws: Workspace;
  useE2e((c, w) => ((cli = c), (ws = w)));

  /** Declares and walks to "What changed recently?", a free-text question. */
  async function toChanges(env: Record<string, string>): Promise<Terminal> {
    const term = await startTui(cli, ws, { env: { VISUAL: '', ...env } });
    await term.waitFor('What is broken?');
    await answer(term, 'Checkout returns 500', 'Production URL');
    await answer(term, '', 'When did it start?');
    await answer(term, '', 'How was it detected?');
    await choose(term, '1', 'What changed recently?');
    return term;
  }

  it('a multi-line answer from the editor shows in the field, is saved by Enter and is in the timeline', async () => {
    const text = path.join(ws.repo, '..', 'answer.txt');
    fs.writeFileSync(text, 'deployed v2.3.1 at 01:50\n- flag new-checkout on\n- pool size 10\n');
    const term = await toChanges({ EDITOR: fakeEditor('write'), FAKE_EDITOR_TEXT: text });
    await term.type('deployed');
    await term.waitFor('› deployed');
    await term.press('C-g');
    let screen = await term.waitFor(/› deployed v2\.3\.1 at 01:50\n {2}- flag new-checkout on\n {2}- pool size 10\n/);
    expect(screen).toContain('From the editor: check it, then Enter saves it.');
    expect(screen).toMatch(/INCIDENT\s+Checkout returns 500/);
    // Not recorded until Enter.
    let events = await cliJson<TimelineEvent[]>(cli, ws, ['timeline']);
    expect(events.some((e) => e.data.step === 'detect.changes')).toBe(false);

    await term.press('Enter');
    screen = await term.waitFor('Is the app completely down');
    expect(screen).not.toMatch(STACK_TRACE);
    events = await cliJson<TimelineEvent[]>(cli, ws, ['timeline']);
    const changes = events.find((e) => e.data.step === 'detect.changes');
    expect(changes?.data.value).toBe('deployed v2.3.1 at 01:50\n- flag new-checkout on\n- pool size 10');
    const printed = await runCli(cli, ws, ['timeline']);
    expect(printed.stdout).toContain('What changed recently? → deployed v2.3.1 at 01:50 - flag new-checkout on - pool size 10');
  });

  it('while the editor runs nothing is drawn over it and every key reaches it; the screen comes back whole', async () => {
    // The editor reads only after 1.5 s, as a slow one starting up: what is typed meanwhile must wait for it,
    // not be taken by the TUI (which stops reading the terminal while the editor has it).
    const term = await toChanges({ EDITOR: fakeEditor('read-line'), FAKE_EDITOR_WAIT_MS: '1500' });
    await term.type('deployed');
    await term.waitFor('› deployed');
    await term.press('C-g');
    await term.waitFor('FAKE EDITOR: type a line and press Enter');
    const typed = 'every key reaches the editor: 0123456789 abcdefghijklmnopqrstuvwxyz q Q ?';
    await term.type(typed);
    await term.press('Enter');
    // The header's clock ticks every second: watch for over a second that no frame lands on the editor.
    const until = Date.now() + 1200;
    while (Date.now() < until) {
      const screen = await term.screen();
      expect(screen).not.toMatch(/INCIDENT|What changed recently\?|Ctrl-G/);
      expect(screen).toContain('FAKE EDITOR');
    }
    const screen = await term.waitFor(`  ${typed}`);
    expect(screen).toMatch(/INCIDENT\s+Checkout returns 500/);
    expect(screen).toContain('› deployed\n');
    // The editor had its own screen: none of it is left in the terminal's history.
    const all = await term.screen({ history: true });
    expect(all).not.toContain('FAKE EDITOR');
    expect(all.match(/What changed recently\?/g)).toHaveLength(1);
    // Keys work again, in the field.
    await term.type(' ok');
    await term.waitFor(`  ${typed} ok`);
  });

  it('an editor that exits non-zero: a clear message, and the typed text is still in the field', async () => {
    // The private folder is made in $TMPDIR: here, one that can be looked into after.
    const tmp = path.join(ws.repo, '..', 'tmp');
    fs.mkdirSync(tmp);
    const term = await toChanges({ EDITOR: fakeEditor('fail'), TMPDIR: tmp });
    await term.type('half typed');
    await term.waitFor('› half typed');
    await term.press('C-g');
    const screen = await term.waitFor('The editor (node) exited with status 3. Your text is as it was');
    expect(screen).toContain('› half typed');
    await term.type(', then finished');
    await answer(term, '', 'Is the app completely down');
    const events = await cliJson<TimelineEvent[]>(cli, ws, ['timeline']);
    expect(events.find((e) => e.data.step === 'detect.changes')?.data.value).toBe('half typed, then finished');
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('a terminal closed while the editor is open leaves no temp file behind, and the draft is kept', async () => {
    const tmp = path.join(ws.repo, '..', 'tmp');
    fs.mkdirSync(tmp);
    const term = await toChanges({ EDITOR: fakeEditor('read-line'), TMPDIR: tmp });
    await term.type('half typed');
    await term.waitFor('› half typed');
    await term.press('C-g');
    await term.waitFor('FAKE EDITOR');
    expect(fs.readdirSync(tmp)).toHaveLength(1);
    await term.kill();
    const deadline = Date.now() + 5000;
    while (fs.readdirSync(tmp).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(fs.readdirSync(tmp)).toEqual([]);
    const resumed = await startTui(cli, ws);
    await choose(resumed, '1', 'What changed recently?');
    await resumed.waitFor('› half typed');
  });
});

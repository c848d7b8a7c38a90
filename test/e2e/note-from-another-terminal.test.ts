// `incident note` from a second terminal while the TUI holds the incident:
// the note is appended beside the running session and shows up in the TUI's
// timeline view (which re-reads the log when it opens).
import { describe, expect, it } from 'vitest';
import { hasTmux } from '../helpers/tmux.js';
import { answer, cliJson, runCli, startTui, type TimelineEvent, type Workspace, useE2e } from './support.js';

describe.skipIf(!hasTmux)('e2e: a note from another terminal', () => {
  let cli: string;
  let ws: Workspace;
  useE2e((c, w) => ((cli = c), (ws = w)));

  it('appears in the TUI timeline view (t) while the TUI is open, and in `incident timeline`', async () => {
    const term = await startTui(cli, ws);
    await term.waitFor('What is broken?');
    await answer(term, 'Login fails with 502', 'Production URL');
    await answer(term, '', 'When did it start?');
    await answer(term, '', 'How was it detected?'); // a choice screen: letter keys are shortcuts here

    const noted = await runCli(cli, ws, ['note', 'from the other terminal']);
    expect(noted).toMatchObject({ code: 0, stderr: '' });
    expect(noted.stdout).toMatch(/^Noted at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC in \d{4}-\d\d-\d\d-login-fails-with-502\n$/);

    await term.press('t');
    const timeline = await term.waitFor([/Timeline \(\d+ events/, 'from the other terminal']);
    // The TUI's own entries are there too, in order, with the note last.
    const rows = timeline.split('\n').filter((l) => /^\d\d \w{3} \d\d:\d\d:\d\d/.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows[0]).toContain('Login fails with 502');
    // After the answers given before it (a diagnostic the TUI records in the background may come later).
    const noteRow = rows.findIndex((r) => r.includes('from the other terminal'));
    expect(noteRow).toBeGreaterThan(rows.findIndex((r) => r.includes('When did it start?')));

    // Closing the view returns to the same question, and the flow goes on.
    await term.press('Escape');
    await term.waitFor('How was it detected?');
    expect(await term.screen()).not.toContain('from the other terminal');
    await term.press('1');
    await term.waitFor('What changed recently?');

    // While typing, t is a letter; Ctrl-T opens the timeline.
    await term.type('t');
    // The field's line: the header's "› triage" matched a bare '› t' before the t was read, so
    // t and Ctrl-T arrived together, as they do when someone types fast (see splitChunk).
    await term.waitFor(/^› t/m);
    await term.press('C-t');
    await term.waitFor([/Timeline \(\d+ events/, 'from the other terminal'], { timeout: 8000 });

    const events = await cliJson<TimelineEvent[]>(cli, ws, ['timeline']);
    const notes = events.filter((e) => e.type === 'note.added');
    expect(notes.map((e) => e.data.text)).toEqual(['from the other terminal']);
    // Written by the other process between the TUI's own entries, never overwritten by them.
    const noteIndex = events.indexOf(notes[0]!);
    expect(events.slice(noteIndex + 1).some((e) => e.type === 'answer')).toBe(true);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });
});

// Leaving half-way and coming back: `q` saves and exits, `incident` offers to
// resume, and the flow continues at the same question — with a half-typed
// answer still in its field after Ctrl-C.
import { describe, expect, it } from 'vitest';
import { hasTmux, type Terminal } from '../helpers/tmux.js';
import { answer, choose, cliJson, STACK_TRACE, startTui, type IncidentRow, type TimelineEvent, type Workspace, useE2e } from './support.js';

describe.skipIf(!hasTmux)('e2e: quit half-way and resume', () => {
  let cli: string;
  let ws: Workspace;
  useE2e((c, w) => ((cli = c), (ws = w)));

  /** Leaves with `key`, checks the process ended cleanly with the resume hint; returns the incident id. */
  async function leaveWith(term: Terminal, key: string): Promise<string> {
    await term.press(key);
    const { status, screen } = await term.waitForExit();
    expect(status).toBe(0);
    expect(screen).not.toMatch(STACK_TRACE);
    const id = /Saved\. Run `incident` to resume (\S+)\./.exec(screen)?.[1];
    expect(id, `"Saved. Run \`incident\` to resume <id>." on the screen:\n${screen}`).toBeDefined();
    return id!;
  }

  /** Starts `incident` again and picks "Resume: <title>" (choice 1). */
  async function resume(title: string, next: string | RegExp | (string | RegExp)[]): Promise<{ term: Terminal; screen: string }> {
    const term = await startTui(cli, ws);
    await term.waitFor(['An incident is still open.', `1. Resume: ${title}`, '2. Declare a new incident']);
    const screen = await choose(term, '1', next);
    expect(screen).not.toContain('⚠'); // no lock left behind, no torn log
    return { term, screen };
  }

  it('q in triage saves and exits; resuming shows the same question, and a half-typed answer survives Ctrl-C', async () => {
    const title = 'Search is slow for EU users';
    let term = await startTui(cli, ws);
    await term.waitFor('What is broken?');
    await answer(term, title, 'Production URL');
    await answer(term, '', 'When did it start?');
    await answer(term, '', 'How was it detected?');
    await choose(term, '2', 'What changed recently?');
    await answer(term, 'nothing known', 'Is the app completely down');
    await choose(term, '2', 'Is there data loss, data corruption or a security breach?');

    const id = await leaveWith(term, 'q');
    const [row] = await cliJson<IncidentRow[]>(cli, ws, ['list']);
    expect(row).toMatchObject({ id, title, status: 'open', phase: 'triage' });
    await term.kill();

    // Back at the same question: the second severity question, with the first answer kept.
    let resumed = await resume(title, 'Is there data loss, data corruption or a security breach?');
    term = resumed.term;
    expect(resumed.screen).toMatch(/✓ Is the app completely down.*No/i);
    expect(resumed.screen).toMatch(/INCIDENT\s+Search is slow for EU users/);

    // Carry on to a text field and type without Enter. The text has a q and a t in it:
    // letter shortcuts are off while typing, so neither leaves nor opens the timeline.
    await choose(term, '2', 'Is a core workflow broken?');
    await choose(term, '1', 'Who is affected?');
    const draft = 'quite a few EU shoppers, not yet counted';
    await term.type(draft);
    await term.waitFor(`› ${draft}`);
    expect(await term.exitStatus()).toBeNull();

    expect(await leaveWith(term, 'C-c')).toBe(id);
    await term.kill();

    resumed = await resume(title, 'Who is affected?');
    term = resumed.term;
    expect(resumed.screen).toContain(`› ${draft}`);
    expect(resumed.screen).toMatch(/^SEV-2 /m);

    // The kept draft is a real answer: Enter records it and moves on.
    await term.press('Enter');
    await term.waitFor(['Can we mitigate now?', `Who is affected?  ${draft}`]);
    await leaveWith(term, 'q');

    const events = await cliJson<TimelineEvent[]>(cli, ws, ['timeline', id]);
    const affected = events.filter((e) => e.type === 'answer' && e.data.step === 'triage.affected');
    expect(affected.map((e) => e.data.value)).toEqual([draft]);
    // Three sessions, one declaration, and nothing recorded twice by the resumes.
    expect(events.filter((e) => e.type === 'incident.declared')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'severity.set')).toHaveLength(1);
  });
});

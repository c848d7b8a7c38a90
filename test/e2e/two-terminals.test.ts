// One interactive writer per incident: a second `incident` in another terminal
// is told the incident is open elsewhere — no crash, no second writer — and can
// take it over once the first terminal has left.
import { describe, expect, it } from 'vitest';
import { hasTmux } from '../helpers/tmux.js';
import { answer, choose, cliJson, flat, runCli, STACK_TRACE, startTui, type TimelineEvent, type Workspace, useE2e } from './support.js';

describe.skipIf(!hasTmux)('e2e: two terminals, one incident', () => {
  let cli: string;
  let ws: Workspace;
  useE2e((c, w) => ((cli = c), (ws = w)));

  it('the second terminal is told the incident is open in another terminal and keeps running', async () => {
    const declared = await runCli(cli, ws, ['declare', 'Payments API down', '--severity', 'SEV-1']);
    expect(declared.code).toBe(0);
    const id = declared.stdout.trim();
    expect(id).toMatch(/^\d{4}-\d\d-\d\d-payments-api-down$/);

    const first = await startTui(cli, ws);
    await first.waitFor(['An incident is still open.', '1. Resume: Payments API down']);
    await choose(first, '1', ['Production URL', /^SEV-1 /m]);

    const second = await startTui(cli, ws);
    await second.waitFor(['An incident is still open.', '1. Resume: Payments API down']);
    await second.press('1');
    const refused = flat(await second.waitFor(/open in another\s+terminal/));
    expect(refused).toMatch(/this incident is open in another terminal \(pid \d+ on \S+, since [^)]+\)/i);
    expect(refused).toContain('incident note');
    expect(refused).not.toMatch(STACK_TRACE);
    // Still at the choice, still running.
    expect(refused).toContain('1. Resume: Payments API down');
    expect(second.exitStatus()).toBeNull();

    // The first terminal is unaffected and keeps recording.
    await answer(first, 'http://127.0.0.1:9/health', 'What is normal for it?');
    await answer(first, 'normally 200 in ~120 ms', 'When did it start?');

    // The second can still add a note the supported way, and leave cleanly.
    expect((await runCli(cli, ws, ['note', 'paged the payments on-call'])).code).toBe(0);
    await second.press('q');
    const left = await second.waitForExit();
    expect(left.status).toBe(0);
    expect(left.screen).not.toMatch(STACK_TRACE);
    await second.kill();

    // Once the first has left, another terminal can resume at the same question.
    await first.press('C-c');
    expect((await first.waitForExit()).screen).toContain(`Saved. Run \`incident\` to resume ${id}.`);
    const third = await startTui(cli, ws);
    await third.waitFor('1. Resume: Payments API down');
    const screen = await choose(third, '1', 'When did it start?');
    expect(screen).not.toContain('another terminal');

    const events = await cliJson<TimelineEvent[]>(cli, ws, ['timeline', id]);
    expect(events.filter((e) => e.type === 'answer').map((e) => e.data.value)).toEqual([
      'http://127.0.0.1:9/health',
      'normally 200 in ~120 ms',
    ]);
    expect(events.filter((e) => e.type === 'note.added').map((e) => e.data.text)).toEqual(['paged the payments on-call']);
  });
});

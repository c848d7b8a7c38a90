// One interactive writer per incident: a second `incident` in another terminal
// watches it read-only — the timeline updating as the first records, notes
// from anywhere appearing — and takes it over once the first has left. A lock
// left by a process that no longer runs is taken over with a notice.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTmux } from '../helpers/tmux.js';
import { answer, choose, cliJson, flat, runCli, STACK_TRACE, startTui, type TimelineEvent, type Workspace, useE2e } from './support.js';

describe.skipIf(!hasTmux)('e2e: two terminals, one incident', () => {
  let cli: string;
  let ws: Workspace;
  useE2e((c, w) => ((cli = c), (ws = w)));

  it('the second terminal watches read-only, sees answers and notes arrive, adds a note, and takes over when the first leaves', async () => {
    const declared = await runCli(cli, ws, ['declare', 'Payments API down', '--severity', 'SEV-1']);
    expect(declared.code).toBe(0);
    const id = declared.stdout.trim();

    const first = await startTui(cli, ws);
    await first.waitFor(['An incident is still open.', '1. Resume: Payments API down']);
    await choose(first, '1', ['Production URL', /^SEV-1 /m]);
    const pid = (JSON.parse(fs.readFileSync(path.join(ws.state, 'incidents', id, 'lock'), 'utf8')) as { pid: number }).pid;

    const second = await startTui(cli, ws);
    await second.waitFor(['1. Resume: Payments API down', /open in another\s+terminal:\s+read-only\s+here/]);
    await second.press('1');
    const watching = flat(await second.waitFor('Read-only: held by'));
    expect(watching).toMatch(new RegExp(`Read-only: held by pid ${pid} on \\S+ since \\d\\d:\\d\\d; \`incident note\` adds notes`));
    expect(watching).toMatch(/INCIDENT\s+Payments API down/);
    expect(watching).toContain('SEV-1');
    expect(watching).not.toMatch(STACK_TRACE);

    // What the first records shows up in the second, and a note from a third terminal in both —
    // in the first's timeline view while it is open.
    await answer(first, 'http://127.0.0.1:9/health', 'What is normal for it?');
    await second.waitFor('http://127.0.0.1:9/health', { timeout: 10_000 });
    await first.press('C-t');
    await first.waitFor(/Timeline \(\d+ events/);
    expect((await runCli(cli, ws, ['note', 'paged the payments on-call'])).code).toBe(0);
    await second.waitFor('paged the payments on-call', { timeout: 10_000 });
    await first.waitFor('paged the payments on-call', { timeout: 10_000 });
    await first.press('Escape');
    await first.waitFor('What is normal for it?');

    // A note from the read-only view: appended beside the holder, never as an answer.
    await second.press('n');
    await second.waitFor('Add a note to the timeline');
    await answer(second, 'watching from the bridge', '✓ note saved');
    await second.waitFor('watching from the bridge');

    // The first leaves: the second is told, and Enter takes the incident over at the question the first was on.
    await first.press('C-c');
    expect((await first.waitForExit()).screen).toContain(`Saved. Run \`incident\` to resume ${id}.`);
    await second.waitFor('The other session has ended', { timeout: 10_000 });
    await second.press('Enter');
    const taken = await second.waitFor('What is normal for it?');
    expect(taken).not.toContain('Read-only');
    expect(taken).not.toContain('⚠');
    await answer(second, 'normally 200 in ~120 ms', 'When did it start?');
    await second.press('C-c');
    expect((await second.waitForExit()).status).toBe(0);

    const events = await cliJson<TimelineEvent[]>(cli, ws, ['timeline', id]);
    expect(events.filter((e) => e.type === 'answer').map((e) => e.data.value)).toEqual([
      'http://127.0.0.1:9/health',
      'normally 200 in ~120 ms',
    ]);
    expect(events.filter((e) => e.type === 'note.added').map((e) => e.data.text)).toEqual([
      'paged the payments on-call',
      'watching from the bridge',
    ]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('a read-only view leaves with q, and the holder goes on undisturbed', async () => {
    const declared = await runCli(cli, ws, ['declare', 'Search is slow']);
    const id = declared.stdout.trim();
    const first = await startTui(cli, ws);
    await first.waitFor('1. Resume: Search is slow');
    await choose(first, '1', 'Production URL');
    const second = await startTui(cli, ws);
    await second.waitFor('1. Resume: Search is slow');
    await second.press('1');
    await second.waitFor('Read-only: held by');
    await second.press('q');
    const left = await second.waitForExit();
    expect(left.status).toBe(0);
    expect(left.screen).toContain(`Left the read-only view of ${id}.`);
    await answer(first, '', 'When did it start?');
    expect(fs.existsSync(path.join(ws.state, 'incidents', id, 'lock'))).toBe(true);
  });

  it('a lock left by a process that no longer runs on this host is taken over, with a notice', async () => {
    const declared = await runCli(cli, ws, ['declare', 'Login fails']);
    const id = declared.stdout.trim();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    fs.writeFileSync(
      path.join(ws.state, 'incidents', id, 'lock'),
      JSON.stringify({ pid: dead, host: os.hostname(), startedAt: new Date(Date.now() - 60_000).toISOString() }),
    );
    const term = await startTui(cli, ws);
    await term.waitFor('1. Resume: Login fails');
    await term.press('1');
    const screen = flat(await term.waitFor('Production URL'));
    expect(screen).toMatch(new RegExp(`⚠ took over a stale lock on \\S+: pid ${dead} on \\S+ \\(since [^)]+\\) is no longer running`));
    expect(screen).not.toContain('Read-only');
  });
});

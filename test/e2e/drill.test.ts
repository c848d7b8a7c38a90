// `incident drill bad-deploy-500` from the built CLI in a real terminal: the
// briefing, Enter starts the clock, declaring probes the drill service (5xx),
// leaving (Ctrl-C while typing, q elsewhere) asks "End the drill?", the report is shown and kept, and the drill's temp
// folder is gone with exit 0. SIGTERM during a drill removes the folder too.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTmux, type Terminal } from '../helpers/tmux.js';
import { answer, choose, flat, STACK_TRACE, startTui, type Workspace, useE2e } from './support.js';

/** The drill's folders in the test's own temp dir (the engine makes them in $TMPDIR). */
const drillFolders = (tmp: string) => fs.readdirSync(tmp).filter((f) => f.startsWith('incident-drill-'));

async function startDrillTui(cli: string, ws: Workspace): Promise<{ term: Terminal; tmp: string }> {
  const tmp = path.join(ws.state, '..', 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  const term = await startTui(cli, ws, { args: ['drill', 'bad-deploy-500', '--speed', '50'], env: { TMPDIR: tmp } });
  const briefing = flat(await term.waitFor('Enter start the clock', { timeout: 15_000 }));
  expect(briefing).toContain('PAGE — storefront-api: 5xx rate 100%');
  expect(briefing).toMatch(
    /This is a drill: nothing real is touched\. The service runs on 127\.0\.0\.1:\d+ .* from a practice repository in /,
  );
  expect(briefing).toContain('Faults run 50× faster than the clock.');
  expect(drillFolders(tmp)).toHaveLength(1);
  await term.press('Enter');
  await term.waitFor('What is broken?');
  return { term, tmp };
}

/** Declares, keeps the URL the page gave, and waits for the probe to show the 5xx. */
async function declare(term: Terminal): Promise<void> {
  const url = flat(await answer(term, 'Storefront answers 500', 'Production URL'));
  expect(url).toMatch(/› http:\/\/127\.0\.0\.1:\d+\/health \(Enter keeps this\)/);
  expect(url).toContain(' DRILL ');
  await term.press('Enter');
  await term.waitFor(/✗ HTTP 500/, { timeout: 10_000 });
}

describe.skipIf(!hasTmux)('e2e: incident drill', () => {
  let cli = '';
  let ws: Workspace;
  useE2e((c, w) => ((cli = c), (ws = w)));

  it('briefing, declare, the probe sees the 5xx; leaving → end the drill → the report on screen and on disk, the folder gone, exit 0', async () => {
    const { term, tmp } = await startDrillTui(cli, ws);
    await declare(term);
    // A text field is open: Ctrl-C is its "leave" (q would be typed).
    await choose(term, 'C-c', 'End the drill and see the score?');
    // "No" goes back to where the drill was.
    await choose(term, '2', 'What is normal for it?');
    await choose(term, 'C-c', 'End the drill and see the score?');
    await term.press('1');
    const { status, screen } = await term.waitForExit({ timeout: 10_000 });
    const text = flat(screen);
    expect(status).toBe(0);
    expect(text).toMatch(/Drill: Every storefront request answers 500 after a deploy — \d+ \/ 100/);
    expect(text).toContain('✓ Time to declare: declared');
    expect(text).toContain('Debrief:');
    expect(text).not.toMatch(STACK_TRACE);
    const reportPath = /Drill report: (\S+\.md)/.exec(text)?.[1];
    expect(reportPath).toBeDefined();
    expect(reportPath!.startsWith(path.join(ws.state, 'drills'))).toBe(true);
    expect(fs.readFileSync(reportPath!, 'utf8')).toMatch(/^# Drill report: Every storefront request/);
    expect(drillFolders(tmp)).toEqual([]);
  });

  it('SIGTERM during a drill: the report is kept as it stood, the temp folder is removed, the drill is recorded and closed', async () => {
    const { term, tmp } = await startDrillTui(cli, ws);
    await declare(term);
    const [id] = fs.readdirSync(path.join(ws.state, 'incidents'));
    const pid = (JSON.parse(fs.readFileSync(path.join(ws.state, 'incidents', id!, 'lock'), 'utf8')) as { pid: number }).pid;
    process.kill(pid, 'SIGTERM');
    const { status, screen } = await term.waitForExit({ timeout: 5_000 });
    expect(status).toBe(143);
    expect(flat(screen)).toContain('incident: stopped by SIGTERM. The drill');
    // Scored as it stood: the trainee whose terminal closed still has the report.
    const reportPath = /scored as it stood: (\S+\.md);/.exec(flat(screen))?.[1];
    expect(reportPath).toBe(path.join(ws.state, 'drills', `${id}.md`));
    expect(fs.readFileSync(reportPath!, 'utf8')).toMatch(/^# Drill report: Every storefront request[\s\S]*\| Time to declare \| \d+s/);
    expect(drillFolders(tmp)).toEqual([]);
    const log = fs.readFileSync(path.join(ws.state, 'incidents', id!, 'events.jsonl'), 'utf8');
    expect(log).toMatch(/"type":"incident\.closed".*"ended":"stopped"/);
  });
});

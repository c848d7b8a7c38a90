// `incident walk ID` in a real terminal: a practice walkthrough that runs a
// real command only when asked, keeps its timeline apart, and leaves.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTmux } from '../helpers/tmux.js';
import { answer, choose, flat, runCli, STACK_TRACE, startTui, type Workspace, useE2e } from './support.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/walk');

describe.skipIf(!hasTmux)('e2e: incident walk', () => {
  let cli: string;
  let ws: Workspace;
  useE2e((c, w) => ((cli = c), (ws = w)));

  it('walks a runbook with a parameter and a destructive command, then leaves a practice timeline only', async () => {
    const term = await startTui(cli, ws, { args: ['walk', 'run-things', '--runbooks', fixtures] });
    await term.waitFor(['PRACTICE', 'Which word to print?']);
    await answer(term, 'hello there', 'Run this command?');
    expect(flat(await term.screen())).toContain("$ node -e 'console.log(process.argv[1])' 'hello there'");
    const screen = await choose(term, '1', 'Destructive. Type node and press Enter to run it');
    expect(screen).toContain('hello there');
    await answer(term, 'node', 'Runbook complete:');
    const done = await term.screen();
    expect(done).toContain('wiped');
    // Enter ends the program here, and the footer says so.
    expect(done).toMatch(/Enter leave/);
    await term.press('Enter');
    const { status, screen: last } = await term.waitForExit();
    expect(status).toBe(0);
    expect(last).toMatch(/Practice timeline, kept apart from real incidents: .*practice/);
    expect(last).not.toMatch(STACK_TRACE);

    const list = await runCli(cli, ws, ['list']);
    expect(list.stdout).toContain('No incidents recorded yet');
    const dir = path.join(ws.state, 'practice', 'incidents');
    const [id] = fs.readdirSync(dir);
    const events = fs
      .readFileSync(path.join(dir, id!, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });
    expect(events[0]!.data).toMatchObject({ practice: true });
    const commands = events.filter((e) => e.type === 'runbook.command');
    expect(commands.map((e) => [e.data.step, e.data.exitCode, e.data.output])).toEqual([
      ['say', 0, 'hello there'],
      ['wipe', 0, 'wiped'],
    ]);
    expect(events.at(-1)!.type).toBe('incident.closed');
  });

  it('an unknown runbook id is a clear error with suggestions, before any screen', async () => {
    const result = await runCli(cli, ws, ['walk', 'hotfix-rule']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'incident: no runbook "hotfix-rule". Did you mean hotfix-rules? `incident runbook list` shows them all.',
    );
  });
});

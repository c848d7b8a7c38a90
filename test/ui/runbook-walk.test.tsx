import React from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { join } from 'node:path';
import { Root } from '../../src/ui/root.js';
import { Session, type SessionDeps } from '../../src/session/incident-session.js';
import { loadRunbookFile } from '../../src/runbooks/load-runbook.js';
import { builtinRunbooksDir } from '../../src/runbooks/runbooks-dir.js';
import { runCommand } from '../../src/runbooks/run-command.js';
import type { Runbook } from '../../src/domain/runbook.js';
import { EventLog, eventsPath } from '../../src/timeline/event-log.js';
import { incidentDir } from '../../src/timeline/state-dir.js';
import { makeTempDir } from '../helpers/temp.js';
import { makeDeps } from '../helpers/session.js';
import { KEY, pressUntil, waitForFrame } from '../helpers/frames.js';

const load = (file: string): Runbook => {
  const { runbook, problems } = loadRunbookFile(file, 'builtin');
  if (!runbook) throw new Error(problems.map((p) => p.message).join('\n'));
  return runbook;
};
const containment = load(join(builtinRunbooksDir(), 'containment.yaml'));
const runThings = load(join(import.meta.dirname, '../fixtures/walk/run-things.yaml'));

let tmp: { dir: string; cleanup: () => void };
let deps: SessionDeps;
let session: Session | null = null;

beforeEach(async () => {
  tmp = makeTempDir('incident-walk-');
  deps = await makeDeps(tmp.dir, { runCommand: (argv, o) => runCommand(argv, { ...o, cwd: tmp.dir }) });
});
afterEach(async () => {
  session?.close();
  session = null;
  await deps.store.flush();
  tmp.cleanup();
});

function mount(runbooks: Runbook[]) {
  session = Session.fresh(deps);
  const declared = session.submit({ type: 'declare', title: 'Checkout returns 500 — should I roll back?' });
  if (!declared.ok) throw new Error(declared.error);
  const app = render(
    <Root
      open={[]}
      initial={session}
      openSession={() => ({ ok: false, error: 'no' })}
      now={deps.now}
      rawInput
      loadRunbooks={() => Promise.resolve({ runbooks, problems: [] })}
    />,
  );
  return app;
}

const logTypes = () => EventLog.read(eventsPath(incidentDir(deps.store.stateDir, session!.id!))).entries;

describe('walking a runbook in the TUI', () => {
  it('walks the containment tree to "roll back", recording every answer and the outcome', async () => {
    const app = mount([containment, runThings]);
    await waitForFrame(app.lastFrame, 'Production URL');
    const picker = await pressUntil(app, KEY.ctrlR, 'Runbooks');
    expect(picker).toMatch(/❯ Containment decision.*matches this incident/);
    app.stdin.write(KEY.enter);
    await waitForFrame(app.lastFrame, 'Check: recent-commits');
    app.stdin.write('v2.3.1 shipped at 01:50\r');
    await waitForFrame(app.lastFrame, 'Is the root cause likely in a recent deploy?');
    app.stdin.write('1');
    await waitForFrame(app.lastFrame, 'destructive migration');
    app.stdin.write('2');
    await waitForFrame(app.lastFrame, 'Did the problem start before that deploy went out?');
    app.stdin.write('2');
    await waitForFrame(app.lastFrame, 'Would the rollback be bigger or riskier than the fix?');
    app.stdin.write('2');
    const done = await waitForFrame(app.lastFrame, 'Runbook complete:');
    expect(done).toContain('Outcome: contain: rollback · recommendation: rollback-first');
    // Enter goes back to the incident here, not out of the program.
    expect(done).toMatch(/Enter close/);
    await pressUntil(app, KEY.enter, 'Production URL');
    app.unmount();

    const entries = logTypes();
    const walk = entries.filter((e) => e.type.startsWith('runbook.'));
    expect(walk.map((e) => `${e.type}:${String(e.data.step ?? '')}`)).toEqual([
      'runbook.started:',
      'runbook.ack:recent_changes',
      'runbook.answer:cause_in_deploy',
      'runbook.answer:migration_ran',
      'runbook.answer:predates_deploy',
      'runbook.answer:rollback_bigger',
      'runbook.finished:',
    ]);
    expect(walk[1]!.data.finding).toBe('v2.3.1 shipped at 01:50');
    expect(walk.at(-1)!.data.outcome).toMatchObject({ containment: 'rollback', recommendation: 'rollback-first' });
    // The incident's own flow did not move.
    expect(session!.actor.getSnapshot().value).toEqual({ detect: 'url' });
  });

  it('runs a command only when asked, and a destructive one only when its name is typed, not pasted', async () => {
    const app = mount([runThings]);
    await waitForFrame(app.lastFrame, 'Production URL');
    await pressUntil(app, KEY.ctrlR, 'Runbooks');
    app.stdin.write(KEY.enter);
    await waitForFrame(app.lastFrame, 'Which word to print?');
    // A value with shell syntax stays one literal argument.
    app.stdin.write('a; echo $(whoami) && b\r');
    let frame = await waitForFrame(app.lastFrame, 'Run this command?');
    expect(frame).toContain("$ node -e 'console.log(process.argv[1])' 'a; echo $(whoami) && b'");
    app.stdin.write('1');
    frame = await waitForFrame(app.lastFrame, /Destructive\. Type node/);
    expect(frame).toContain('a; echo $(whoami) && b');
    // Pasted name + Enter in one chunk: refused.
    app.stdin.write('node\r');
    frame = await waitForFrame(app.lastFrame, 'Pasted text does not confirm');
    // A wrong word: refused.
    app.stdin.write(KEY.ctrlU);
    for (const ch of 'yes') app.stdin.write(ch);
    await waitForFrame(app.lastFrame, '› yes');
    app.stdin.write(KEY.enter);
    await waitForFrame(app.lastFrame, 'Type exactly node');
    app.stdin.write(KEY.ctrlU);
    for (const ch of 'node') app.stdin.write(ch);
    await waitForFrame(app.lastFrame, '› node');
    app.stdin.write(KEY.enter);
    frame = await waitForFrame(app.lastFrame, 'Runbook complete:');
    expect(frame).toContain('wiped');
    app.unmount();

    const commands = logTypes().filter((e) => e.type === 'runbook.command');
    expect(commands.map((e) => [e.data.step, e.data.ran, e.data.exitCode])).toEqual([
      ['say', true, 0],
      ['wipe', true, 0],
    ]);
    expect(commands[0]!.data.output).toBe('a; echo $(whoami) && b');
    expect(commands[0]!.data.argv).toEqual(['node', '-e', 'console.log(process.argv[1])', 'a; echo $(whoami) && b']);
  });
});

// The ways out that the person did not choose, with the built CLI in a real
// terminal: SIGTERM and a closed terminal (SIGHUP) save and leave with 143 /
// 129, an uncaught error leaves one line and a debug log, Ctrl-Z hands the
// terminal to the shell until `fg`. Each time: the lock released, the terminal
// as the shell wants it, and `incident` resumes where it was.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTmux, type Terminal } from '../helpers/tmux.js';
import { startSilent } from '../helpers/servers.js';
import { until } from '../helpers/frames.js';
import { makeDeps } from '../helpers/session.js';
import { answerAll, CONTAIN, DETECT, RESOLVE, TRIAGE } from '../helpers/incident-script.js';
import { Session } from '../../src/session/incident-session.js';
import {
  answer,
  cliJson,
  flat,
  hasBash,
  shellReport,
  STACK_TRACE,
  startShell,
  startTui,
  type TimelineEvent,
  waitForPrompt,
  type Workspace,
  useE2e,
} from './support.js';

/** The secret in the test crash's message (src/commands/test-crash.ts): it must never be shown or written. */
const PLANTED_IN_TEST_CRASH = 'hunter2-test';

/** The one incident in the workspace: its id and folder. */
function theIncident(ws: Workspace): { id: string; dir: string } {
  const [id] = fs.readdirSync(path.join(ws.state, 'incidents'));
  if (!id) throw new Error('no incident was declared');
  return { id, dir: path.join(ws.state, 'incidents', id) };
}

/** The pid in the incident's lock: the session holding it. */
function holderPid(ws: Workspace): number {
  return (JSON.parse(fs.readFileSync(path.join(theIncident(ws).dir, 'lock'), 'utf8')) as { pid: number }).pid;
}

/** Declares "Checkout returns 502" and leaves a half-typed URL in the next field. */
async function declareAndStartTyping(term: Terminal): Promise<void> {
  await term.waitFor('What is broken?');
  await answer(term, 'Checkout returns 502', 'Production URL');
  await term.type('https://shop.exa');
  await term.waitFor('› https://shop.exa');
}

/** `incident` again: resume (choice 1), and the screen it opens on. */
async function resumeAt(cli: string, ws: Workspace, next: string): Promise<string> {
  const term = await startTui(cli, ws);
  await term.waitFor('1. Resume: Checkout returns 502');
  await term.press('1');
  return term.waitFor(next);
}

describe.skipIf(!hasTmux || !hasBash)('e2e: signals, crashes and Ctrl-Z', () => {
  let cli: string;
  let ws: Workspace;
  useE2e((c, w) => ((cli = c), (ws = w)));

  it('SIGTERM: exit 143, terminal restored, lock released, and `incident` resumes at the same question with the half-typed draft', async () => {
    const shell = await startShell(ws);
    await shell.type(`node ${cli}`);
    await shell.press('Enter');
    await declareAndStartTyping(shell);

    const killed = performance.now();
    process.kill(holderPid(ws), 'SIGTERM');
    const screen = flat(await waitForPrompt(shell));
    expect(performance.now() - killed).toBeLessThan(1000);
    expect(screen).toMatch(
      /incident: stopped by SIGTERM\. Everything recorded is saved; `incident` resumes \d{4}-\d\d-\d\d-checkout-returns-502\./,
    );
    expect(screen).not.toMatch(STACK_TRACE);
    expect(await shellReport(shell)).toEqual({ status: 143, cooked: true });
    expect(await shell.cursorVisible()).toBe(true);
    expect(fs.existsSync(path.join(theIncident(ws).dir, 'lock'))).toBe(false);

    const resumed = await resumeAt(cli, ws, 'Production URL');
    expect(resumed).toContain('› https://shop.exa');
    expect(resumed).not.toContain('⚠'); // no stale lock to take over, no torn log
  });

  it('a closed terminal (SIGHUP): exit 129 at once, the draft and the timeline saved, the lock released', async () => {
    const term = await startTui(cli, ws, { forwardHangup: true });
    await declareAndStartTyping(term);
    const closed = performance.now();
    await term.hangUp();
    const { status } = await waitForStatus(term);
    expect(performance.now() - closed).toBeLessThan(1000);
    // Not 134: Node 20 aborts on exit when the terminal it would reset is gone, unless told otherwise.
    expect(status).toBe(129);
    const { id, dir } = theIncident(ws);
    expect(fs.existsSync(path.join(dir, 'lock'))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'draft.json'), 'utf8'))).toEqual({ 'detect.url': 'https://shop.exa' });
    const events = await cliJson<TimelineEvent[]>(cli, ws, ['timeline', id]);
    expect(events.map((e) => e.type)).toContain('incident.declared');
  });

  it.each(['after-declare', 'after-declare-rejection'])(
    'an uncaught error (%s): one line naming a private debug log with the stack, exit 1, terminal restored, the log intact',
    async (mode) => {
      const shell = await startShell(ws);
      await shell.type(`INCIDENT_TEST_CRASH=${mode} node ${cli}`);
      await shell.press('Enter');
      await shell.waitFor('What is broken?');
      await shell.type('Checkout returns 502');
      await shell.waitFor('› Checkout returns 502');
      await shell.press('Enter');
      const screen = await waitForPrompt(shell);
      const lines = screen.split('\n').filter((l) => l.includes('incident crashed'));
      expect(lines).toHaveLength(1);
      expect(screen).not.toMatch(STACK_TRACE);
      const line = flat(screen.slice(screen.indexOf('incident crashed')));
      const expected =
        String.raw`^incident crashed: INCIDENT_TEST_CRASH=${mode}: a deliberate crash \(test only\), password=\*+\. ` +
        String.raw`Everything recorded is safe; .incident. resumes\. Details: (\S+\.log)`;
      expect(line).toMatch(new RegExp(expected));
      expect(await shellReport(shell)).toEqual({ status: 1, cooked: true });
      expect(await shell.cursorVisible()).toBe(true);

      const logPath = /Details: (\S+\.log)/.exec(line)![1]!;
      expect(path.dirname(logPath)).toBe(path.join(ws.state, 'debug'));
      expect(fs.statSync(logPath).mode & 0o777).toBe(0o600);
      const details = fs.readFileSync(logPath, 'utf8');
      const { id, dir } = theIncident(ws);
      expect(details).toContain(`incident: ${id}`);
      expect(details).toMatch(/^node v\d+/m);
      expect(details).toMatch(/^\s+at .+:\d+:\d+/m); // the stack
      expect(details).not.toContain(PLANTED_IN_TEST_CRASH);
      expect(screen).not.toContain(PLANTED_IN_TEST_CRASH);

      expect(fs.existsSync(path.join(dir, 'lock'))).toBe(false);
      const events = await cliJson<TimelineEvent[]>(cli, ws, ['timeline', id]);
      expect(events[0]).toMatchObject({ type: 'incident.declared', data: { title: 'Checkout returns 502' } });
      const resumed = await resumeAt(cli, ws, 'Production URL');
      expect(resumed).not.toContain('⚠');
    },
  );

  it('after q the process is gone within a second: nothing (sockets, timers) keeps it alive', async () => {
    const term = await startTui(cli, ws);
    await term.waitFor('What is broken?');
    await answer(term, 'Checkout returns 502', 'Production URL');
    await answer(term, '', 'When did it start?');
    await answer(term, '', 'How was it detected?'); // a choice screen: q leaves
    const quit = await quitTakes(term);
    expect(quit.status).toBe(0);
    expect(quit.ms).toBeLessThan(1000);
  });

  it('… also while a probe waits on a server that never answers and a watch is running', async () => {
    const silent = await startSilent();
    try {
      const title = await incidentAtVerify(ws, `${silent.origin}/health`);
      const term = await startTui(cli, ws);
      await term.waitFor(`1. Resume: ${title}`);
      await term.press('1');
      await term.waitFor(['Verify: is it really fixed?', `Site: probing ${silent.origin}/health`, 'Watch it for 5 minutes']);
      // The actions follow the six checks; ↑ from the first check wraps to the last action.
      await term.press('Up', 'Up', 'Up');
      await term.waitFor(/❯ Watch it for 5 minutes/);
      await term.press('Enter');
      await term.waitFor('Stop watching');
      // The probes are connected and waiting: the probe module loads and connects a moment after the screen says so.
      await until(() => silent.accepted() > 0, { timeoutMs: 3000, why: () => 'no probe connected to the silent server' });
      const quit = await quitTakes(term);
      expect(quit.status).toBe(0);
      expect(quit.ms).toBeLessThan(1000);
    } finally {
      await silent.close();
    }
  });

  it('Ctrl-Z hands the terminal to the shell (cooked, cursor shown); `fg` brings the screen back whole, keys working', async () => {
    const shell = await startShell(ws);
    await shell.type(`node ${cli}`);
    await shell.press('Enter');
    await shell.waitFor('What is broken?');
    await shell.type('Checkout ret');
    await shell.waitFor('› Checkout ret');

    await shell.press('C-z');
    await shell.waitFor(/Stopped\s+node /);
    await waitForPrompt(shell);
    expect(await shell.cursorVisible()).toBe(true);
    await shell.type('stty -a | grep -q -- -icanon && echo mode=raw || echo mode=cooked');
    await shell.press('Enter');
    await shell.waitFor(/^mode=(raw|cooked)$/m);
    expect(await shell.screen()).toMatch(/^mode=cooked$/m);

    await shell.type('fg');
    await shell.press('Enter');
    // A full redraw on a cleared screen: the header is on the first line again, the shell's lines are gone.
    const back = await shell.waitFor(/^ INCIDENT  New incident/);
    expect(back).not.toContain('Stopped');
    expect(back).toContain('› Checkout ret');
    await shell.type('urns 502');
    await answer(shell, '', 'Production URL');
    await shell.press('C-c');
    await waitForPrompt(shell);
    expect(await shellReport(shell)).toEqual({ status: 0, cooked: true });
  });
});

/** An incident recorded up to verify (in this process, as a resumed session would find it), its service at `url`. */
async function incidentAtVerify(ws: Workspace, url: string): Promise<string> {
  const deps = await makeDeps(path.dirname(ws.state), { now: () => new Date() });
  const session = Session.fresh(deps);
  const title = 'Checkout returns 502';
  session.submit({ type: 'declare', title });
  answerAll(session, [{ ...DETECT[0]!, value: url }, ...DETECT.slice(1), ...TRIAGE, ...CONTAIN, ...RESOLVE], deps.now);
  session.close();
  await deps.store.flush();
  return title;
}

/** Presses q and returns how long the process took to be gone (its exit status recorded). */
async function quitTakes(term: Terminal): Promise<{ ms: number; status: number }> {
  await term.press('q');
  const pressed = performance.now();
  const { status } = await waitForStatus(term);
  return { ms: performance.now() - pressed, status };
}

/** The exit status of a program whose terminal is gone (no screen left to read): polled, never slept for. */
async function waitForStatus(term: Terminal, timeout = 5_000): Promise<{ status: number }> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const status = term.exitStatus();
    if (status !== null) return { status };
    if (Date.now() > deadline) throw new Error(`no exit status after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// `incident` with no arguments: the guided runbook. Loaded only when needed,
// so the scripting commands never pay for Ink and React.
import React from 'react';
import type { Services } from '../services.js';
import { IncidentStore } from '../session/incident-store.js';
import { LockedError, Session, type SessionDeps } from '../session/incident-session.js';
import type { IncidentSession } from '../session/types.js';
import { loadSeverityTree } from '../runbooks/severity-tree.js';
import { RunbookError } from '../runbooks/runbook-error.js';
import { writePostmortemFile } from '../postmortem/write-postmortem.js';
import { UserError, type Output } from './errors.js';

/**
 * Ink reads CI when it is imported and then draws nothing until exit: a person
 * at a terminal must see the screen. And Ink's layout engine probes the global
 * `fetch`, whose first touch loads undici and its dependencies (~30 ms); it is
 * not needed to draw a terminal.
 */
async function importInk() {
  const ci = process.env.CI;
  const fetchDescriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  delete process.env.CI;
  Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  try {
    const [{ render }, { Root }] = await Promise.all([import('ink'), import('../ui/root.js')]);
    return { render, Root };
  } finally {
    if (ci !== undefined) process.env.CI = ci;
    if (fetchDescriptor) Object.defineProperty(globalThis, 'fetch', fetchDescriptor);
  }
}

export async function tui(services: Services, io: Output): Promise<number> {
  if (process.stdin.isTTY !== true || process.stdout.isTTY !== true) {
    throw new UserError('incident: the guided mode needs an interactive terminal. For scripts use `incident declare`, `note`, `list` or `timeline`.', 2);
  }
  let severityTree;
  try {
    severityTree = await loadSeverityTree();
  } catch (error) {
    if (error instanceof RunbookError) throw new UserError(`the severity runbook is invalid:\n${error.message}`);
    throw error;
  }
  const store = await IncidentStore.open(services.stateDir);
  const deps: SessionDeps = {
    store,
    severityTree,
    now: services.now,
    actor: services.actor,
    repo: services.repo,
    host: services.host,
    pid: services.pid,
    writePostmortem: ({ facts, entries }) => writePostmortemFile({ facts, entries, root: facts.repo ?? services.cwd, now: services.now() }),
  };

  let current: Session | null = null;
  const openSession = (id: string | null): { ok: true; session: IncidentSession } | { ok: false; error: string } => {
    try {
      current = id ? Session.resume(deps, id) : Session.fresh(deps);
      return { ok: true, session: current };
    } catch (error) {
      if (error instanceof LockedError) return { ok: false, error: `${error.message}. Close it there first, or add notes from here with \`incident note\`.` };
      throw error;
    }
  };
  const open = store.openIncidents();
  let initial: IncidentSession | null = null;
  if (open.length === 0) {
    const first = openSession(null);
    if (first.ok) initial = first.session;
  }

  const { render, Root } = await importInk();

  const leave = () => {
    const s = current as Session | null;
    s?.close();
  };
  const onSignal = (code: number) => () => {
    leave();
    void store.flush().finally(() => process.exit(code));
  };
  process.once('SIGHUP', onSignal(129));
  process.once('SIGTERM', onSignal(143));

  const app = render(
    <Root open={open} initial={initial} openSession={openSession} now={services.now} rawInput={process.stdin.isTTY === true} />,
    { exitOnCtrlC: false, patchConsole: false },
  );
  // chrono compiles its patterns on first use (~80 ms): do it while the engineer reads the first question.
  setTimeout(() => void import('../domain/time-parse.js').then((m) => m.parseStartTime('10 min ago', services.now())), 50).unref();
  await app.waitUntilExit();
  const s = current as Session | null;
  leave();
  await store.flush();
  for (const w of store.warnings) io.err(`warning: ${w}`);
  if (s?.id) {
    const snap = s.actor.getSnapshot();
    if (snap.status === 'done') io.err(`Incident ${s.id} closed. Post-mortem: ${snap.context.facts?.postmortemPath ?? '?'}`);
    else io.err(`Saved. Run \`incident\` to resume ${s.id}.`);
  }
  return 0;
}

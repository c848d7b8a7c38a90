// `incident` with no arguments: the guided runbook. Loaded only when needed,
// so the scripting commands never pay for Ink and React.
import React from 'react';
import type { Services } from '../services.js';
import { IncidentStore } from '../session/incident-store.js';
import { LockedError, Session, type SessionDeps } from '../session/incident-session.js';
import type { IncidentSession } from '../session/types.js';
import { loadSeverityTree } from '../runbooks/severity-tree.js';
import { loadTeamSeverityTree, teamSeverityFile } from '../runbooks/team-severity-tree.js';
import { RunbookError } from '../runbooks/runbook-error.js';
import { writePostmortemFile } from '../postmortem/write-postmortem.js';
import { UserError, type Output } from './errors.js';
import { join } from 'node:path';
import { builtinRunbooksDir } from '../runbooks/runbooks-dir.js';
import { runbookCatalog } from './runbook-catalog.js';
import { runCommand } from '../runbooks/run-command.js';
import { rollbackGitFor } from '../git/rollback-git.js';
import { copyToClipboard } from '../session/share-update.js';
import { loadSettings } from './load-settings.js';
import { editInExternalEditor } from '../session/external-editor.js';
import { terminalLender, type TerminalLender } from './terminal-lender.js';
import { loadInk } from './load-ink.js';
import { erasePainted, paintFirstQuestion } from './first-paint.js';
import { Lifecycle } from './lifecycle.js';
import { armTestCrash } from './test-crash.js';
import { IncidentViewer } from '../session/incident-viewer.js';
import { inspectLock } from '../timeline/lock.js';
import { incidentDir } from '../timeline/state-dir.js';
import type { OpenSession } from '../ui/root.js';
import { EXIT } from './exit-codes.js';
import { diagnosticsDeps } from './diagnostics-deps.js';

/** Ink and the screens, loaded the way commands/load-ink.ts explains. */
async function importInk() {
  return loadInk(async () => {
    const [{ render }, { Root }, { InkBridge }] = await Promise.all([import('ink'), import('../ui/root.js'), import('./ink-bridge.js')]);
    return { render, Root, InkBridge };
  });
}

export interface TuiOptions {
  /** `--runbooks DIR`, already resolved. */
  runbooksDir?: string | null;
}

export function requireTerminal(what: string): void {
  if (process.stdin.isTTY !== true || process.stdout.isTTY !== true) {
    throw new UserError(
      `incident: ${what} needs an interactive terminal. For scripts use \`incident declare\`, \`note\`, \`list\` or \`timeline\`.`,
      EXIT.usage,
    );
  }
}

/** Everything a session needs, wired to the real world. */
export async function sessionDeps(
  services: Services,
  stateDir: string,
  terminal: TerminalLender,
  /** `probeCa`: a drill's CA (PEM), trusted by the probes besides the system's. `drill`: nothing goes to the team's channel. */
  opts: TuiOptions & { practice?: boolean; drill?: boolean; probeCa?: string | null; incidentId?: () => string },
) {
  const settings = await loadSettings(services.repo, process.env);
  let severityTree;
  const teamFile = teamSeverityFile({ flagDir: opts.runbooksDir ?? null, repoRoot: services.repo, env: process.env });
  try {
    severityTree = teamFile ? await loadTeamSeverityTree(teamFile) : await loadSeverityTree();
  } catch (error) {
    if (error instanceof RunbookError) throw new UserError(`the severity runbook ${teamFile ?? ''} is invalid:\n${error.message}`);
    throw error;
  }
  const store = await IncidentStore.open(stateDir);
  const runbooks = runbookCatalog(() => ({
    flagDir: opts.runbooksDir ?? null,
    repoRoot: services.repo,
    env: process.env,
    builtinDir: builtinRunbooksDir(),
  }));
  const loadRunbooks = runbooks.load;
  const deps: SessionDeps = {
    store,
    severityTree,
    now: services.now,
    actor: services.actor,
    repo: services.repo,
    host: services.host,
    pid: services.pid,
    practice: opts.practice === true,
    writePostmortem: ({ facts, entries }) => writePostmortemFile({ facts, entries, root: facts.repo ?? services.cwd, now: services.now() }),
    runCommand: (argv, o) => runCommand(argv, { ...o, cwd: services.repo ?? services.cwd }),
    findRunbook: (id) => runbooks.loadNow()?.runbooks.find((r) => r.id === id) ?? null,
    copyToClipboard: (text) => copyToClipboard(text),
    // A walkthrough or a drill posts nothing to the team's channel.
    webhook: opts.practice || opts.drill ? null : settings.webhook,
    cadence: settings.cadence,
    notices: settings.notices,
    editText: (text, name) =>
      terminal.lend(() => editInExternalEditor(text, { name, env: process.env, announce: (line) => process.stdout.write(line) })),
    // A walkthrough never touches the repository.
    ...(services.repo && !opts.practice ? { rollbackGit: rollbackGitFor(services.repo, opts.incidentId ?? (() => '')) } : {}),
    diagnostics: diagnosticsDeps({ ca: opts.probeCa ?? null }),
  };
  return { store, deps, loadRunbooks, runbooks };
}

/** What the screen has open, for the lifecycle and the poller. */
export interface OpenThings {
  /** The incident's id, for the resume hint and a crash log. */
  id: () => string | null;
  /** Reads what other terminals appended (and, read-only, whether the holder is still there). */
  poll: () => void;
  /** `left`: the person chose to leave; without it a signal or a crash is ending the process. */
  close: (how?: 'left') => void;
  /** What else must end before the process does (a drill's servers); awaited with the index write. */
  stop?: () => Promise<void>;
  /** Said after a signal instead of how to resume. */
  farewell?: (signal: string) => string;
}

/** How often the log (and a holder's lock) is looked at: a stat, and a read only when it grew. */
const POLL_MS = 1000;

/**
 * Renders until the person leaves; the session is closed (lock released,
 * drafts saved) on every way out. A signal or a crash ends the process from
 * the lifecycle instead: then this never returns.
 */
export async function runApp(
  store: IncidentStore,
  terminal: TerminalLender,
  open: OpenThings,
  tree: (Root: RootComponent, onSuspend: () => void) => React.ReactElement,
  opts: { paintFirstQuestion?: boolean } = {},
): Promise<void> {
  const lifecycle = new Lifecycle({
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    lender: terminal,
    close: () => open.close(),
    flush: async () => {
      await Promise.all([store.flush(), open.stop?.()]);
    },
    // The debug log goes to the real state folder, also from a walkthrough (whose store is practice/).
    crashContext: () => ({ incidentId: open.id() }),
    farewell: (signal) => {
      if (open.farewell) return open.farewell(signal);
      const id = open.id();
      return `incident: stopped by ${signal}. Everything recorded is saved${id ? `; \`incident\` resumes ${id}` : ''}.`;
    },
  });
  lifecycle.install();
  try {
    // Raw at once, for every screen: a key pressed while Ink loads, or before its input effect has run, must arrive
    // as pressed (Enter as \r), not line-buffered by the terminal and echoed over the screen.
    if (process.stdin.isTTY) process.stdin.setRawMode(true);
    // The question, at once; Ink draws over it once it has loaded.
    const painted = opts.paintFirstQuestion ? paintFirstQuestion(process.stdout, process.stdin, process.env.FORCE_COLOR !== '0') : null;
    const { render, Root, InkBridge } = await importInk();
    if (painted) erasePainted(process.stdout, painted);
    const app = render(
      <InkBridge setRedraw={(redraw) => lifecycle.setRedraw(redraw)} onCrash={(error) => lifecycle.crash(error)}>
        {tree(Root, () => lifecycle.suspend())}
      </InkBridge>,
      { stdout: terminal.stdout, exitOnCtrlC: false, patchConsole: false },
    );
    lifecycle.attach(app);
    // Notes from other terminals (`incident note`) appear while the screen is open.
    const poll = setInterval(() => {
      try {
        open.poll();
      } catch {
        // A look that failed (a log being moved aside, a busy disk) is tried again next time; it must not end the incident.
      }
    }, POLL_MS);
    poll.unref();
    try {
      await app.waitUntilExit();
    } finally {
      clearInterval(poll);
    }
  } catch (error) {
    lifecycle.crash(error);
  }
  // The lifecycle is saving and will exit with its status (its deadline timer keeps the process alive).
  if (lifecycle.ending !== null) return new Promise<void>(() => {});
  lifecycle.uninstall();
  open.close('left');
  await store.flush();
}

export type RootComponent = Awaited<ReturnType<typeof importInk>>['Root'];

export async function tui(services: Services, io: Output, opts: TuiOptions = {}): Promise<number> {
  requireTerminal('the guided mode');
  let current: Session | null = null;
  let view: IncidentViewer | null = null;
  const terminal = terminalLender(process.stdin, process.stdout);
  const { store, deps, loadRunbooks, runbooks } = await sessionDeps(services, services.stateDir, terminal, {
    ...opts,
    incidentId: () => (current as Session | null)?.id ?? '',
  });
  const viewerDeps = {
    stateDir: services.stateDir,
    severityTree: deps.severityTree,
    actor: services.actor,
    host: services.host,
    now: services.now,
    editText: deps.editText,
  };
  const openSession: OpenSession = (id) => {
    try {
      current = id ? Session.resume(deps, id) : Session.fresh(deps);
      view = null;
      armTestCrash(process.env, current);
      return { ok: true, session: current };
    } catch (error) {
      if (!(error instanceof LockedError)) throw error;
      const reason = `${error.message}. Close it there first, or add notes from here with \`incident note\`.`;
      // Held by a live session: watch it read-only rather than stop at "no".
      if (id && error.holder) {
        view = IncidentViewer.open(viewerDeps, id, error.holder);
        return { ok: false, error: reason, view };
      }
      return { ok: false, error: reason };
    }
  };
  const open = store.openIncidents();
  // A resumed incident may have a runbook open, which must be found at once: have its parser ready.
  if (open.length > 0) await runbooks.ready();
  let initial: IncidentSession | null = null;
  if (open.length === 0) {
    const first = openSession(null);
    if (first.ok) initial = first.session;
  }
  // chrono compiles its patterns on first use (~80 ms): do it while the engineer reads the first question,
  // after Ink has drawn it (not in the middle of loading Ink).
  setTimeout(() => void import('../domain/time-parse.js').then((m) => m.parseStartTime('10 min ago', services.now())), 500).unref();
  await runApp(
    store,
    terminal,
    {
      id: () => (current as Session | null)?.id ?? (view as IncidentViewer | null)?.id ?? null,
      poll: () => {
        (current as Session | null)?.refreshEntries();
        (view as IncidentViewer | null)?.refresh();
      },
      close: () => (current as Session | null)?.close(),
    },
    (Root, onSuspend) => (
      <Root
        open={open}
        initial={initial}
        openSession={openSession}
        now={services.now}
        rawInput
        loadRunbooks={loadRunbooks}
        onSuspend={onSuspend}
        heldBy={(id) => {
          try {
            const lock = inspectLock(incidentDir(services.stateDir, id), services.host);
            return lock.state === 'held' ? lock.holder : null;
          } catch {
            // Only a hint on the list: choosing the incident says what is wrong.
            return null;
          }
        }}
      />
    ),
    // A fresh incident asks "What is broken?" first; a config notice or a resume list would make the first frame differ.
    { paintFirstQuestion: open.length === 0 && initial !== null && initial.warnings.length === 0 },
  );
  for (const w of store.warnings) io.err(`warning: ${w}`);
  const s = current as Session | null;
  const v = view as IncidentViewer | null;
  if (s?.id) {
    const snap = s.actor.getSnapshot();
    if (snap.status === 'done') io.err(`Incident ${s.id} closed. Post-mortem: ${snap.context.facts?.postmortemPath ?? '?'}`);
    else io.err(`Saved. Run \`incident\` to resume ${s.id}.`);
  } else if (v) {
    io.err(`Left the read-only view of ${v.id}.`);
  }
  return EXIT.ok;
}

/** `incident walk ID`: a runbook walked for practice, with a timeline of its own, marked as practice. */
export async function walk(services: Services, id: string, io: Output, opts: TuiOptions = {}): Promise<number> {
  const practiceDir = join(services.stateDir, 'practice');
  const terminal = terminalLender(process.stdin, process.stdout);
  const { store, deps, loadRunbooks } = await sessionDeps(services, practiceDir, terminal, { ...opts, practice: true });
  const { runbooks } = await loadRunbooks();
  const runbook = runbooks.find((r) => r.id === id);
  if (!runbook) {
    const { closeMatches } = await import('../runbooks/lint-runbook.js');
    const near = closeMatches(
      id,
      runbooks.map((r) => r.id),
    );
    throw new UserError(
      `no runbook "${id}".${near.length > 0 ? ` Did you mean ${near.join(', ')}?` : ''} \`incident runbook list\` shows them all.`,
    );
  }
  requireTerminal('a walkthrough');
  const session = Session.fresh(deps);
  const declared = session.submit({ type: 'declare', title: `Practice: ${runbook.title}` });
  if (!declared.ok) throw new UserError(declared.error, EXIT.storage);
  const started = session.startWalk(runbook);
  if (!started.ok) throw new UserError(started.error, EXIT.storage);
  const logPath = session.logPath;
  await runApp(
    store,
    terminal,
    { id: () => session.id, poll: () => session.refreshEntries(), close: () => session.close() },
    (Root, onSuspend) => (
      <Root
        open={[]}
        initial={session}
        openSession={() => ({ ok: false, error: 'not available in a walkthrough' })}
        now={services.now}
        rawInput
        practice
        onSuspend={onSuspend}
      />
    ),
  );
  io.err(`Practice timeline, kept apart from real incidents: ${logPath ?? practiceDir}`);
  return EXIT.ok;
}

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

/** Ink and the screens, loaded the way commands/load-ink.ts explains. */
async function importInk() {
  return loadInk(async () => {
    const [{ render }, { Root }] = await Promise.all([import('ink'), import('../ui/root.js')]);
    return { render, Root };
  });
}

export interface TuiOptions {
  /** `--runbooks DIR`, already resolved. */
  runbooksDir?: string | null;
}

function requireTerminal(what: string): void {
  if (process.stdin.isTTY !== true || process.stdout.isTTY !== true) {
    throw new UserError(
      `incident: ${what} needs an interactive terminal. For scripts use \`incident declare\`, \`note\`, \`list\` or \`timeline\`.`,
      2,
    );
  }
}

/** Everything a session needs, wired to the real world. */
async function sessionDeps(
  services: Services,
  stateDir: string,
  terminal: TerminalLender,
  opts: TuiOptions & { practice?: boolean; incidentId?: () => string },
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
    // A walkthrough posts nothing to the team's channel.
    webhook: opts.practice ? null : settings.webhook,
    cadence: settings.cadence,
    notices: settings.notices,
    editText: (text, name) =>
      terminal.lend(() => editInExternalEditor(text, { name, env: process.env, announce: (line) => process.stdout.write(line) })),
    // A walkthrough never touches the repository.
    ...(services.repo && !opts.practice ? { rollbackGit: rollbackGitFor(services.repo, opts.incidentId ?? (() => '')) } : {}),
    // Loaded when first needed: undici and simple-git stay off the start-up path.
    diagnostics: {
      probe: async (url, purpose, signal) => {
        const { probeHealth } = await import('../probes/health-probe.js');
        return { ...(await probeHealth(url, { samples: purpose === 'verify' ? 5 : 3, signal })), purpose };
      },
      culprits: async (repo, start) => {
        const { findCulprits, toCulpritSummary } = await import('../git/find-culprits.js');
        const found = await findCulprits(repo, start, 48);
        if (found.error) throw new Error(found.error);
        const note = found.ranked.length === 0 ? (found.warnings[0] ?? 'no commits in the 48 h before the start') : null;
        return { commits: found.ranked.slice(0, 5).map(toCulpritSummary), note };
      },
    },
  };
  return { store, deps, loadRunbooks, runbooks };
}

/** Renders until the person leaves; the session is closed (lock released, drafts saved) on every way out. */
async function runApp(
  store: IncidentStore,
  terminal: TerminalLender,
  current: () => Session | null,
  tree: (Root: RootComponent) => React.ReactElement,
): Promise<void> {
  const { render, Root } = await importInk();
  const onSignal = (code: number) => () => {
    current()?.close();
    void store.flush().finally(() => process.exit(code));
  };
  process.once('SIGHUP', onSignal(129));
  process.once('SIGTERM', onSignal(143));
  const app = render(tree(Root), { stdout: terminal.stdout, exitOnCtrlC: false, patchConsole: false });
  // Notes from other terminals (`incident note`) appear while the screen is open.
  const watch = setInterval(() => current()?.refreshEntries(), 2000);
  watch.unref();
  await app.waitUntilExit();
  clearInterval(watch);
  current()?.close();
  await store.flush();
}

type RootComponent = Awaited<ReturnType<typeof importInk>>['Root'];

export async function tui(services: Services, io: Output, opts: TuiOptions = {}): Promise<number> {
  requireTerminal('the guided mode');
  let current: Session | null = null;
  const terminal = terminalLender(process.stdin, process.stdout);
  const { store, deps, loadRunbooks, runbooks } = await sessionDeps(services, services.stateDir, terminal, {
    ...opts,
    incidentId: () => (current as Session | null)?.id ?? '',
  });
  const openSession = (id: string | null): { ok: true; session: IncidentSession } | { ok: false; error: string } => {
    try {
      current = id ? Session.resume(deps, id) : Session.fresh(deps);
      return { ok: true, session: current };
    } catch (error) {
      if (error instanceof LockedError)
        return { ok: false, error: `${error.message}. Close it there first, or add notes from here with \`incident note\`.` };
      throw error;
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
  // chrono compiles its patterns on first use (~80 ms): do it while the engineer reads the first question.
  setTimeout(() => void import('../domain/time-parse.js').then((m) => m.parseStartTime('10 min ago', services.now())), 50).unref();
  await runApp(
    store,
    terminal,
    () => current,
    (Root) => <Root open={open} initial={initial} openSession={openSession} now={services.now} rawInput loadRunbooks={loadRunbooks} />,
  );
  for (const w of store.warnings) io.err(`warning: ${w}`);
  const s = current as Session | null;
  if (s?.id) {
    const snap = s.actor.getSnapshot();
    if (snap.status === 'done') io.err(`Incident ${s.id} closed. Post-mortem: ${snap.context.facts?.postmortemPath ?? '?'}`);
    else io.err(`Saved. Run \`incident\` to resume ${s.id}.`);
  }
  return 0;
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
  if (!declared.ok) throw new UserError(declared.error, 3);
  const started = session.startWalk(runbook);
  if (!started.ok) throw new UserError(started.error, 3);
  const logPath = session.logPath;
  await runApp(
    store,
    terminal,
    () => session,
    (Root) => (
      <Root
        open={[]}
        initial={session}
        openSession={() => ({ ok: false, error: 'not available in a walkthrough' })}
        now={services.now}
        rawInput
        practice
      />
    ),
  );
  io.err(`Practice timeline, kept apart from real incidents: ${logPath ?? practiceDir}`);
  return 0;
}

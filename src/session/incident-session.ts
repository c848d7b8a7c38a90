// Wires the pure machine to the durable log: every event is appended and
// fsync'd BEFORE the machine sees it, so nothing on screen is ever unsaved.
// Resume replays the log through the machine (the log is the truth; no
// snapshot can be staler than it).
import { createActor, fromPromise, initialTransition, transition, type Actor, type SnapshotFrom } from 'xstate';
import {
  incidentMachine,
  type IncidentMachine,
  type WritePostmortemInput,
  type WritePostmortemOutput,
} from '../machine/incident-machine.js';
import { MACHINE_EVENT_TYPES, type DrillMark, type IncidentEvent, type RecordRequest, type UnstampedEvent } from '../machine/events.js';
import type { WalkEvent } from '../domain/runbook-walk.js';
import { PROBE_PROVEN_ITEMS, verifyGate } from '../domain/verify-gate.js';
import { describeProbe } from '../domain/probe.js';
import type { PromptAction } from '../machine/prompts.js';
import type { DecisionTree } from '../domain/decision-tree.js';
import type { EventPhase, NewEntry, TimelineEntry } from '../domain/types.js';
import { cleanInput, cleanText } from '../domain/sanitize.js';
import { EventLog } from '../timeline/event-log.js';
import { incidentDir } from '../timeline/state-dir.js';
import { acquireLock, type Lock, type LockHolder } from '../timeline/lock.js';
import { DraftStore } from './draft-store.js';
import { openNewIncidentLog } from './new-incident.js';
import type { IncidentStore } from './incident-store.js';
import type { EditorOutcome, IncidentSession, SubmitOutcome, WalkView } from './types.js';
import { RunbookWalker, type RunCommand } from './runbook-walker.js';
import { Diagnostics, type DiagnosticEvent, type DiagnosticsDeps } from './diagnostics.js';
import { RollbackFlow, type RollbackGit } from './rollback-flow.js';
import { appendUpdate } from './share-update.js';
import { UpdatePublisher, type UpdateWebhook } from './update-publisher.js';
import { DEFAULT_CADENCE, type UpdateCadence } from '../domain/severity-policy.js';
import type { RollbackView } from '../domain/rollback-view.js';
import { STEP } from '../machine/steps.js';
import type { Runbook } from '../domain/runbook.js';
import { DRILL_ACTION_PREFIX, type DrillView } from '../domain/drill-view.js';

export interface SessionDeps {
  store: IncidentStore;
  severityTree: DecisionTree;
  now: () => Date;
  actor: string;
  repo: string | null;
  host: string;
  pid: number;
  writePostmortem: (input: WritePostmortemInput & { entries: TimelineEntry[] }) => Promise<WritePostmortemOutput>;
  /** Runs a runbook command (argv, no shell); absent where commands cannot run. */
  runCommand?: RunCommand;
  /** Finds a runbook by id, to resume a walk that was under way. */
  findRunbook?: (id: string) => Runbook | null;
  /** Practice (a walkthrough): kept apart from real incidents and marked as such. */
  practice?: boolean;
  /**
   * A drill of this scenario: marked in `incident.declared`, so lists and metrics leave it out.
   * With a running drill world: what the screens are told of it, and how its actions are done.
   */
  drill?: DrillMark & { view?: DrillView; act?: (id: string) => void };
  /** Health probe and likely culprits, run beside the flow. */
  diagnostics?: DiagnosticsDeps;
  /** Puts a status update on the clipboard (absent: nothing to copy with). */
  copyToClipboard?: (text: string) => Promise<string | null>;
  /** git revert in this repository (absent: rollbacks are done with the team's own tool). */
  rollbackGit?: RollbackGit;
  /** Where posted status updates are also sent (absent: clipboard and updates.md only). */
  webhook?: UpdateWebhook | null;
  /** The update cadence in effect (config); absent: the severity policy's. */
  cadence?: UpdateCadence;
  /** Said once when the screen opens (a config problem). */
  notices?: readonly string[];
  /** Opens a text in the engineer's editor, the terminal handed over meanwhile (absent: no terminal to hand over). */
  editText?: (text: string, name: string) => Promise<EditorOutcome>;
}

export class LockedError extends Error {
  constructor(
    readonly holder: LockHolder | null,
    reason: string,
  ) {
    super(holder ? `This incident is open in another terminal (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt})` : reason);
    this.name = 'LockedError';
  }
}

export class Session implements IncidentSession {
  readonly actor: Actor<IncidentMachine>;
  private log: EventLog | null = null;
  private lock: Lock | null = null;
  private entryList: TimelineEntry[];
  private listeners = new Set<() => void>();
  readonly warnings: string[] = [];
  readonly drafts: DraftStore;
  private incidentId: string | null;
  private readonly walker: RunbookWalker;
  readonly diagnostics: Diagnostics;
  private readonly rollback: RollbackFlow;
  private readonly publisher: UpdatePublisher;

  private constructor(
    private readonly deps: SessionDeps,
    id: string | null,
    entries: TimelineEntry[],
    snapshot: SnapshotFrom<IncidentMachine> | null,
  ) {
    this.incidentId = id;
    this.entryList = entries;
    this.drafts = new DraftStore(id ? incidentDir(deps.store.stateDir, id) : deps.store.stateDir);
    const machine = incidentMachine.provide({
      actors: {
        writePostmortem: fromPromise<WritePostmortemOutput, WritePostmortemInput>(({ input }) => {
          // Notes added from other terminals (`incident note`) belong in the post-mortem too.
          this.refreshEntries();
          return deps.writePostmortem({ ...input, entries: this.entryList });
        }),
      },
    });
    this.actor = createActor(machine, {
      input: { severityTree: deps.severityTree },
      ...(snapshot ? { snapshot: machine.getPersistedSnapshot(snapshot) } : {}),
    });
    this.actor.on('record', (req: RecordRequest) => this.appendDerived(req));
    this.warnings.push(...(deps.notices ?? []));
    this.publisher = new UpdatePublisher(deps.webhook ?? null, (entry) => {
      if (!this.log) return;
      try {
        this.append({ ...entry, phase: entry.phase === 'closed' ? entry.phase : this.phase() });
      } catch (error) {
        this.warnings.push(saveError(error, this.log?.path ?? ''));
        this.emitEntries();
      }
    });
    this.diagnostics = new Diagnostics(
      deps.diagnostics ?? {},
      (event) => this.recordDiagnostic(event),
      () => this.emitEntries(),
    );
    this.actor.subscribe((snap) =>
      this.diagnostics.update(snap.context.facts, snap.context.phase, deps.repo, this.secretUrl, snap.matches({ contain: 'outcome' })),
    );
    this.rollback = new RollbackFlow({
      git: deps.rollbackGit ?? null,
      record: (type, data) => this.append({ type, phase: this.phase(), data }),
      finish: (value, label) => {
        const outcome = this.submit({ type: 'answer', step: STEP.revert, question: 'Git revert', value, label });
        if (!outcome.ok) this.warnings.push(outcome.error);
      },
      notify: () => this.emitEntries(),
    });
    this.walker = new RunbookWalker({
      append: (entry) => this.append({ ...entry, phase: this.phase() }),
      notify: () => this.emitEntries(),
      runCommand:
        deps.runCommand ??
        (async () => ({
          exitCode: null,
          timedOut: false,
          durationMs: 0,
          stdout: '',
          stderr: '',
          error: { kind: 'spawn', message: 'commands cannot run here' },
        })),
    });
  }

  /** A session with no incident yet: the first answer declares it. */
  static fresh(deps: SessionDeps): Session {
    const s = new Session(deps, null, [], null);
    s.actor.start();
    return s;
  }

  /** A diagnostic result: recorded, then given to the machine, like an answer. */
  private recordDiagnostic(event: DiagnosticEvent): void {
    if (!this.log) return;
    try {
      const { type, ...data } = event;
      const entry = this.append({ type, phase: this.phase(), data });
      this.actor.send(asEvent(entry));
      if (event.type === 'probe.result' && event.probe.purpose !== 'detect') this.tickWhatTheProbeProves();
    } catch (error) {
      this.warnings.push(saveError(error, this.log.path));
    }
  }

  /** A passing probe after the fix ticks the checks it proves, with the probe as evidence. */
  private tickWhatTheProbeProves(): void {
    const f = this.actor.getSnapshot().context.facts;
    const gate = f ? verifyGate(f) : null;
    if (!f || !gate?.pass || !gate.probe) return;
    for (const item of PROBE_PROVEN_ITEMS) {
      if (f.verify.ticked.includes(item)) continue;
      const event = { type: 'verify.toggle' as const, item, ticked: true, evidence: describeProbe(gate.probe) };
      if (!this.actor.getSnapshot().can({ ...event, at: '' })) return;
      const { type, ...data } = event;
      const entry = this.append({ type, phase: this.phase(), data });
      this.actor.send(asEvent(entry));
    }
  }

  /** Reopens an incident where it stood, holding its lock. */
  static resume(deps: SessionDeps, id: string): Session {
    const dir = incidentDir(deps.store.stateDir, id);
    // The lock is about live processes, so it keeps real time even when the incident clock is injected.
    const locked = acquireLock(dir, { pid: deps.pid, host: deps.host });
    if (!locked.ok) throw new LockedError(locked.holder, locked.reason);
    let log: EventLog;
    try {
      log = EventLog.open(dir, { actor: deps.actor, now: deps.now });
    } catch (error) {
      locked.lock.release();
      throw error;
    }
    const { entries, warnings } = EventLog.read(log.path);
    const snapshot = replay(deps.severityTree, entries);
    const s = new Session(deps, id, entries, snapshot);
    s.log = log;
    s.lock = locked.lock;
    s.warnings.push(...log.warnings, ...warnings, ...(locked.notice ? [locked.notice] : []));
    // A derived record lost to a crash (say, after postmortem.written) is written now.
    if (snapshot.status === 'done' && !entries.some((e) => e.type === 'incident.closed')) {
      s.appendDerived({ type: 'record', entry: { type: 'incident.closed', phase: 'closed', data: { recovered: true } } });
    }
    const walkProblem = s.walker.restore(entries, deps.findRunbook ?? (() => null));
    if (walkProblem) s.warnings.push(walkProblem);
    s.actor.start();
    s.recordPhaseIfUnrecorded();
    const snap = s.actor.getSnapshot();
    s.diagnostics.update(snap.context.facts, snap.context.phase, deps.repo, null);
    if (snap.matches({ contain: 'reverting' })) {
      const target = entries.findLast((e) => e.type === 'answer' && e.data.step === STEP.rollbackTarget);
      const sha = typeof target?.data.value === 'string' ? target.data.value : '';
      void s.rollback.resume(entries, sha, typeof target?.data.label === 'string' ? target.data.label : sha);
    }
    return s;
  }

  get id(): string | null {
    return this.incidentId;
  }

  private changes = 0;
  /** The service URL with its credentials, as typed: memory only, for the probes. */
  private secretUrl: string | null = null;
  private seenSize = -1;
  get version(): number {
    return this.changes;
  }

  get entries(): readonly TimelineEntry[] {
    return this.entryList;
  }

  get logPath(): string | null {
    return this.log?.path ?? null;
  }

  subscribeEntries(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get probing(): boolean {
    return this.diagnostics.busy.some((k) => k.endsWith('probe'));
  }

  get watchingUntil(): number | null {
    return this.diagnostics.watchingUntil;
  }

  watch(minutes: number): boolean {
    const url = this.secretUrl ?? this.actor.getSnapshot().context.facts?.url;
    if (!url || !this.deps.diagnostics?.probe) return false;
    this.diagnostics.watch(url, minutes, this.deps.now);
    return true;
  }

  stopWatch(): void {
    this.diagnostics.stopWatch();
  }

  get walk(): WalkView | null {
    const active = this.walker.active;
    return active ? { ...active, running: this.walker.running, interrupted: this.walker.interrupted } : null;
  }

  startWalk(runbook: Runbook): SubmitOutcome {
    if (!this.log) return { ok: false, error: 'Declare the incident first (say what is broken), then open a runbook.' };
    if (this.walker.active && !this.walker.active.state.finished)
      return { ok: false, error: `Runbook "${this.walker.active.runbook.title}" is still open.` };
    try {
      return { ok: true, entry: this.walker.start(runbook) };
    } catch (error) {
      return { ok: false, error: saveError(error, this.log.path) };
    }
  }

  dismissWalk(): void {
    this.walker.dismiss();
    this.emitEntries();
  }

  submit(action: PromptAction): SubmitOutcome {
    try {
      if (action.type === 'declare') return this.declare(cleanInput(action.title));
      if (action.type === 'screen') return { ok: true, entry: null };
      if (action.type === 'rollback.confirm') return this.rollbackStep(() => this.rollback.confirm());
      if (action.type === 'rollback.abort') return this.rollbackStep(() => this.rollback.abort(action.reason));
      if (action.type === 'rollback.push') return this.rollbackStep(() => this.rollback.pushNow());
      if (action.type === 'rollback.skip-push') return this.rollbackStep(async () => this.rollback.skipPush());
      if (action.type === 'watch' && action.minutes === 0) {
        this.stopWatch();
        return { ok: true, entry: null };
      }
      if (action.type === 'watch') {
        return this.watch(action.minutes)
          ? { ok: true, entry: null }
          : { ok: false, error: 'Nothing to watch: no URL was given at detect.' };
      }
      if (action.type === 'walk.run') {
        void this.walker.run(action.step, action.argv, action.timeoutMs).catch((error: unknown) => {
          this.warnings.push(saveError(error, this.log?.path ?? ''));
          this.emitEntries();
        });
        return { ok: true, entry: null };
      }
      if (action.type.startsWith('runbook.')) {
        const entry = this.walker.record(action as WalkEvent);
        return entry ? { ok: true, entry } : { ok: false, error: 'That does not fit the runbook step being shown; it was not recorded.' };
      }
      const { secretUrl, ...rest } = action as UnstampedEvent & { secretUrl?: string };
      if (secretUrl) this.secretUrl = secretUrl;
      const event = sanitizeEvent(rest as UnstampedEvent);
      if (!this.actor.getSnapshot().can({ ...event, at: '' } as IncidentEvent)) {
        return { ok: false, error: 'That answer does not fit the current step; it was not recorded.' };
      }
      const { type, ...data } = event;
      const entry = this.append({ type, phase: this.phase(), data });
      this.actor.send(asEvent(entry));
      if (event.type === 'update.posted' && this.incidentId) {
        // A copy to paste from later; the timeline entry above is the record.
        try {
          const written = appendUpdate(incidentDir(this.deps.store.stateDir, this.incidentId), {
            at: entry.at,
            kind: event.kind,
            text: String(entry.data.text),
          });
          if (written.warning) this.warnings.push(written.warning);
        } catch (error) {
          this.warnings.push(`could not append to updates.md: ${error instanceof Error ? error.message : String(error)}`);
        }
        const f = this.actor.getSnapshot().context.facts;
        this.publisher.publish({
          incidentId: this.incidentId,
          title: f?.title ?? '',
          severity: f?.severity ?? null,
          kind: event.kind,
          text: String(entry.data.text),
          at: entry.at,
        });
      }
      if (event.type === 'answer' && event.step === STEP.containAction && event.value.startsWith(DRILL_ACTION_PREFIX)) {
        this.doDrillAction(event.value.slice(DRILL_ACTION_PREFIX.length));
      }
      if (event.type === 'answer' && event.step === STEP.rollbackTarget && this.actor.getSnapshot().matches({ contain: 'reverting' })) {
        const culprit = this.actor.getSnapshot().context.facts?.culprits?.find((c) => c.sha === event.value);
        this.rollback.begin(event.value, culprit?.subject ?? event.label ?? event.value);
      }
      return { ok: true, entry };
    } catch (error) {
      return { ok: false, error: saveError(error, this.log?.path ?? this.deps.store.stateDir) };
    }
  }

  get drill(): DrillView | null {
    return this.deps.drill?.view ?? null;
  }

  /** Recorded first, then done to the drill world: the log says what was chosen even if the world refuses. */
  private doDrillAction(id: string): void {
    try {
      this.deps.drill?.act?.(id);
    } catch (error) {
      this.warnings.push(`drill: ${error instanceof Error ? error.message : String(error)}`);
      this.emitEntries();
    }
  }

  /** A drill ends with its world: closed, since there is nothing left to resume. */
  endDrill(how: 'finished' | 'left' | 'stopped'): void {
    if (!this.deps.drill || !this.log || this.entryList.some((e) => e.type === 'incident.closed')) return;
    this.appendDerived({ type: 'record', entry: { type: 'incident.closed', phase: 'closed', data: { drill: true, ended: how } } });
  }

  get incidentStart(): string | null {
    const f = this.actor.getSnapshot().context.facts;
    return f ? (f.startedAt ?? f.declaredAt) : null;
  }

  get updateChannel(): string | null {
    return this.publisher.channel;
  }

  get cadence(): UpdateCadence {
    return this.deps.cadence ?? DEFAULT_CADENCE;
  }

  copyUpdate(text: string): Promise<string | null> {
    // The clipboard leaves this tool (a chat window, an email): masked like the log.
    return (this.deps.copyToClipboard ?? (async () => null))(cleanText(text));
  }

  async editText(text: string, name: string): Promise<EditorOutcome> {
    if (!this.deps.editText) return { ok: false, error: 'No editor can be opened here: type the answer.', text };
    try {
      return await this.deps.editText(text, name);
    } catch (error) {
      return { ok: false, error: `The editor could not be opened: ${error instanceof Error ? error.message : String(error)}`, text };
    }
  }

  get rollbackView(): RollbackView | null {
    return this.rollback.current;
  }

  private rollbackStep(step: () => Promise<void>): SubmitOutcome {
    void step().catch((error: unknown) => this.warnings.push(`rollback: ${error instanceof Error ? error.message : String(error)}`));
    return { ok: true, entry: null };
  }

  addNote(text: string, occurredAt?: string): SubmitOutcome {
    const clean = cleanInput(text);
    if (clean === '') return { ok: false, error: 'The note is empty.' };
    if (!this.log) return { ok: false, error: 'Declare the incident first (say what is broken), then add notes.' };
    try {
      const entry = this.append({ type: 'note.added', phase: this.phase(), data: { text: clean }, ...(occurredAt ? { occurredAt } : {}) });
      return { ok: true, entry };
    } catch (error) {
      return { ok: false, error: saveError(error, this.log.path) };
    }
  }

  /** Picks up notes appended by other terminals (`incident note`). */
  refreshEntries(): void {
    // A stat first: this runs every few seconds, and reading the log is only needed when it grew.
    if (!this.log || this.log.size() === this.seenSize) return;
    this.seenSize = this.log.size();
    const { entries } = EventLog.read(this.log.path);
    if (entries.length !== this.entryList.length) {
      this.entryList = entries;
      this.emitEntries();
    }
  }

  close(): void {
    // A walkthrough is over when its screen closes: it never stays open like a real incident.
    if (this.deps.practice && this.log && !this.entryList.some((e) => e.type === 'incident.closed')) {
      this.appendDerived({ type: 'record', entry: { type: 'incident.closed', phase: 'closed', data: { practice: true } } });
    }
    // Each step on its own: this also runs on the way out of a crash, and the lock must go whatever failed before it.
    const steps = [
      () => this.drafts.flush(),
      () => this.publisher.close(),
      () => this.diagnostics.stop(),
      () => this.walker.stop(),
      () => this.actor.stop(),
      () => this.log?.close(),
      () => this.lock?.release(),
    ];
    for (const step of steps) {
      try {
        step();
      } catch {
        // Nothing to tell anyone at this point; the next `incident` repairs what it finds.
      }
    }
    this.log = null;
    this.lock = null;
  }

  private declare(title: string): SubmitOutcome {
    if (title === '') return { ok: false, error: 'Type one line that says what is broken.' };
    if (this.log) return { ok: false, error: 'This incident is already declared.' };
    const { store, now } = this.deps;
    const { id, dir, log } = openNewIncidentLog(store.stateDir, title, { actor: this.deps.actor, now });
    const locked = acquireLock(dir, { pid: this.deps.pid, host: this.deps.host });
    if (!locked.ok) {
      log.close();
      throw new LockedError(locked.holder, locked.reason);
    }
    this.log = log;
    this.lock = locked.lock;
    this.incidentId = id;
    // The title typed before the incident existed was drafted in the state dir.
    this.drafts.clear('detect.title');
    this.drafts.moveTo(dir);
    const data = {
      id,
      title,
      actor: this.deps.actor,
      repo: this.deps.repo,
      source: 'tui' as const,
      ...(this.deps.practice ? { practice: true } : {}),
      ...(this.deps.drill ? { drill: { scenario: this.deps.drill.scenario } } : {}),
    };
    let entry: TimelineEntry;
    try {
      entry = this.append({ type: 'incident.declared', phase: 'declare', data });
    } catch (error) {
      // Not declared after all: let Enter retry from scratch (the folder stays, empty, and is skipped by the index).
      this.log?.close();
      this.lock?.release();
      this.log = null;
      this.lock = null;
      this.incidentId = null;
      throw error;
    }
    this.actor.send(asEvent(entry));
    return { ok: true, entry };
  }

  /** `incident declare` writes no phase change; the first TUI session records where the flow stands. */
  private recordPhaseIfUnrecorded(): void {
    const recorded = this.entryList.findLast((e) => e.type === 'phase.changed')?.data.to ?? 'declare';
    const phase = this.phase();
    if (recorded !== phase)
      this.appendDerived({ type: 'record', entry: { type: 'phase.changed', phase, data: { from: recorded, to: phase } } });
  }

  private phase(): EventPhase {
    return this.actor.getSnapshot().context.phase;
  }

  private append(entry: NewEntry): TimelineEntry {
    if (!this.log) throw new Error('no incident is open');
    const written = this.log.append(entry);
    this.entryList = [...this.entryList, written];
    this.emitEntries();
    if (this.incidentId) this.deps.store.noteAppended(this.incidentId, written, this.entryList, this.log.size());
    return written;
  }

  private appendDerived(req: RecordRequest): void {
    try {
      this.append({ type: req.entry.type, phase: req.entry.phase, data: req.entry.data });
    } catch (error) {
      // Derived facts can be rebuilt from the answers; losing one is a warning, not a stop.
      this.warnings.push(saveError(error, this.log?.path ?? ''));
    }
  }

  private emitEntries(): void {
    this.changes++;
    for (const l of this.listeners) l();
  }
}

/** Rebuilds the machine's state from a log, without running any effect. */
export function replay(severityTree: DecisionTree, entries: readonly TimelineEntry[]): SnapshotFrom<IncidentMachine> {
  let [snapshot] = initialTransition(incidentMachine, { severityTree });
  for (const entry of entries) {
    if (!MACHINE_EVENT_TYPES.has(entry.type)) continue;
    [snapshot] = transition(incidentMachine, snapshot, asEvent(entry));
  }
  return snapshot;
}

/**
 * The machine is given the entry as the log holds it (masked there, see
 * EventLog.append), never the event as submitted: the screens then show
 * exactly what a replay after a crash rebuilds, and no secret the log masked.
 */
function asEvent(entry: TimelineEntry): IncidentEvent {
  return { ...entry.data, type: entry.type, at: entry.at } as IncidentEvent;
}

function sanitizeEvent(event: UnstampedEvent): UnstampedEvent {
  const out: Record<string, unknown> = { ...event };
  for (const key of ['value', 'label', 'text'] as const) {
    if (typeof out[key] === 'string') out[key] = cleanInput(out[key] as string);
  }
  return out as unknown as UnstampedEvent;
}

function saveError(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const why =
    code === 'ENOSPC'
      ? 'the disk is full'
      : code === 'EROFS' || code === 'EACCES' || code === 'EPERM'
        ? 'the folder is not writable'
        : error instanceof Error
          ? error.message
          : String(error);
  return `Could not save to ${path}: ${why}. What you typed is still here — fix that and press Enter to retry.`;
}

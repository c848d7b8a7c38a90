// An incident another terminal holds, watched without taking its lock: the
// log is re-read when it grows (the holder's answers, `incident note` from
// anywhere), and the lock is looked at so the view can say when the holder
// has gone. Nothing but notes is ever written from here: appends are safe
// beside the holder, its state (drafts, the machine) is not ours.
import { statSync } from 'node:fs';
import type { SnapshotFrom } from 'xstate';
import type { IncidentMachine } from '../machine/incident-machine.js';
import type { DecisionTree } from '../domain/decision-tree.js';
import type { TimelineEntry } from '../domain/types.js';
import { cleanInput } from '../domain/sanitize.js';
import { EventLog, eventsPath } from '../timeline/event-log.js';
import { inspectLock } from '../timeline/lock.js';
import { incidentDir } from '../timeline/state-dir.js';
import { replay } from './incident-session.js';
import type { Drafts, EditorOutcome, Holder, ReadOnlyIncident, SubmitOutcome } from './types.js';

export interface ViewerDeps {
  stateDir: string;
  severityTree: DecisionTree;
  actor: string;
  host: string;
  now: () => Date;
  editText?: (text: string, name: string) => Promise<EditorOutcome>;
}

/** Half-typed notes live as long as the view: draft.json beside the log belongs to the holder. */
class MemoryDrafts implements Drafts {
  private readonly texts = new Map<string, string>();
  get(step: string): string | undefined {
    return this.texts.get(step);
  }
  set(step: string, text: string): void {
    if (text === '') this.texts.delete(step);
    else this.texts.set(step, text);
  }
  clear(step: string): void {
    this.texts.delete(step);
  }
}

export class IncidentViewer implements ReadOnlyIncident {
  readonly drafts: Drafts = new MemoryDrafts();
  private readonly dir: string;
  private entryList: TimelineEntry[] = [];
  private snapshot: SnapshotFrom<IncidentMachine>;
  private seenSize = -1;
  private changes = 0;
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly deps: ViewerDeps,
    readonly id: string,
    private holderNow: Holder | null,
  ) {
    this.dir = incidentDir(deps.stateDir, id);
    this.snapshot = replay(deps.severityTree, []);
    this.readLog();
  }

  static open(deps: ViewerDeps, id: string, holder: Holder | null): IncidentViewer {
    return new IncidentViewer(deps, id, holder);
  }

  get entries(): readonly TimelineEntry[] {
    return this.entryList;
  }

  get facts() {
    return this.snapshot.context.facts;
  }

  get phase() {
    return this.snapshot.context.phase;
  }

  get incidentStart(): string | null {
    const f = this.snapshot.context.facts;
    return f ? (f.startedAt ?? f.declaredAt) : null;
  }

  get holder(): Holder | null {
    return this.holderNow;
  }

  get version(): number {
    return this.changes;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  refresh(): void {
    const grew = this.readLog();
    const holder = this.readHolder();
    const moved = holder?.pid !== this.holderNow?.pid || holder?.startedAt !== this.holderNow?.startedAt;
    this.holderNow = holder;
    if (grew || moved) this.emit();
  }

  addNote(text: string, occurredAt?: string): SubmitOutcome {
    const clean = cleanInput(text);
    if (clean === '') return { ok: false, error: 'The note is empty.' };
    let log: EventLog | null = null;
    try {
      // Like `incident note`: append only, never repair a last line the holder may still be writing.
      log = EventLog.open(this.dir, { actor: this.deps.actor, now: this.deps.now, repairTail: false });
      const entry = log.append({ type: 'note.added', phase: this.phase, data: { text: clean }, ...(occurredAt ? { occurredAt } : {}) });
      return { ok: true, entry };
    } catch (error) {
      return {
        ok: false,
        error: `Could not save the note to ${eventsPath(this.dir)}: ${error instanceof Error ? error.message : String(error)}`,
      };
    } finally {
      log?.close();
      this.refresh();
    }
  }

  editText(text: string, name: string): Promise<EditorOutcome> {
    if (!this.deps.editText) return Promise.resolve({ ok: false, error: 'No editor can be opened here: type the note.', text });
    return this.deps.editText(text, name).catch((error: unknown) => ({
      ok: false as const,
      error: `The editor could not be opened: ${error instanceof Error ? error.message : String(error)}`,
      text,
    }));
  }

  /** True when the log changed since the last look (a stat first: this runs every second). */
  private readLog(): boolean {
    const file = eventsPath(this.dir);
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return false;
    }
    if (size === this.seenSize) return false;
    this.seenSize = size;
    const { entries } = EventLog.read(file);
    if (entries.length === this.entryList.length) return false;
    this.entryList = entries;
    this.snapshot = replay(this.deps.severityTree, entries);
    return true;
  }

  private readHolder(): Holder | null {
    try {
      const lock = inspectLock(this.dir, this.deps.host);
      if (lock.state === 'held') return lock.holder;
      // Garbage in the lock file is not a session that ended: keep saying who held it.
      if (lock.state === 'unreadable') return this.holderNow;
      return null;
    } catch {
      return this.holderNow;
    }
  }

  private emit(): void {
    this.changes++;
    for (const l of this.listeners) l();
  }
}

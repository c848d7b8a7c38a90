// What the screens may do with an incident. The UI depends on this interface
// only, never on the log, the lock or the files behind it.
import type { Actor } from 'xstate';
import type { IncidentMachine } from '../machine/incident-machine.js';
import type { PromptAction } from '../machine/prompts.js';
import type { EventPhase, TimelineEntry } from '../domain/types.js';
import type { IncidentFacts } from '../domain/incident.js';
import type { Runbook } from '../domain/runbook.js';
import type { WalkState } from '../domain/runbook-walk.js';
import type { RunningCommand } from '../machine/walk-prompts.js';
import type { RollbackView } from '../domain/rollback-view.js';
import type { UpdateCadence } from '../domain/severity-policy.js';
import type { DrillView } from '../domain/drill-view.js';

/** `entry` is null for an action whose record comes later (a command that is still running). */
export type SubmitOutcome = { ok: true; entry: TimelineEntry | null } | { ok: false; error: string };

/**
 * What came back from the editor. `text` is always what belongs in the field:
 * on failure, what the editor saved if anything, else the text as it was.
 */
export type EditorOutcome = { ok: true; text: string } | { ok: false; error: string; text: string };

export interface WalkView {
  runbook: Runbook;
  state: WalkState;
  running: RunningCommand | null;
  /** The step whose command was started before the session ended, result unknown. */
  interrupted: string | null;
}

export interface Drafts {
  get(step: string): string | undefined;
  /** Remembers half-typed text so a crash or Ctrl-C never loses it. */
  set(step: string, text: string): void;
  clear(step: string): void;
}

export interface IncidentSession {
  readonly actor: Actor<IncidentMachine>;
  readonly id: string | null;
  readonly entries: readonly TimelineEntry[];
  readonly warnings: readonly string[];
  readonly drafts: Drafts;
  readonly logPath: string | null;
  subscribeEntries(listener: () => void): () => void;
  /** Changes whenever entries or a running command's output change (for useSyncExternalStore). */
  readonly version: number;
  submit(action: PromptAction): SubmitOutcome;
  /** When the problem started (else was declared), ISO; null before the incident is declared. A note's HH:MM is read against it. */
  readonly incidentStart: string | null;
  /** `occurredAt`: when it happened, if earlier than now (backfilled). */
  addNote(text: string, occurredAt?: string): SubmitOutcome;
  refreshEntries(): void;
  /** The runbook being walked, if any. */
  readonly walk: WalkView | null;
  startWalk(runbook: Runbook): SubmitOutcome;
  /** Closes the screen of a finished walk. */
  dismissWalk(): void;
  /** A health probe is under way (for the status line). */
  readonly probing: boolean;
  /** When watching after a fix, until when (epoch ms); null when not watching. */
  readonly watchingUntil: number | null;
  /** Probes the URL every 15 s for `minutes`; false when there is no URL to watch. */
  watch(minutes: number): boolean;
  stopWatch(): void;
  /** Where a posted update is also sent ("hooks.slack.com"); null without a webhook. */
  readonly updateChannel: string | null;
  /** How often status updates are due, by severity (the config's, else the policy's). */
  readonly cadence: UpdateCadence;
  /** Copies a status update to the clipboard; the tool used, or null when there is none. */
  copyUpdate(text: string): Promise<string | null>;
  /**
   * Opens `text` in $VISUAL / $EDITOR (the screen is handed to it meanwhile) and
   * resolves with what was saved, masked. `name` names the file (the step). Never rejects.
   */
  editText(text: string, name: string): Promise<EditorOutcome>;
  /** A git revert under way in contain, if any. */
  readonly rollbackView: RollbackView | null;
  /** A drill being run: its URL, normal and actions; null for a real incident. */
  readonly drill: DrillView | null;
}

/** What the note screen needs: a live session, or a read-only view (notes are append-safe). */
export type NoteTarget = Pick<IncidentSession, 'drafts' | 'addNote' | 'editText' | 'incidentStart'>;

/** The interactive session holding an incident, as its lock file says. */
export interface Holder {
  pid: number;
  host: string;
  /** ISO time. */
  startedAt: string;
}

/**
 * An incident another terminal holds, watched without its lock: the timeline
 * as it grows, notes added beside it. It never writes anything but notes.
 */
export interface ReadOnlyIncident extends NoteTarget {
  readonly id: string;
  readonly entries: readonly TimelineEntry[];
  /** The incident as its log tells it, for the header. */
  readonly facts: IncidentFacts | null;
  readonly phase: EventPhase;
  /** The session holding it; null once that session has ended (the incident can be taken over). */
  readonly holder: Holder | null;
  /** Changes whenever entries or the holder change (for useSyncExternalStore). */
  readonly version: number;
  subscribe(listener: () => void): () => void;
  /** Reads what was appended since, and whether the holder is still there. */
  refresh(): void;
}

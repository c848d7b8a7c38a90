// The events the incident machine accepts. Each one is also a timeline entry
// (type = event type, data = the rest, at = when it was recorded), which is how
// an incident is rebuilt after a crash: replay the log through the machine.
import type { Severity, EventPhase } from '../domain/types.js';
import type { BaselineFacts, CulpritSummary, ProbeSummary } from '../domain/incident.js';
import type { UpdateKind } from '../domain/status-update.js';
import type { Role } from '../domain/roles.js';

export interface DeclaredData {
  id: string;
  title: string;
  actor: string;
  repo: string | null;
  url?: string | null;
  startedAt?: string | null;
  startedInput?: string | null;
  startedNote?: string | null;
  severity?: Severity | null;
  source: 'tui' | 'cli';
  /** A runbook walkthrough: kept apart from real incidents (its own state dir). */
  practice?: boolean;
  /** A drill: a simulated outage of this scenario, left out of `incident list` and its metrics unless asked. */
  drill?: DrillMark;
}

/** What marks an incident as a drill, in its `incident.declared` data. */
export interface DrillMark {
  /** The scenario's id (runbooks/drills/). */
  scenario: string;
}

export interface AnswerData {
  /** Stable id of the question, e.g. `detect.url`, `triage.severity.app_down`. */
  step: string;
  /** The question as it was asked, so the timeline reads on its own. */
  question: string;
  /** The answer as typed or the id of the chosen option. */
  value: string;
  /** Human text of a chosen option. */
  label?: string;
  /** detect.started only: the interpreted time and how it was read. */
  startedAt?: string;
  note?: string | null;
  /** detect.url only: the URL with its credentials, for the probe. Never stored: the session takes it out. */
  secretUrl?: string;
  /** detect.baseline only: what normal looks like, as read from the typed text. */
  baseline?: BaselineFacts | null;
  /** postmortem.milestones only: which milestone the typed line corrects, and to when (UTC ISO). */
  milestone?: string;
  milestoneAt?: string;
}

export type IncidentEvent =
  | ({ type: 'incident.declared'; at: string } & DeclaredData)
  | ({ type: 'answer'; at: string } & AnswerData)
  | { type: 'verify.toggle'; at: string; item: string; ticked: boolean; evidence?: string }
  | { type: 'postmortem.written'; at: string; path: string }
  // Diagnostics run beside the flow (they never block it) and arrive as events.
  | { type: 'probe.result'; at: string; probe: ProbeSummary }
  | { type: 'culprits.found'; at: string; commits: CulpritSummary[]; note: string | null }
  | { type: 'update.posted'; at: string; kind: UpdateKind; text: string }
  // Who holds a role; handing off command carries a summary of where things stand.
  | { type: 'role.assigned'; at: string; role: Role; who: string; summary?: string | null };

/** Event types that change the machine's state and are replayed on resume. */
export const MACHINE_EVENT_TYPES: ReadonlySet<string> = new Set([
  'incident.declared',
  'answer',
  'verify.toggle',
  'postmortem.written',
  'probe.result',
  'culprits.found',
  'update.posted',
  'role.assigned',
]);

/** What the machine asks the session to write down: facts it derived itself. */
export interface RecordRequest {
  type: 'record';
  entry: { type: string; phase: EventPhase; data: Record<string, unknown> };
}

type Distribute<E> = E extends { type: string; at: string } ? Omit<E, 'at'> : never;
/** An event before the session has stamped it with the time it was recorded. */
export type UnstampedEvent = Distribute<IncidentEvent>;

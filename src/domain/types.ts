// Shared vocabulary of the whole tool. Pure types: no runtime code here.

export const PHASES = ['detect', 'triage', 'contain', 'resolve', 'verify', 'postmortem'] as const;
export type Phase = (typeof PHASES)[number];
/** Where an event happened: a phase, or outside the flow (declare, closed, notes before anything). */
export type EventPhase = Phase | 'declare' | 'closed';

export const SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One line of an incident's events.jsonl. The log is the source of truth. */
export interface TimelineEntry {
  /** ULID: unique, sortable by creation time. */
  id: string;
  /** Position in the log as seen by the writer (1-based). File order is authoritative. */
  seq: number;
  /** When it was recorded: UTC ISO-8601 with milliseconds. */
  at: string;
  /** When it really happened, if backfilled ("the deploy was at 01:52"). */
  occurredAt?: string;
  phase: EventPhase;
  /** Event type, e.g. `incident.declared`, `answer`, `note.added`, `phase.changed`. */
  type: string;
  /** `user@host` of whoever recorded it. */
  actor: string;
  data: Record<string, unknown>;
}

/** What a caller gives the log; id, seq, at and actor are filled in by the writer. */
export interface NewEntry {
  phase: EventPhase;
  type: string;
  data: Record<string, unknown>;
  occurredAt?: string;
}

export type IncidentStatus = 'open' | 'closed';

/** Milliseconds; null when not happened yet, or when the milestones are in an order that makes it negative. */
export interface SummaryMetrics {
  ttdMs: number | null;
  ttaMs: number | null;
  ttmMs: number | null;
  ttrMs: number | null;
}

/** One row of the rebuildable incidents index (lowdb). */
export interface IncidentSummary {
  id: string;
  title: string;
  severity: Severity | null;
  status: IncidentStatus;
  phase: EventPhase;
  repo: string | null;
  startedAt: string | null;
  declaredAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  postmortemPath: string | null;
  practice: boolean;
  /** A drill, and which scenario: null for a real incident. Never part of a real incident's metrics. */
  drill: { scenario: string } | null;
  /** Time to detect, acknowledge, mitigate and resolve (domain/milestones.ts). */
  metrics: SummaryMetrics;
  /** Size of events.jsonl when this summary was made: a different size means rebuild. */
  logSize: number;
  eventCount: number;
}

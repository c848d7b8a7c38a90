// Status updates: "communicate early and often". The kind follows where the
// incident stands; the text is prefilled from what was recorded; the next one
// is due on the severity's cadence (the first within 5 minutes of declaring).
import type { IncidentFacts } from './incident.js';
import type { EventPhase } from './types.js';
import { DEFAULT_CADENCE, nextUpdateDue, type UpdateCadence } from './severity-policy.js';
import { formatDuration, formatUtcTime } from './format-time.js';
import { containOptionLabel } from './containment.js';

export type UpdateKind = 'investigating' | 'identified' | 'monitoring' | 'resolved';

export interface PostedUpdate {
  at: string;
  kind: UpdateKind;
  text: string;
}

export function updateKindFor(phase: EventPhase, facts: IncidentFacts): UpdateKind {
  if (phase === 'postmortem' || phase === 'closed' || facts.resolvedAt) return 'resolved';
  if (phase === 'verify' || facts.mitigatedAt) return 'monitoring';
  if (phase === 'resolve' || facts.rootCause) return 'identified';
  return 'investigating';
}

/** When the next update is due; null when the severity asks for none until resolution. */
export function updateDueAt(facts: IncidentFacts, updates: readonly PostedUpdate[], cadence: UpdateCadence = DEFAULT_CADENCE): Date | null {
  if (facts.closedAt) return null;
  const last = updates.at(-1);
  // Before a severity is known, the first update is still due within 5 minutes.
  return nextUpdateDue(facts.severity ?? 'SEV-3', new Date(facts.declaredAt), last ? new Date(last.at) : null, cadence);
}

export function draftUpdate(
  kind: UpdateKind,
  facts: IncidentFacts,
  now: Date,
  updates: readonly PostedUpdate[],
  cadence: UpdateCadence = DEFAULT_CADENCE,
): string {
  const sev = facts.severity ?? 'SEV-?';
  if (kind === 'resolved') return resolvedNote(facts, sev, now);
  const head = `[${sev}] ${kind[0]!.toUpperCase() + kind.slice(1)} — ${facts.title}`;
  const impact = facts.postmortem.impact ?? facts.affected;
  const doing: Record<UpdateKind, string> = {
    investigating: 'We are investigating the cause and the fastest safe way to stop the impact.',
    identified: `We have identified the cause${facts.rootCause ? `: ${facts.rootCause}` : ''}. ${facts.fix ? `Fix: ${facts.fix}.` : 'A fix is in progress.'}`,
    monitoring: `A mitigation is in place${lastAction(facts)}; we are watching that the service stays healthy.`,
    resolved: '',
  };
  const lines = [head, ...(impact ? [`Impact: ${impact}`] : []), doing[kind]];
  // The next update is promised at the cadence, counted from this one.
  const every = facts.severity ? cadence.everyMinutes[facts.severity] : null;
  const next = every
    ? new Date(now.getTime() + every * 60_000)
    : updateDueAt(facts, [...updates, { at: now.toISOString(), kind, text: '' }], cadence);
  if (next) lines.push(`Next update: by ${formatUtcTime(next.toISOString())}.`);
  return lines.join('\n');
}

/** The closing note: what happened, for how long, why, what fixed it, and that a post-mortem follows. */
function resolvedNote(facts: IncidentFacts, sev: string, now: Date): string {
  const start = facts.startedAt ?? facts.declaredAt;
  const end = facts.resolvedAt ?? now.toISOString();
  const impact = facts.postmortem.impact ?? facts.affected;
  const mitigation = facts.contain.filter((a) => a.outcome === 'mitigated').at(-1);
  const lines = [
    `[${sev}] INCIDENT RESOLVED — ${facts.title}`,
    `Duration: ${formatDuration(Date.parse(end) - Date.parse(start))} (${formatUtcTime(start)} → ${formatUtcTime(end)})`,
    ...(impact ? [`Impact: ${impact}`] : []),
    ...(facts.rootCause ? [`Cause: ${facts.rootCause}`] : []),
    ...(mitigation
      ? [`Mitigated by: ${containOptionLabel(mitigation.option).toLowerCase()}${mitigation.action ? ` (${mitigation.action})` : ''}`]
      : []),
    ...(facts.fix ? [`Fix: ${facts.fix}`] : []),
    'The service is healthy again. A blameless post-mortem will follow; thank you for your patience.',
  ];
  return lines.join('\n');
}

function lastAction(facts: IncidentFacts): string {
  const done = facts.contain.filter((a) => a.outcome === 'mitigated').at(-1);
  return done ? ` (${containOptionLabel(done.option).toLowerCase()})` : '';
}

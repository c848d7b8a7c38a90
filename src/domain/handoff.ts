// What the next commander needs to hear, in the order they need it: where
// things stand, what is believed, what is under way, and what is owed next.
// Written into the timeline with the hand-off, and shown to read out.
import type { IncidentFacts } from './incident.js';
import type { EventPhase } from './types.js';
import { containOptionLabel } from './containment.js';
import { formatDuration, formatUtcTime } from './format-time.js';
import { describeRoles } from './roles.js';

export interface HandoffInput {
  facts: IncidentFacts;
  phase: EventPhase;
  from: string | null;
  to: string;
  now: Date;
  /** When the next status update is due (null: none until resolution). */
  updateDue: Date | null;
  /** A runbook being walked, by title. */
  openRunbook?: string | null;
}

export function handoffSummary({ facts: f, phase, from, to, now, updateDue, openRunbook }: HandoffInput): string {
  const since = f.startedAt ?? f.declaredAt;
  const lines = [
    `Hand-off at ${formatUtcTime(now.toISOString())}: ${from ?? 'nobody'} → ${to}`,
    `Incident: ${f.title} · ${f.severity ?? 'severity not set'} · phase ${phase} · ${formatDuration(now.getTime() - Date.parse(since))} since it started`,
    `Believed cause: ${belief(f)}`,
    `Under way: ${underWay(f, openRunbook ?? null)}`,
    `Next status update: ${nextUpdate(updateDue, now)}`,
  ];
  const roles = describeRoles({ ...f.roles, commander: to });
  if (roles) lines.push(`Roles: ${roles}`);
  return lines.join('\n');
}

function belief(f: IncidentFacts): string {
  if (f.rootCause) return `${f.rootCause} (root cause)`;
  const testing = f.hypotheses.at(-1);
  if (testing && testing.result === null) return `${testing.text} (hypothesis, being tested)`;
  const confirmed = f.hypotheses.find((h) => h.result === 'confirmed');
  if (confirmed) return `${confirmed.text} (confirmed)`;
  const rejected = f.hypotheses.filter((h) => h.result === 'rejected').length;
  return rejected > 0 ? `unknown; ${rejected} hypothes${rejected === 1 ? 'is' : 'es'} rejected` : 'unknown yet';
}

function underWay(f: IncidentFacts, openRunbook: string | null): string {
  const parts: string[] = [];
  const last = f.contain.at(-1);
  if (f.mitigatedAt)
    parts.push(`mitigated at ${formatUtcTime(f.mitigatedAt)}${last ? ` by ${containOptionLabel(last.option).toLowerCase()}` : ''}`);
  else if (last)
    parts.push(`${containOptionLabel(last.option).toLowerCase()}${last.action ? ` (${last.action})` : ''}, outcome not known yet`);
  if (f.fix && !f.resolvedAt) parts.push(`fix: ${f.fix}`);
  if (f.resolvedAt) parts.push(`resolved at ${formatUtcTime(f.resolvedAt)}`);
  if (openRunbook) parts.push(`runbook "${openRunbook}" open`);
  return parts.length > 0 ? parts.join('; ') : 'nothing started yet';
}

function nextUpdate(due: Date | null, now: Date): string {
  if (!due) return 'at resolution';
  const ms = due.getTime() - now.getTime();
  const at = formatUtcTime(due.toISOString());
  return ms >= 0 ? `due ${at} (in ${formatDuration(ms)})` : `OVERDUE since ${at} (${formatDuration(-ms)} ago)`;
}

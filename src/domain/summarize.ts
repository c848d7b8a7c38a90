// An incident's index row, derived from its log alone, so the index can
// always be rebuilt (shared/README §2).
import type { EventPhase, IncidentSummary, Severity, SummaryMetrics, TimelineEntry } from './types.js';
import { metrics, MILESTONE_SET, milestoneFactsFromEntries, milestones } from './milestones.js';

export function summarize(id: string, entries: TimelineEntry[], logSize: number): IncidentSummary {
  const summary: IncidentSummary = {
    id,
    title: id,
    severity: null,
    status: 'open',
    phase: 'declare',
    repo: null,
    startedAt: null,
    declaredAt: entries[0]?.at ?? '',
    resolvedAt: null,
    closedAt: null,
    postmortemPath: null,
    practice: false,
    drill: null,
    metrics: summaryMetrics(entries),
    logSize,
    eventCount: entries.length,
  };
  for (const e of entries) {
    const d = e.data;
    switch (e.type) {
      case 'incident.declared':
        summary.title = str(d.title) ?? summary.title;
        summary.repo = str(d.repo);
        summary.startedAt = str(d.startedAt);
        summary.declaredAt = e.at;
        summary.severity = (str(d.severity) as Severity | null) ?? summary.severity;
        summary.practice = d.practice === true;
        summary.drill = drillMark(d.drill);
        break;
      case 'answer':
        if (d.step === 'detect.started') summary.startedAt = str(d.startedAt) ?? summary.startedAt;
        break;
      case 'severity.set':
        summary.severity = (str(d.severity) as Severity | null) ?? summary.severity;
        break;
      case 'phase.changed':
        summary.phase = (str(d.to) as EventPhase | null) ?? summary.phase;
        break;
      case 'resolved':
        summary.resolvedAt = e.at;
        break;
      case 'postmortem.written':
        summary.postmortemPath = str(d.path);
        break;
      case 'incident.closed':
        summary.status = 'closed';
        summary.closedAt = e.at;
        summary.phase = 'closed';
        break;
    }
  }
  return summary;
}

function summaryMetrics(entries: readonly TimelineEntry[]): SummaryMetrics {
  const m = metrics(milestones(milestoneFactsFromEntries(entries), entries));
  return { ttdMs: m.ttd, ttaMs: m.tta, ttmMs: m.ttm, ttrMs: m.ttr };
}

/** Event types after which the index row changes. */
export const SUMMARY_EVENT_TYPES: ReadonlySet<string> = new Set([
  'incident.declared',
  'severity.set',
  'phase.changed',
  'mitigated',
  'resolved',
  MILESTONE_SET,
  'postmortem.written',
  'incident.closed',
]);

/** `{ scenario }` when the declared data marks a drill; a mark without a readable scenario still marks one. */
function drillMark(v: unknown): { scenario: string } | null {
  if (typeof v !== 'object' || v === null) return null;
  const scenario = (v as { scenario?: unknown }).scenario;
  return { scenario: typeof scenario === 'string' && scenario !== '' ? scenario : '?' };
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

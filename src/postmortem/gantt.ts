// The incident as a Mermaid gantt chart, from the same events as the
// timeline table: one section per phase (its spans from `phase.changed`), the
// time before anyone declared it, each containment attempt, and the
// milestones. Pure, like render.ts.
//
// Times are written as UTC wall-clock without a zone: Mermaid reads them as
// the viewer's local time and draws the axis in local time too, so the chart
// shows the same UTC clock as the tables around it.
//
// Mermaid's gantt lexer ends a task name at `:`, `#` or `;`, starts a comment
// at `%%`, and reads a line that begins with a keyword (section, click, title…)
// or a date as that keyword; `ganttName` keeps generated names clear of all of it.
import type { TimelineEntry } from '../domain/types.js';
import type { IncidentFacts } from '../domain/incident.js';
import { PHASES } from '../domain/types.js';
import { entryTime, sortByOccurred } from '../domain/describe-entry.js';
import { containOptionLabel } from '../domain/containment.js';
import { oneLine, stripControl } from '../domain/sanitize.js';
import { maskSecrets } from '../domain/secrets.js';
import { MILESTONE_LABELS, milestones, type MilestoneName } from '../domain/milestones.js';

const NAME_MAX = 60;

const PHASE_LABELS: Record<string, string> = {
  detect: 'Detect',
  triage: 'Triage',
  contain: 'Contain',
  resolve: 'Resolve',
  verify: 'Verify',
  postmortem: 'Post-mortem',
};

const UPDATE_LABELS: Record<string, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

interface Span {
  name: string;
  start: number;
  end: number;
  tags: string[];
}

interface Point {
  name: string;
  at: number;
}

export function renderGantt(facts: IncidentFacts, entries: readonly TimelineEntry[]): string {
  const sorted = sortByOccurred(entries);
  const declaredAt = time(facts.declaredAt);
  // Spans still open end where the record ends: the chart never invents "now".
  const lastAt = Math.max(declaredAt ?? Number.NEGATIVE_INFINITY, ...sorted.map((e) => time(entryTime(e)) ?? Number.NEGATIVE_INFINITY));
  const recordEnd = Number.isFinite(lastAt) ? lastAt : null;
  const m = milestones(facts, entries);

  const lines = ['```mermaid', 'gantt', `    title ${ganttName(facts.title || 'Incident', 80)} (UTC)`];
  lines.push('    dateFormat YYYY-MM-DDTHH:mm:ss', '    axisFormat %H:%M');

  const started = time(m.started.at);
  if (started !== null && declaredAt !== null && started < declaredAt) {
    lines.push('    section Before it was declared');
    lines.push(task({ name: 'Problem started → declared', start: started, end: declaredAt, tags: ['crit'] }));
  }

  const phases = phaseSpans(sorted, recordEnd);
  const attempts = attemptSpans(facts, chosenLabels(sorted), recordEnd);
  for (const phase of PHASES) {
    const spans = phases.get(phase) ?? [];
    const extra = phase === 'contain' ? attempts : [];
    if (spans.length === 0 && extra.length === 0) continue;
    lines.push(`    section ${PHASE_LABELS[phase] ?? phase}`);
    for (const span of [...spans, ...extra]) lines.push(task(span));
  }

  const points = milestonePoints(facts, m);
  if (points.length > 0) {
    lines.push('    section Milestones');
    for (const p of points) lines.push(task({ name: p.name, start: p.at, end: p.at, tags: ['milestone'] }));
  }
  lines.push('```');
  return lines.join('\n');
}

/** Each phase's spans: from its `phase.changed` to the next one (or the end of the record). A phase entered twice has two. */
function phaseSpans(sorted: readonly TimelineEntry[], recordEnd: number | null): Map<string, Span[]> {
  const changes = sorted
    .filter((e) => e.type === 'phase.changed' && typeof e.data.to === 'string')
    .map((e) => ({ to: String(e.data.to), at: time(entryTime(e)) }))
    .filter((c): c is { to: string; at: number } => c.at !== null);
  const spans = new Map<string, Span[]>();
  changes.forEach((change, i) => {
    if (!(change.to in PHASE_LABELS)) return;
    const end = changes[i + 1]?.at ?? recordEnd ?? change.at;
    const list = spans.get(change.to) ?? [];
    const label = PHASE_LABELS[change.to]!;
    list.push({ name: list.length === 0 ? label : `${label} (again)`, start: change.at, end: Math.max(end, change.at), tags: [] });
    spans.set(change.to, list);
  });
  return spans;
}

/** Containment attempts, from being chosen to the "has the impact stopped?" answer (or the next attempt). */
function attemptSpans(facts: IncidentFacts, labels: ReadonlyMap<string, string>, recordEnd: number | null): Span[] {
  const attempts = facts.contain ?? [];
  const spans: Span[] = [];
  attempts.forEach((a, i) => {
    const start = time(a.chosenAt);
    if (start === null) return;
    const end = time(a.decidedAt) ?? time(attempts[i + 1]?.chosenAt ?? null) ?? recordEnd ?? start;
    const outcome = a.outcome === 'mitigated' ? ' (mitigated)' : a.outcome === 'not-yet' ? ' (did not stop it)' : '';
    spans.push({
      name: `Attempt ${i + 1} ${labels.get(a.option) ?? containOptionLabel(a.option)}${outcome}`,
      start,
      end: Math.max(end, start),
      tags: a.outcome === 'mitigated' ? ['active'] : a.outcome === 'not-yet' ? ['done'] : [],
    });
  });
  return spans;
}

/** The words the engineer saw for each option (as render.ts prefers them over today's wording). */
function chosenLabels(sorted: readonly TimelineEntry[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const e of sorted) {
    if (e.type === 'contain.chosen' && typeof e.data.option === 'string' && typeof e.data.label === 'string' && e.data.label.trim())
      labels.set(e.data.option, e.data.label);
  }
  return labels;
}

/** Declared, the milestones that are not simply "when it was declared", and each status update, in time order. */
function milestonePoints(facts: IncidentFacts, m: ReturnType<typeof milestones>): Point[] {
  const points: Point[] = [];
  const declared = time(facts.declaredAt);
  if (declared !== null) points.push({ name: 'Declared', at: declared });
  const named: MilestoneName[] = ['started', 'detected', 'acknowledged', 'mitigated', 'resolved'];
  for (const name of named) {
    const at = time(m[name].at);
    // Detected and acknowledged default to the declaration; a start before it is the first section's span.
    if (at === null || at === declared || (name === 'started' && declared !== null && at < declared)) continue;
    points.push({ name: name === 'started' ? 'Problem started' : MILESTONE_LABELS[name], at });
  }
  (facts.updates ?? []).forEach((u, i) => {
    const at = time(u.at);
    if (at !== null) points.push({ name: `Status update ${i + 1} ${UPDATE_LABELS[u.kind] ?? u.kind}`, at });
  });
  return points
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.at - b.p.at || a.i - b.i)
    .map((x) => x.p);
}

function task(span: Span): string {
  const data = [...span.tags, stamp(span.start), span.tags.includes('milestone') ? '0s' : stamp(span.end)];
  return `    ${ganttName(span.name)} :${data.join(', ')}`;
}

/** "2026-11-25T02:10:03" — the chart's dateFormat, in UTC. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

function time(iso: string | null | undefined): number | null {
  if (typeof iso !== 'string') return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

// Statement keywords of the gantt lexer (case-insensitive) and a date: a task
// name that starts with one is read as that statement instead.
const KEYWORD_START =
  /^(?:gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes|todaymarker|weekday|weekend|title|accdescription|accdescr|acctitle|section|click|href|call|\d{4}-\d{2}-\d{2})/i;

/** A task, section or title name Mermaid reads as plain text: one line, no `:#;%`, no leading keyword, at most `max` characters. */
export function ganttName(text: string, max = NAME_MAX): string {
  let s = oneLine(maskSecrets(stripControl(text)))
    .replace(/[:#;%]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (KEYWORD_START.test(s)) s = `› ${s}`;
  if (s.length > max) s = `${s.slice(0, max - 1).trimEnd()}…`;
  return s === '' ? '(untitled)' : s;
}

// `incident replay`: a past incident's timeline as a sequence to step through
// in a review meeting. Long silences are what make a real timeline unwatchable,
// so any gap over a few seconds is shown as "… 14m later …" and played in
// about a second; the plan says what to show and how long to wait, the
// screen only keeps time. Pure: the entries are all it needs.
import { PHASES, type EventPhase, type Phase, type Severity, type TimelineEntry } from './types.js';
import { describeEntry, entryTime, sortByOccurred, type EntryKind } from './describe-entry.js';
import { formatDuration } from './format-time.js';
import { oneLine, stripControl } from './sanitize.js';
import { maskSecrets } from './secrets.js';

/** Gaps longer than this are compressed and labelled. */
export const COMPRESS_AFTER_MS = 5_000;
/** What a compressed gap (and any gap longer than it) takes on screen at speed 1. */
export const COMPRESSED_GAP_MS = 1_000;
/** Events recorded in the same instant still appear one by one. */
export const MIN_DELAY_MS = 250;

export interface ReplayEvent {
  id: string;
  /** When it happened (UTC ISO): the backfilled time when there is one. */
  at: string;
  /** From the replay's start; negative for something backfilled to before it. */
  offsetMs: number;
  phase: EventPhase;
  kind: EntryKind;
  /** One line: masked, control characters stripped. */
  text: string;
  /** Since the event before (0 for the first). */
  gapMs: number;
  /** "… 14m later …", shown before this event when its gap was compressed. */
  gapLabel: string | null;
  /** How long to wait before showing it, at speed 1. */
  delayMs: number;
  /** The severity as it stood once this event happened. */
  severity: Severity | null;
}

export type ReplayKind = 'incident' | 'practice' | 'drill';

export interface ReplayPlan {
  id: string;
  title: string;
  kind: ReplayKind;
  /** What the clock counts from: when the problem started if it was said, else the declaration (as the live header does). */
  startAt: string;
  events: ReplayEvent[];
  /** Where each phase begins: its `phase.changed`, else its first event. Phases never reached are absent. */
  phaseStarts: Partial<Record<Phase, number>>;
}

export function replayPlan(id: string, entries: readonly TimelineEntry[]): ReplayPlan {
  const sorted = sortByOccurred(entries);
  const declared = entries.find((e) => e.type === 'incident.declared');
  const d = declared?.data ?? {};
  const startedAt = startOf(entries);
  const startAt = startedAt ?? (declared ? entryTime(declared) : sorted[0] ? entryTime(sorted[0]) : new Date(0).toISOString());
  const start = Date.parse(startAt);

  let severity: Severity | null = null;
  let previous: number | null = null;
  const events = sorted.map((entry, index): ReplayEvent => {
    const at = entryTime(entry);
    const t = Date.parse(at);
    const gapMs = previous === null || Number.isNaN(t) ? 0 : Math.max(0, t - previous);
    if (!Number.isNaN(t)) previous = t;
    const sev = entry.type === 'incident.declared' || entry.type === 'severity.set' ? entry.data.severity : undefined;
    if (typeof sev === 'string' && /^SEV-[1-4]$/.test(sev)) severity = sev as Severity;
    const compressed = gapMs > COMPRESS_AFTER_MS;
    const described = describeEntry(entry);
    return {
      id: entry.id,
      at,
      offsetMs: Number.isNaN(t) ? 0 : t - start,
      phase: entry.phase,
      kind: described.kind,
      text: lineOf(described.text),
      gapMs,
      gapLabel: compressed ? `… ${formatDuration(gapMs)} later …` : null,
      delayMs: index === 0 ? 0 : Math.min(COMPRESSED_GAP_MS, Math.max(MIN_DELAY_MS, gapMs)),
      severity,
    };
  });

  const phaseStarts: Partial<Record<Phase, number>> = {};
  for (const phase of PHASES) {
    const changed = sorted.findIndex((e) => e.type === 'phase.changed' && e.data.to === phase);
    const first = changed >= 0 ? changed : events.findIndex((e) => e.phase === phase);
    if (first >= 0) phaseStarts[phase] = first;
  }

  return {
    id,
    title: lineOf(typeof d.title === 'string' && d.title.trim() !== '' ? d.title : id),
    kind: d.drill ? 'drill' : d.practice === true ? 'practice' : 'incident',
    startAt,
    events,
    phaseStarts,
  };
}

/** How long to wait before showing event `index`, at a speed (2 = twice as fast). */
export function delayBefore(plan: ReplayPlan, index: number, speed: number): number {
  const event = plan.events[index];
  if (!event) return 0;
  return Math.round(event.delayMs / (speed > 0 ? speed : 1));
}

/** "+12m", "+45s", "-3m": an offset from the replay's start, signed. */
export function offsetLabel(ms: number): string {
  return ms < 0 ? `-${formatDuration(-ms)}` : `+${formatDuration(ms)}`;
}

/** The phase as of an event: the last phase an event so far happened in (`declare` before any). */
export function phaseAt(plan: ReplayPlan, index: number): EventPhase {
  return plan.events[index]?.phase ?? 'declare';
}

/** Which phase a digit key (1–6) jumps to. */
export function phaseForKey(input: string): Phase | null {
  const n = Number(input);
  return Number.isInteger(n) && n >= 1 && n <= PHASES.length ? PHASES[n - 1]! : null;
}

/** The problem's start as recorded: at declaring (`--started`) or answered at detect; the last answer wins. */
function startOf(entries: readonly TimelineEntry[]): string | null {
  let started: string | null = null;
  for (const e of entries) {
    const s = e.data.startedAt;
    const fromDeclare = e.type === 'incident.declared';
    const fromDetect = e.type === 'answer' && e.data.step === 'detect.started';
    if ((fromDeclare || fromDetect) && typeof s === 'string' && !Number.isNaN(Date.parse(s))) started = s;
  }
  return started;
}

function lineOf(text: string): string {
  return maskSecrets(oneLine(stripControl(text))).replace(/\s+/g, ' ');
}

// Were stakeholders kept informed on the severity's cadence? Each silence —
// declaring to the first update, update to update, the last update to the
// resolution — is compared with what the cadence promises. Pure.
import type { Severity, TimelineEntry } from '../domain/types.js';
import type { UpdateCadence } from '../domain/severity-policy.js';
import type { IncidentFacts } from '../domain/incident.js';
import { entryTime } from '../domain/describe-entry.js';
import { formatDuration } from '../domain/format-time.js';
import { hhmm, type ScoreLine } from './score-line.js';

export interface LateGap {
  /** first: declare → first update; between: update → update; until-end: last update (or declare) → resolution or the end of the drill. */
  kind: 'first' | 'between' | 'until-end';
  from: string;
  to: string;
  ms: number;
  limitMs: number;
}

export interface UpdateCheck {
  severity: Severity;
  firstWithinMinutes: number;
  /** null: after the first, one update at resolution is enough (SEV-4). */
  everyMinutes: number | null;
  posted: number;
  /** Silences compared with the cadence. */
  gaps: number;
  late: LateGap[];
}

/** A minute of grace: an update posted 15m20s after the last one is on a 15-minute cadence in any review. */
export const CADENCE_GRACE_MS = 60_000;

export function checkUpdates(input: {
  severity: Severity;
  cadence: UpdateCadence;
  declaredAt: string;
  /** Times the updates were posted, any order. */
  postedAt: readonly string[];
  /** Resolution (verified), or the last thing recorded when the drill ended unresolved. */
  endAt: string;
}): UpdateCheck {
  const { severity, cadence } = input;
  const every = cadence.everyMinutes[severity];
  const posted = [...input.postedAt].sort((a, b) => Date.parse(a) - Date.parse(b));
  const end = Date.parse(input.endAt);
  const late: LateGap[] = [];
  let gaps = 0;
  const check = (kind: LateGap['kind'], from: string, to: string, limitMinutes: number) => {
    gaps++;
    const ms = Date.parse(to) - Date.parse(from);
    const limitMs = limitMinutes * 60_000;
    if (ms > limitMs + CADENCE_GRACE_MS) late.push({ kind, from, to, ms, limitMs });
  };
  const first = posted[0];
  if (first === undefined || Date.parse(first) > end) {
    // Nothing posted before the end: the first update was owed within the first few minutes.
    if (end - Date.parse(input.declaredAt) > cadence.firstWithinMinutes * 60_000 + CADENCE_GRACE_MS) {
      late.push({
        kind: 'first',
        from: input.declaredAt,
        to: input.endAt,
        ms: end - Date.parse(input.declaredAt),
        limitMs: cadence.firstWithinMinutes * 60_000,
      });
    }
    return { severity, firstWithinMinutes: cadence.firstWithinMinutes, everyMinutes: every, posted: posted.length, gaps: 1, late };
  }
  check('first', input.declaredAt, first, cadence.firstWithinMinutes);
  if (every !== null) {
    const before = posted.filter((p) => Date.parse(p) <= end);
    for (let i = 1; i < before.length; i++) check('between', before[i - 1]!, before[i]!, every);
    check('until-end', before.at(-1)!, input.endAt, every);
  }
  return { severity, firstWithinMinutes: cadence.firstWithinMinutes, everyMinutes: every, posted: posted.length, gaps, late };
}

// ── the score line ──────────────────────────────────────────────────────────

const UPDATE_POINTS = 10;
const LATE_PENALTY = 4;

export function postedTimes(entries: readonly TimelineEntry[], facts: IncidentFacts): string[] {
  const fromLog = entries.filter((e) => e.type === 'update.posted').map(entryTime);
  return fromLog.length > 0 ? fromLog : facts.updates.map((u) => u.at);
}

function cadenceText(u: UpdateCheck): string {
  return u.everyMinutes === null
    ? `first within ${u.firstWithinMinutes}m, then at resolution`
    : `first within ${u.firstWithinMinutes}m, then every ${u.everyMinutes}m`;
}

export function updatesLine(u: UpdateCheck): ScoreLine {
  const base = { key: 'updates' as const, label: 'Status updates', max: UPDATE_POINTS };
  const cadence = `${u.severity} cadence: ${cadenceText(u)}`;
  const count = `${u.posted} status update${u.posted === 1 ? '' : 's'}`;
  if (u.late.length === 0 && u.posted === 0) {
    return { ...base, points: UPDATE_POINTS, good: true, text: `no status update was due yet (${cadence})`, advice: null };
  }
  if (u.late.length === 0) {
    return { ...base, points: UPDATE_POINTS, good: true, text: `${count}, each on time (${cadence})`, advice: null };
  }
  const late = u.late.map((g) => {
    const span = `${hhmm(g.from)}–${hhmm(g.to)} UTC`;
    if (g.kind === 'first' && u.posted === 0) return `none posted (${span}, ${formatDuration(g.ms)})`;
    if (g.kind === 'first') return `the first came ${formatDuration(g.ms)} after declaring (${span})`;
    if (g.kind === 'until-end') return `${formatDuration(g.ms)} without one before the end (${span})`;
    return `${formatDuration(g.ms)} between two (${span})`;
  });
  return {
    ...base,
    points: Math.max(0, UPDATE_POINTS - LATE_PENALTY * u.late.length),
    good: false,
    text: `${count}; ${u.late.length} silence${u.late.length === 1 ? '' : 's'} longer than the ${u.severity} cadence (${cadenceText(u)}): ${late.join('; ')}`,
    advice: 'Keep updates on the cadence: the header counts down to the next one and turns red when it is overdue.',
  };
}

// Were stakeholders kept informed on the severity's cadence? Each silence —
// declaring to the first update, update to update, the last update to the
// resolution — is compared with what the cadence promises. Pure.
import type { Severity } from '../domain/types.js';
import type { UpdateCadence } from '../domain/severity-policy.js';

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

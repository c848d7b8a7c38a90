// One line of a drill's score: points, the reason in blameless words, and
// what to practise next. Shared by every part of the score. Pure.

export interface ScoreLine {
  key: ScoreKey;
  label: string;
  points: number;
  max: number;
  /** Full marks. */
  good: boolean;
  /** What happened, with the target: "declared 6m after the fault began (target: 5m)". */
  text: string;
  /** What to practise next; null with full marks. */
  advice: string | null;
}

export type TimingKey = 'declare' | 'severity' | 'first-update' | 'mitigated' | 'verified';
export type ScoreKey = TimingKey | 'severity-choice' | 'mitigation' | 'updates' | 'postmortem';

/** "02:10": a UTC clock time for a span inside a line. */
export function hhmm(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().slice(11, 16);
}

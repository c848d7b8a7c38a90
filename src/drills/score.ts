// The score of a drill, from what its timeline recorded: how fast each
// milestone came after the fault began, whether the severity and the
// mitigation fitted the scenario, whether updates kept their cadence, and
// whether the post-mortem is complete. Every line carries its reason in
// blameless words ("declared 6m after the fault began (target: 5m)") and,
// when short of full marks, what to practise next. Pure: no clock, no I/O.
import type { IncidentFacts } from '../domain/incident.js';
import { SEVERITIES, type Severity, type TimelineEntry } from '../domain/types.js';
import { DEFAULT_CADENCE, type UpdateCadence } from '../domain/severity-policy.js';
import { entryTime } from '../domain/describe-entry.js';
import { formatDuration } from '../domain/format-time.js';
import { mitigationLine, scoreAttempts, type MitigationClass, type MitigationExpectation, type ScoredAttempt } from './score-mitigation.js';
import { checkUpdates, postedTimes, updatesLine, type UpdateCheck } from './score-updates.js';
import { checkPostmortem, postmortemLine, type PostmortemCheck } from './score-postmortem.js';
import type { ScoreLine, TimingKey } from './score-line.js';

export type { MitigationClass, MitigationExpectation, ScoredAttempt } from './score-mitigation.js';
export type { LateGap, UpdateCheck } from './score-updates.js';
export type { PostmortemCheck } from './score-postmortem.js';
export { MIN_ACTION_ITEMS } from './score-postmortem.js';
export type { ScoreKey, ScoreLine, TimingKey } from './score-line.js';

export interface DrillExpectation extends MitigationExpectation {
  severity: Severity;
}

/** Minutes from the fault. */
export type DrillTargets = Record<TimingKey, number>;

/** The first update is owed within the cadence's few minutes of declaring: its target follows from those two. */
export const DEFAULT_TARGETS: DrillTargets = {
  declare: 5,
  severity: 10,
  'first-update': 5 + DEFAULT_CADENCE.firstWithinMinutes,
  mitigated: 30,
  verified: 45,
};

export interface ScoreInput {
  facts: IncidentFacts;
  entries: readonly TimelineEntry[];
  expected: DrillExpectation;
  /** When the fault began (UTC ISO): every time is measured from it. */
  faultAt: string;
  /**
   * 'page' when the fault was already there when the drill began (the page is
   * the first the responder could know of it): times then read "after the page".
   */
  measuredFrom?: MeasuredFrom;
  /** A scenario's own targets, in minutes from the fault; the rest default. */
  targets?: Partial<DrillTargets>;
  cadence?: UpdateCadence;
}

export interface DrillTiming {
  key: TimingKey;
  label: string;
  /** When it happened (UTC ISO), null when it did not during the drill. */
  at: string | null;
  /** From the fault; null when it did not happen. */
  ms: number | null;
  targetMs: number;
}

export type SeverityVerdict = 'right' | 'one-off' | 'wrong' | 'not-set';

export type DrillGrade = 'excellent' | 'good' | 'fair' | 'keep practising';

export type MeasuredFrom = 'fault' | 'page';

export interface DrillScore {
  faultAt: string;
  measuredFrom: MeasuredFrom;
  timings: DrillTiming[];
  severity: { expected: Severity; chosen: Severity | null; verdict: SeverityVerdict };
  mitigation: {
    attempts: ScoredAttempt[];
    /** The first attempt that stopped the impact: it counts most. */
    mitigatedBy: ScoredAttempt | null;
    verdict: MitigationClass | 'none';
  };
  updates: UpdateCheck;
  postmortem: PostmortemCheck;
  lines: ScoreLine[];
  points: number;
  max: number;
  grade: DrillGrade;
  wentWell: string[];
  practiseNext: string[];
}

const TIMING_POINTS: Record<TimingKey, number> = { declare: 10, severity: 5, 'first-update': 5, mitigated: 10, verified: 5 };
const SEVERITY_POINTS = 15;

const TIMING_TEXT: Record<TimingKey, { label: string; done: string; missing: string }> = {
  declare: { label: 'Time to declare', done: 'declared', missing: 'not declared' },
  severity: { label: 'Time to severity', done: 'severity set', missing: 'no severity set' },
  'first-update': { label: 'Time to first status update', done: 'first status update posted', missing: 'no status update posted' },
  mitigated: { label: 'Time to mitigation', done: 'impact stopped', missing: 'impact not stopped' },
  verified: { label: 'Time to verified', done: 'fix verified', missing: 'fix not verified' },
};

export function scoreDrill(input: ScoreInput): DrillScore {
  const { facts, entries, expected, faultAt } = input;
  const measuredFrom = input.measuredFrom ?? 'fault';
  const cadence = input.cadence ?? DEFAULT_CADENCE;
  const targets: DrillTargets = {
    ...DEFAULT_TARGETS,
    // A team's cadence moves the first update's target with it.
    'first-update': (input.targets?.declare ?? DEFAULT_TARGETS.declare) + cadence.firstWithinMinutes,
    ...input.targets,
  };
  const fault = Date.parse(faultAt);

  const declaredAt = firstTime(entries, (e) => e.type === 'incident.declared') ?? facts.declaredAt;
  const verified = firstTime(entries, isVerified);
  const resolvedUnverified = verified === null ? (entries.find((e) => e.type === 'resolved') ?? null) : null;
  const happened: Record<TimingKey, string | null> = {
    declare: declaredAt,
    severity: firstTime(entries, (e) => e.type === 'severity.set') ?? null,
    'first-update': firstTime(entries, (e) => e.type === 'update.posted') ?? earliest(facts.updates.map((u) => u.at)),
    mitigated: firstTime(entries, (e) => e.type === 'mitigated') ?? facts.mitigatedAt,
    verified,
  };
  const timings = (Object.keys(TIMING_POINTS) as TimingKey[]).map((key): DrillTiming => {
    const at = happened[key];
    const ms = at === null || Number.isNaN(fault) || Number.isNaN(Date.parse(at)) ? null : Math.max(0, Date.parse(at) - fault);
    return { key, label: TIMING_TEXT[key].label, at, ms, targetMs: targets[key] * 60_000 };
  });

  const lines: ScoreLine[] = timings.map((t) => timingLine(t, t.key === 'verified' ? resolvedUnverified : null, measuredFrom));

  const chosen = facts.severity;
  const severityVerdict = judgeSeverity(chosen, expected.severity);
  lines.push(severityLine(chosen, expected.severity, severityVerdict));

  const attempts = scoreAttempts(facts.contain, entries, expected);
  const mitigatedBy = attempts.find((a) => a.mitigated) ?? null;
  lines.push(mitigationLine(attempts, mitigatedBy, expected));

  // Unresolved: the drill ended with the last thing recorded.
  const lastAt = latest([declaredAt, ...entries.map(entryTime)]) ?? declaredAt;
  const updates = checkUpdates({
    severity: chosen ?? expected.severity,
    cadence,
    declaredAt,
    postedAt: postedTimes(entries, facts),
    endAt: verified ?? (resolvedUnverified ? entryTime(resolvedUnverified) : lastAt),
  });
  lines.push(updatesLine(updates));

  const postmortem = checkPostmortem(facts, entries);
  lines.push(postmortemLine(postmortem));

  const points = lines.reduce((n, l) => n + l.points, 0);
  const max = lines.reduce((n, l) => n + l.max, 0);
  const wentWell = lines.filter((l) => l.good).map((l) => sentence(l.text));
  // A rollback held back by a caution, when rolling back would have hurt, is judgement worth naming.
  for (const a of attempts)
    if (a.caution && !a.done && a.verdict === 'harmful')
      wentWell.push(sentence(`held back from ${a.describe}, which would have made this outage worse`));
  const practiseNext = lines.flatMap((l) => (l.advice ? [l.advice] : []));
  return {
    faultAt,
    measuredFrom,
    timings,
    severity: { expected: expected.severity, chosen, verdict: severityVerdict },
    mitigation: { attempts, mitigatedBy, verdict: mitigatedBy?.verdict ?? 'none' },
    updates,
    postmortem,
    lines,
    points,
    max,
    grade: gradeFor(points, max),
    wentWell,
    practiseNext,
  };
}

// ── timings ────────────────────────────────────────────────────────────────

/** "after the fault began", or "after the page" when the fault was there before it. */
export const AFTER: Record<MeasuredFrom, string> = { fault: 'after the fault began', page: 'after the page' };

function timingLine(t: DrillTiming, resolvedUnverified: TimelineEntry | null, from: MeasuredFrom): ScoreLine {
  const max = TIMING_POINTS[t.key];
  const words = TIMING_TEXT[t.key];
  const target = `target: ${formatDuration(t.targetMs)}`;
  if (t.ms === null) {
    const why = resolvedUnverified ? ` (resolved with ${uncheckedText(resolvedUnverified)})` : '';
    return {
      key: t.key,
      label: t.label,
      points: 0,
      max,
      good: false,
      text: `${words.missing} during the drill${why} (${target})`,
      advice: ADVICE[t.key](t.targetMs),
    };
  }
  const points = t.ms <= t.targetMs ? max : t.ms <= 2 * t.targetMs ? Math.floor(max / 2) : 0;
  return {
    key: t.key,
    label: t.label,
    points,
    max,
    good: points === max,
    text: `${words.done} ${formatDuration(t.ms)} ${AFTER[from]} (${target})`,
    advice: points === max ? null : ADVICE[t.key](t.targetMs),
  };
}

const ADVICE: Record<TimingKey, (targetMs: number) => string> = {
  declare: (ms) =>
    `Declare as soon as a signal looks real — a declared incident can be downgraded; aim for ${formatDuration(ms)} from the first signal.`,
  severity: (ms) => `Answer the severity questions straight after declaring; aim for ${formatDuration(ms)}.`,
  'first-update': () => 'Post a first "investigating" update within minutes of declaring: `u` drafts it from what is recorded.',
  mitigated: (ms) => `Go for the fastest safe way to stop the impact before looking for the cause; aim for ${formatDuration(ms)}.`,
  verified: (ms) => `Walk the verify checklist once the impact stops, so the fix is confirmed; aim for ${formatDuration(ms)}.`,
};

/** A resolution whose checklist was complete and whose probe, if any, did not fail. */
function isVerified(e: TimelineEntry): boolean {
  if (e.type !== 'resolved') return false;
  const unticked = Array.isArray(e.data.unticked) ? e.data.unticked.length : 0;
  return unticked === 0 && e.data.probeGate !== false;
}

function uncheckedText(e: TimelineEntry): string {
  const n = Array.isArray(e.data.unticked) ? e.data.unticked.length : 0;
  return n > 0 ? `${n} check${n === 1 ? '' : 's'} unticked` : 'the probe still failing';
}

// ── severity ───────────────────────────────────────────────────────────────

function judgeSeverity(chosen: Severity | null, expected: Severity): SeverityVerdict {
  if (chosen === null) return 'not-set';
  const off = Math.abs(SEVERITIES.indexOf(chosen) - SEVERITIES.indexOf(expected));
  return off === 0 ? 'right' : off === 1 ? 'one-off' : 'wrong';
}

const LEVELS = ['', 'one level', 'two levels', 'three levels'];

function severityLine(chosen: Severity | null, expected: Severity, verdict: SeverityVerdict): ScoreLine {
  const base = { key: 'severity-choice' as const, label: 'Severity', max: SEVERITY_POINTS };
  if (verdict === 'right')
    return { ...base, points: SEVERITY_POINTS, good: true, text: `${expected}, as this scenario called for`, advice: null };
  const advice = `Rehearse the severity questions against the impact: this scenario is ${expected}.`;
  if (chosen === null) return { ...base, points: 0, good: false, text: `no severity set; this scenario called for ${expected}`, advice };
  const diff = SEVERITIES.indexOf(chosen) - SEVERITIES.indexOf(expected);
  // A higher SEV number is a less severe rating.
  const direction = `${LEVELS[Math.abs(diff)]} ${diff > 0 ? 'too low' : 'too high'}`;
  return {
    ...base,
    points: verdict === 'one-off' ? Math.floor(SEVERITY_POINTS / 2) : 0,
    good: false,
    text: `rated ${chosen}; this scenario called for ${expected} (${direction})`,
    advice,
  };
}

// ── helpers ────────────────────────────────────────────────────────────────

function gradeFor(points: number, max: number): DrillGrade {
  const share = max === 0 ? 0 : points / max;
  if (share >= 0.9) return 'excellent';
  if (share >= 0.75) return 'good';
  if (share >= 0.5) return 'fair';
  return 'keep practising';
}

/** The earliest time among the entries that match, by when they happened. */
function firstTime(entries: readonly TimelineEntry[], match: (e: TimelineEntry) => boolean): string | null {
  return earliest(entries.filter(match).map(entryTime));
}

function latest(times: readonly string[]): string | null {
  let best: string | null = null;
  for (const t of times) if (!Number.isNaN(Date.parse(t)) && (best === null || Date.parse(t) > Date.parse(best))) best = t;
  return best;
}

function earliest(times: readonly string[]): string | null {
  let best: string | null = null;
  for (const t of times) if (!Number.isNaN(Date.parse(t)) && (best === null || Date.parse(t) < Date.parse(best))) best = t;
  return best;
}

function sentence(text: string): string {
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

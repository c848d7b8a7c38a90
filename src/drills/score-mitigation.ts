// Which containment moves a drill's responder made, judged against what the
// scenario says works here. A rollback is judged by the commit it reverted
// when the timeline says which ('revert:<shortsha>' in a scenario), else as a
// rollback; a drill's own action ('action:<id>') by the one recorded as what
// was done. Pure.
import type { ContainAttempt, ContainOption } from '../domain/incident.js';
import type { TimelineEntry } from '../domain/types.js';
import { entryTime, mitigatedBy } from '../domain/describe-entry.js';
import { STEP } from '../machine/steps.js';
import { DRILL_ACTION_PREFIX } from '../domain/drill-view.js';
import type { ScoreLine } from './score-line.js';

export type MitigationClass = 'right' | 'acceptable' | 'harmful' | 'other';

/** What the scenario says about each move: option ids ('rollback', 'feature-flag', …), 'revert:<shortsha>' or 'action:<id>'. */
export interface MitigationExpectation {
  right: readonly string[];
  acceptable: readonly string[];
  harmful: readonly string[];
  /** How to say a key in advice ('action:renew-certificate' → its title); absent keys are phrased from their option. */
  names?: Readonly<Record<string, string>>;
}

export interface ScoredAttempt {
  option: ContainOption;
  /** The commit a rollback reverted (or set out to), when the timeline says. */
  sha: string | null;
  /** The drill action recorded as what was done ('renew-certificate'), if one was. */
  drillAction: string | null;
  chosenAt: string;
  verdict: MitigationClass;
  /** Carried out: an action was recorded or the outcome asked. A rollback stopped by a caution or an aborted revert was not. */
  done: boolean;
  mitigated: boolean;
  /** Why a rollback was not done, when a "when NOT to roll back" caution applied. */
  caution: string | null;
  /** "rolling back 1a2b3c4", "turning off a feature flag". */
  describe: string;
}

export function scoreAttempts(
  contain: readonly ContainAttempt[],
  entries: readonly TimelineEntry[],
  expected: MitigationExpectation,
): ScoredAttempt[] {
  return contain.map((attempt, i) => {
    const until = contain[i + 1]?.chosenAt ?? null;
    const sha = attempt.option === 'rollback' ? revertedSha(entries, attempt.chosenAt, until) : null;
    const drill = drillActionIn(entries, attempt.chosenAt, until);
    const caution = attempt.caution && attempt.caution !== 'none' ? attempt.caution : null;
    const actionKey = drill ? `${DRILL_ACTION_PREFIX}${drill.id}` : null;
    return {
      option: attempt.option,
      sha,
      drillAction: drill?.id ?? null,
      chosenAt: attempt.chosenAt,
      verdict: actionKey ? classifyAction(actionKey, attempt.option, expected) : classify(attempt.option, sha, expected),
      done: attempt.action !== null || attempt.outcome !== null,
      mitigated: attempt.outcome === 'mitigated',
      caution,
      describe: drill ? `“${drill.title}”` : describeMove(attempt.option, sha),
    };
  });
}

/**
 * The most specific match wins: a scenario can call rollbacks in general
 * acceptable and the revert of one commit right (or another one harmful).
 * Among equally specific matches, harmful wins: a move a scenario author
 * marked as making things worse is never scored as fine.
 */
export function classify(option: string, sha: string | null, expected: MitigationExpectation): MitigationClass {
  const order: [MitigationClass, readonly string[]][] = [
    ['harmful', expected.harmful],
    ['right', expected.right],
    ['acceptable', expected.acceptable],
  ];
  if (sha !== null) {
    for (const [verdict, keys] of order) if (keys.some((k) => revertMatches(k, sha))) return verdict;
  }
  for (const [verdict, keys] of order) if (keys.includes(option)) return verdict;
  return 'other';
}

/** The action itself first (a scenario names it exactly), then the containment option it was done under. */
function classifyAction(key: string, option: string, expected: MitigationExpectation): MitigationClass {
  for (const [verdict, keys] of [
    ['harmful', expected.harmful],
    ['right', expected.right],
    ['acceptable', expected.acceptable],
  ] as const)
    if (keys.includes(key)) return verdict;
  return classify(option, null, expected);
}

function revertMatches(key: string, sha: string): boolean {
  if (!key.startsWith('revert:')) return false;
  const short = key.slice('revert:'.length).trim().toLowerCase();
  // Four hex digits at least: "revert:" alone must not match every commit.
  return /^[0-9a-f]{4,40}$/.test(short) && sha.toLowerCase().startsWith(short);
}

/** "rolling back 1a2b3c4", "turning off a feature flag": an option or an expectation key, as a phrase. */
export function describeMove(optionOrKey: string, sha: string | null = null): string {
  if (optionOrKey.startsWith('revert:')) return `reverting ${optionOrKey.slice('revert:'.length).trim().slice(0, 7)}`;
  const phrase = mitigatedBy(optionOrKey);
  return sha ? `${phrase} ${sha.slice(0, 7)}` : phrase;
}

/** The drill action answered on the contain step between this attempt and the next. */
function drillActionIn(entries: readonly TimelineEntry[], from: string, until: string | null): { id: string; title: string } | null {
  const start = Date.parse(from);
  const end = until === null ? Number.POSITIVE_INFINITY : Date.parse(until);
  for (const e of entries) {
    const t = Date.parse(entryTime(e));
    if (t < start || t >= end || e.type !== 'answer' || e.data.step !== STEP.containAction) continue;
    const value = e.data.value;
    if (typeof value !== 'string' || !value.startsWith(DRILL_ACTION_PREFIX)) continue;
    const id = value.slice(DRILL_ACTION_PREFIX.length);
    return { id, title: typeof e.data.label === 'string' ? e.data.label : id };
  }
  return null;
}

/**
 * The commit a rollback attempt reverted: the committed revert, else the one
 * started, else the one chosen — looked for between this attempt and the
 * next (the session records them in that order).
 */
function revertedSha(entries: readonly TimelineEntry[], from: string, until: string | null): string | null {
  const start = Date.parse(from);
  const end = until === null ? Number.POSITIVE_INFINITY : Date.parse(until);
  const inWindow = entries.filter((e) => {
    const t = Date.parse(entryTime(e));
    return t >= start && t < end;
  });
  const shaOf = (type: string, pick: (e: TimelineEntry) => unknown): string | null => {
    const found = inWindow.filter((e) => e.type === type).map(pick);
    const s = found.find((v): v is string => typeof v === 'string' && v !== '');
    return s ?? null;
  };
  return (
    shaOf('rollback.committed', (e) => e.data.sha) ??
    shaOf('rollback.started', (e) => e.data.sha) ??
    shaOf('answer', (e) => (e.data.step === STEP.rollbackTarget && e.data.value !== 'deploy-tool' ? e.data.value : null))
  );
}

// ── the score line ──────────────────────────────────────────────────────────

const MITIGATION_POINTS: Record<MitigationClass | 'none', number> = { right: 20, acceptable: 12, other: 6, harmful: 0, none: 0 };
/** Each harmful move carried out, beside the one that stopped the impact. */
const HARMFUL_PENALTY = 5;

const VERDICT_WORDS: Record<MitigationClass, string> = {
  right: 'the expected move',
  acceptable: 'which works here',
  other: 'which this scenario does not count on',
  harmful: 'which makes this outage worse',
};

export function mitigationLine(attempts: readonly ScoredAttempt[], by: ScoredAttempt | null, expected: MitigationExpectation): ScoreLine {
  const max = MITIGATION_POINTS.right;
  const harmful = attempts.filter((a) => a.done && a.verdict === 'harmful');
  // The mitigating move already scores nothing when harmful: only the others cost more.
  const penalty = HARMFUL_PENALTY * harmful.filter((a) => a !== by).length;
  const points = Math.max(0, MITIGATION_POINTS[by?.verdict ?? 'none'] - penalty);
  const parts: string[] = [];
  if (by) parts.push(`impact stopped by ${by.describe}, ${VERDICT_WORDS[by.verdict]}`);
  else parts.push('impact not stopped during the drill');
  const tried = attempts.filter((a) => a.done && a !== by);
  if (tried.length > 0) parts.push(`also tried ${tried.map((a) => `${a.describe} (${a.verdict})`).join(', ')}`);
  const best = expected.right.map((k) => expected.names?.[k] ?? describeMove(k));
  const advice: string[] = [];
  if (by?.verdict !== 'right' && best.length > 0) advice.push(`The quickest safe mitigation here: ${best.join(' or ')}.`);
  for (const a of harmful) advice.push(`Before ${a.describe}, check it fits the symptoms: here it made things worse.`);
  return {
    key: 'mitigation',
    label: 'Mitigation',
    points,
    max,
    good: points === max,
    text: parts.join('; '),
    advice: points === max ? null : advice.join(' ') || 'Pick a containment option that stops the impact before looking for the cause.',
  };
}

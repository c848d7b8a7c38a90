// The scenario's expectations in the scorer's words. A scenario names its
// moves as the author thinks of them (`revert:culprit`, `revert:<commit id>`,
// `action:<id>`, a containment option); the scorer only sees what the
// timeline recorded (the reverted commit's sha, the action's id, the option).
// Also when the fault began, which every timing is measured from. Pure.
import type { DrillExpectation, MeasuredFrom } from './score.js';
import type { DrillCommit } from './drill.js';
import { revertTarget, type ExpectedMove, type Scenario } from './scenario.js';
import { DRILL_ACTION_PREFIX, type DrillView } from '../domain/drill-view.js';

type ScenarioPart = Pick<Scenario, 'expected' | 'actions' | 'history'>;

export function drillExpectation(
  scenario: ScenarioPart,
  commits: readonly Pick<DrillCommit, 'id' | 'sha' | 'subject'>[],
): DrillExpectation {
  const names: Record<string, string> = {};
  const keysOf = (moves: readonly ExpectedMove[]): string[] =>
    moves.flatMap((move): string[] => {
      if (move.kind === 'containment') return [move.option];
      if (move.kind === 'action') {
        const key = `${DRILL_ACTION_PREFIX}${move.action}`;
        const title = scenario.actions.find((a) => a.id === move.action)?.title;
        if (title) names[key] = `“${title}”`;
        return [key];
      }
      const target = revertTarget(scenario, move);
      const commit = target ? commits.find((c) => c.id === target.id) : undefined;
      // A commit the repository does not have cannot be reverted: nothing to score it by.
      if (!commit) return [];
      const key = `revert:${commit.sha}`;
      names[key] = `reverting ${commit.sha.slice(0, 7)} “${commit.subject}”`;
      return [key];
    });
  return {
    severity: scenario.expected.severity,
    right: keysOf(scenario.expected.right),
    acceptable: keysOf(scenario.expected.acceptable),
    harmful: keysOf(scenario.expected.harmful),
    names,
  };
}

/**
 * When the fault began, for the score: the first scheduled fault, in real time
 * (`speed` times faster than the schedule) — but never before the clock
 * started (the briefing read): a fault already there is the page that woke
 * you, and times are then measured from the page.
 */
export function faultStart(
  scenario: Pick<Scenario, 'faults'>,
  worldStartedMs: number,
  speed: number,
  clockStartedMs: number,
): { faultAt: string; measuredFrom: MeasuredFrom } {
  const first = Math.min(...scenario.faults.map((f) => f.atSeconds));
  const faultMs = Number.isFinite(first) ? worldStartedMs + (first * 1000) / speed : clockStartedMs;
  return faultMs > clockStartedMs
    ? { faultAt: new Date(faultMs).toISOString(), measuredFrom: 'fault' }
    : { faultAt: new Date(clockStartedMs).toISOString(), measuredFrom: 'page' };
}

/** What the guided mode is told of the drill: the URL, what normal looks like there, the actions outside git. */
export function drillView(scenario: Pick<Scenario, 'id' | 'title' | 'service' | 'actions'>, url: string): DrillView {
  const route = scenario.service.routes.find((r) => r.path === scenario.service.probePath);
  return {
    scenario: scenario.id,
    title: scenario.title,
    url,
    // Generous: a probe's latency includes the connection and TLS, which the route's own latency does not.
    normal: route ? `normally ${route.status} in ~${Math.max(100, Math.ceil((route.latencyMs * 3) / 10) * 10)} ms` : null,
    actions: scenario.actions.map((a) => ({ id: a.id, title: a.title, containment: a.containment })),
  };
}

// The resolve phase as a hypothesis log: say what you think is wrong, what
// supports it and what does not, how to test it, and what the test showed.
// Starting hypotheses come from what was already recorded, so the first one
// on the list is usually the one worth testing first.
import type { IncidentFacts } from './incident.js';

export type HypothesisResult = 'confirmed' | 'rejected' | 'open';

export interface Hypothesis {
  text: string;
  /** Where it came from: one of the suggestions (its id) or typed. */
  source: string;
  proposedAt: string;
  evidenceFor: string | null;
  evidenceAgainst: string | null;
  test: string | null;
  result: HypothesisResult | null;
  decidedAt: string | null;
}

export interface SuggestedHypothesis {
  id: string;
  text: string;
  /** Why it is suggested: what in the timeline points at it. */
  why: string;
}

export const HYPOTHESIS_RESULT_LABELS: Record<HypothesisResult, string> = {
  confirmed: 'Confirmed — this is the root cause',
  rejected: 'Rejected — the evidence says no',
  open: 'Not settled — park it and try another',
};

/**
 * The common root causes for what was seen, most likely first. Each is a
 * sentence an engineer could test; none is presented as the answer.
 */
export function suggestHypotheses(f: IncidentFacts): SuggestedHypothesis[] {
  const out: SuggestedHypothesis[] = [];
  const tried = new Set(f.hypotheses.map((h) => h.source));
  const add = (h: SuggestedHypothesis) => {
    if (!tried.has(h.id) && !out.some((o) => o.id === h.id)) out.push(h);
  };

  const probes = f.probes.filter((p) => p.purpose !== 'watch');
  const worst = probes.find((p) => !p.healthy) ?? null;
  const reverted = f.contain.find((a) => a.option === 'rollback' && a.outcome === 'mitigated');
  // The commit whose revert stopped the impact beats the top-ranked one ("git revert of 4545b5f committed as …").
  const revertedCommit = reverted ? f.culprits?.find((c) => reverted.action?.includes(`revert of ${c.shortSha}`)) : undefined;
  const top = revertedCommit ?? f.culprits?.[0];

  if (top) {
    add({
      id: `commit:${top.shortSha}`,
      text: `Commit ${top.shortSha} "${top.subject}" broke it`,
      why: revertedCommit
        ? 'reverting it stopped the impact'
        : reverted
          ? 'the rollback stopped the impact'
          : `ranked first of the recent commits (${top.reasons[0] ?? 'recent'})`,
    });
  }
  if (f.changes)
    add({
      id: 'change',
      text: `The recent change broke it: ${f.changes}`,
      why: reverted ? 'named as what changed at detect, and rolling back stopped the impact' : 'named as what changed at detect',
    });

  const tls = probes.find((p) => p.tls && (p.tls.error || (p.tls.daysLeft !== null && p.tls.daysLeft < 0)));
  if (tls) add({ id: 'certificate', text: 'The TLS certificate expired or is not trusted', why: tls.tls?.error ?? 'the probe saw it' });

  const status = worst?.status ?? null;
  if (status === 503 || status === 502 || status === 504)
    add({
      id: 'dependency',
      text: 'A dependency (database, third-party API, upstream service) is down or slow',
      why: `the probe saw ${status}`,
    });
  if (status !== null && status >= 500)
    add({
      id: 'config',
      text: 'A configuration or secret is missing or wrong in this environment',
      why: `${status}s while the code path is unchanged`,
    });
  if (worst && status === null)
    add({
      id: 'process-down',
      text: 'The process is down or crash-looping (out of memory, a failing start-up)',
      why: 'the probe got no answer',
    });
  const slow = probes.some((p) => f.baseline && p.p95Ms !== null && p.p95Ms > f.baseline.p95Ms * 2);
  if (slow)
    add({
      id: 'saturation',
      text: 'Saturation: CPU, memory, connections or a queue is exhausted',
      why: 'latency is over twice the normal',
    });

  // The usual suspects, always worth a thought.
  // A change already named (or a commit ranked) says this more precisely.
  if (!top && !f.changes) add({ id: 'deploy', text: 'A recent deploy or migration broke it', why: 'most incidents follow a change' });
  add({ id: 'config', text: 'A configuration, feature flag or secret changed', why: 'the second most common trigger' });
  add({ id: 'dependency', text: 'A dependency (database, third-party API, upstream service) is failing', why: 'check their status pages' });
  add({ id: 'traffic', text: 'Unusual traffic: a spike, a retry storm or abuse', why: 'check request rates' });
  add({ id: 'saturation', text: 'Saturation: CPU, memory, disk, connections or a queue is exhausted', why: 'check the dashboards' });
  add({ id: 'data', text: 'Bad data: a record or input the code does not handle', why: 'check errors for one shape of request' });
  return out;
}

/** The hypothesis the root cause rests on, if one was confirmed. */
export function confirmedHypothesis(f: IncidentFacts): Hypothesis | null {
  return f.hypotheses.findLast((h) => h.result === 'confirmed') ?? null;
}

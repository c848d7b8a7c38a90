// The verify gate: the latest probe after the fix, against the baseline.
// Null when nothing is probed (no URL, or no probe ever ran for this incident,
// e.g. where probing is unavailable) — then the checklist alone decides.
import type { IncidentFacts, ProbeSummary } from './incident.js';
import { compareWithBaseline, isGoodStatus, type BaselineComparison } from './probe.js';

export interface VerifyGate {
  probe: ProbeSummary | null;
  comparison: BaselineComparison | null;
  /** True passed, false failed, null not yet probed. */
  pass: boolean | null;
}

export function verifyGate(facts: IncidentFacts, latencyFactor = 1.5): VerifyGate | null {
  if (!facts.url || facts.probes.length === 0) return null;
  const probe = facts.probes.findLast((p) => p.purpose === 'verify' || p.purpose === 'watch') ?? null;
  if (!probe) return { probe: null, comparison: null, pass: null };
  // Without a baseline, "normal" can only mean a healthy answer with no errors.
  const baseline = facts.baseline ?? {
    status: 200,
    p95Ms: probe.p95Ms ?? 0,
    errorRate: 0,
    source: 'typed' as const,
    text: 'none: a healthy answer is required',
  };
  const comparison = compareWithBaseline(probe, baseline, { latencyFactor });
  return { probe, comparison, pass: comparison.pass && isGoodStatus(probe.status) };
}

/** Checklist items a passing probe proves, with the evidence recorded beside the tick. */
export const PROBE_PROVEN_ITEMS = ['original-error-gone', 'error-rate-baseline'] as const;

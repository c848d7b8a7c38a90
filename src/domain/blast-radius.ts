// Blast radius decides what to do first. A narrow problem is cheaper to
// investigate than to roll back; a wide one costs users every minute spent
// investigating, so the fastest known-good state (a rollback) comes first.
import type { BlastRadius, Recommendation } from './incident.js';
import type { Severity } from './types.js';

export const BLAST_RADIUS_CHOICES: readonly { value: BlastRadius; label: string; hint: string }[] = [
  { value: 'single', label: 'One user or one feature', hint: 'A single account, tenant or page is affected.' },
  { value: 'one-feature', label: 'Many users, one feature', hint: 'Lots of people, but only one part of the product.' },
  { value: 'many-features', label: 'Many features', hint: 'Several parts of the product, or everything, for many users.' },
];

export function blastRadiusLabel(blast: BlastRadius): string {
  return BLAST_RADIUS_CHOICES.find((c) => c.value === blast)?.label ?? blast;
}

/**
 * One user or feature → investigate; many users of one feature → investigate
 * but weigh a rollback; many features → roll back first. At SEV-1 there is no
 * time to weigh: "consider rollback" becomes "rollback first". A SEV-1 with a
 * single-user blast radius stays "investigate" — the severity says the one
 * case is serious (a breach, a lost record), not that a rollback would help.
 */
export function recommend(blast: BlastRadius, severity: Severity | null): Recommendation {
  switch (blast) {
    case 'single':
      return 'investigate';
    case 'one-feature':
      return severity === 'SEV-1' || severity === 'SEV-2' ? 'rollback-first' : 'investigate-consider-rollback';
    case 'many-features':
      return 'rollback-first';
  }
}

const TEXT: Record<Recommendation, string> = {
  investigate: 'Investigate first: the impact is narrow, so find the cause before changing production.',
  'investigate-consider-rollback': 'Investigate, but consider a rollback if a recent deploy touched this feature.',
  'rollback-first': 'Roll back first, investigate after: the impact is wide and every minute counts.',
};

export function recommendationText(rec: Recommendation): string {
  return TEXT[rec];
}

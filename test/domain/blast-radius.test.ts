import { describe, expect, it } from 'vitest';
import { BLAST_RADIUS_CHOICES, blastRadiusLabel, recommend, recommendationText } from '../../src/domain/blast-radius.js';
import type { BlastRadius, Recommendation } from '../../src/domain/incident.js';
import type { Severity } from '../../src/domain/types.js';

describe('recommend', () => {
  it.each<[BlastRadius, Severity | null, Recommendation]>([
    ['single', null, 'investigate'],
    ['single', 'SEV-4', 'investigate'],
    ['single', 'SEV-1', 'investigate'],
    ['one-feature', null, 'investigate-consider-rollback'],
    ['one-feature', 'SEV-2', 'rollback-first'],
    ['one-feature', 'SEV-3', 'investigate-consider-rollback'],
    ['one-feature', 'SEV-1', 'rollback-first'],
    ['many-features', null, 'rollback-first'],
    ['many-features', 'SEV-4', 'rollback-first'],
    ['many-features', 'SEV-1', 'rollback-first'],
  ])('%s at %s → %s', (blast, sev, rec) => {
    expect(recommend(blast, sev)).toBe(rec);
  });
});

describe('recommendationText', () => {
  it.each<[Recommendation, RegExp]>([
    ['investigate', /^Investigate first/],
    ['investigate-consider-rollback', /consider a rollback/],
    ['rollback-first', /^Roll back first/],
  ])('%s → one line matching %s', (rec, re) => {
    expect(recommendationText(rec)).toMatch(re);
    expect(recommendationText(rec)).not.toContain('\n');
  });
});

describe('blast radius choices', () => {
  it('offers the three radii in order with their labels', () => {
    expect(BLAST_RADIUS_CHOICES.map((c) => c.value)).toEqual(['single', 'one-feature', 'many-features']);
    expect(blastRadiusLabel('one-feature')).toBe('Many users, one feature');
  });
});

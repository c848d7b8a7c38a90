import { describe, expect, it } from 'vitest';
import { CONTAIN_OPTIONS, containOptionLabel, orderOptions, ROLLBACK_CAUTIONS } from '../../src/domain/containment.js';
import type { ContainOption, Recommendation } from '../../src/domain/incident.js';
import type { Severity } from '../../src/domain/types.js';

describe('orderOptions', () => {
  it.each<[Severity | null, Recommendation | null, ContainOption[], ContainOption | null]>([
    ['SEV-1', 'investigate', ['investigate', 'rollback'], 'investigate'],
    ['SEV-2', 'investigate-consider-rollback', ['rollback', 'feature-flag'], 'rollback'],
    ['SEV-1', 'rollback-first', ['rollback', 'feature-flag'], 'rollback'],
    ['SEV-3', 'rollback-first', ['rollback', 'feature-flag'], 'rollback'],
    [null, 'rollback-first', ['rollback', 'feature-flag'], 'rollback'],
    ['SEV-3', 'investigate', ['investigate', 'rollback'], 'investigate'],
    ['SEV-4', 'investigate', ['investigate', 'rollback'], 'investigate'],
    [null, 'investigate', ['investigate', 'rollback'], 'investigate'],
    ['SEV-3', 'investigate-consider-rollback', ['investigate', 'rollback', 'feature-flag'], 'investigate'],
    ['SEV-4', null, ['rollback', 'feature-flag'], null],
    [null, null, ['rollback', 'feature-flag'], null],
  ])('%s / %s → starts %j, recommends %s', (sev, rec, head, recommended) => {
    const options = orderOptions(sev, rec);
    expect(options.map((o) => o.option).slice(0, head.length)).toEqual(head);
    expect(options.filter((o) => o.recommended).map((o) => o.option)).toEqual(recommended ? [recommended] : []);
    if (recommended) expect(options[0]?.recommended).toBe(true);
    // Every option stays available exactly once.
    expect(options.map((o) => o.option).sort()).toEqual(CONTAIN_OPTIONS.map((o) => o.option).sort());
  });
});

describe('options', () => {
  it.each<[ContainOption, string]>([
    ['rollback', 'Roll back the last deploy'],
    ['feature-flag', 'Turn the feature flag off'],
    ['block-actor', 'Block a bad actor'],
    ['investigate', 'Investigate further'],
  ])('%s is labelled "%s"', (option, label) => {
    expect(containOptionLabel(option)).toBe(label);
  });

  it('each option has a one-line hint', () => {
    for (const o of CONTAIN_OPTIONS) expect(o.hint).toMatch(/^[^\n]{10,}$/);
  });
});

describe('ROLLBACK_CAUTIONS', () => {
  it.each([
    ['destructive-migration', /migration.*won't restore the data.*new schema/],
    ['started-before-deploy', /started before the deploy/],
    ['rollback-riskier', /larger or riskier than a small forward fix/],
  ])('%s', (id, text) => {
    const caution = ROLLBACK_CAUTIONS.find((c) => c.id === id);
    expect(caution?.text).toMatch(text);
    expect(caution?.label).toMatch(/^[^\n]{10,60}$/);
  });
});

import { describe, expect, it } from 'vitest';
import { scoreDrill, type DrillExpectation, type DrillScore, type ScoreLine } from '../../src/drills/score.js';
import { DEFAULT_CADENCE } from '../../src/domain/severity-policy.js';
import { FAULT_AT, GOOD_ITEMS, recordedDrill, type DrillSpec } from './drill-timeline.js';

const EXPECTED: DrillExpectation = {
  severity: 'SEV-2',
  right: ['revert:1a2b3c4'],
  acceptable: ['feature-flag', 'rollback'],
  harmful: ['fail-over', 'scale-up'],
};

function score(spec: DrillSpec = {}, expected: Partial<DrillExpectation> = {}): DrillScore {
  const { facts, entries } = recordedDrill(spec);
  return scoreDrill({ facts, entries, expected: { ...EXPECTED, ...expected }, faultAt: FAULT_AT });
}

const line = (s: DrillScore, key: ScoreLine['key']): ScoreLine => s.lines.find((l) => l.key === key)!;

describe('scoreDrill: a textbook drill', () => {
  const s = score();

  it('measures every milestone from the fault', () => {
    expect(s.timings.map((t) => [t.key, t.ms === null ? null : t.ms / 60_000, t.targetMs / 60_000])).toEqual([
      ['declare', 3, 5],
      ['severity', 5, 10],
      ['first-update', 6, 10],
      ['mitigated', 11, 30],
      ['verified', 25, 45],
    ]);
  });

  it('scores full marks with a reason on every line and nothing to practise', () => {
    expect(s.points).toBe(s.max);
    expect(s.max).toBe(100);
    expect(s.grade).toBe('excellent');
    expect(s.lines.every((l) => l.good && l.advice === null)).toBe(true);
    expect(line(s, 'declare').text).toBe('declared 3m after the fault began (target: 5m)');
    expect(line(s, 'severity-choice').text).toBe('SEV-2, as this scenario called for');
    expect(line(s, 'mitigation').text).toBe('impact stopped by rolling back 1a2b3c4, the expected move');
    expect(line(s, 'updates').text).toBe('1 status update, each on time (SEV-2 cadence: first within 5m, then every 30m)');
    expect(line(s, 'postmortem').text).toBe('written, with the root cause and 2 action items, each with an owner and a due date');
    expect(s.practiseNext).toEqual([]);
    expect(s.wentWell[0]).toBe('Declared 3m after the fault began (target: 5m).');
  });
});

describe('scoreDrill: a fault already there at the page', () => {
  it('measures from the page and says so', () => {
    const { facts, entries } = recordedDrill({ declare: 2 });
    const s = scoreDrill({ facts, entries, expected: EXPECTED, faultAt: FAULT_AT, measuredFrom: 'page' });
    expect(s.measuredFrom).toBe('page');
    expect(line(s, 'declare').text).toBe('declared 2m after the page (target: 5m)');
    expect(s.lines.some((l) => l.text.includes('after the fault'))).toBe(false);
  });
});

describe('scoreDrill: timings', () => {
  it.each([
    [{ declare: 6, updates: [8] }, 'declare', 5, 'declared 6m after the fault began (target: 5m)'],
    [{ declare: 11, severity: [12, 'SEV-2'], updates: [13] }, 'declare', 0, 'declared 11m after the fault began (target: 5m)'],
    [{ severity: null }, 'severity', 0, 'no severity set during the drill (target: 10m)'],
    [{ updates: [] }, 'first-update', 0, 'no status update posted during the drill (target: 10m)'],
    [
      { contain: [{ option: 'rollback', at: 40, sha: '1a2b3c4d', outcome: 'mitigated' }], resolved: { at: 50 } },
      'mitigated',
      5,
      'impact stopped 43m after the fault began (target: 30m)',
    ],
    [
      { resolved: { at: 25, unticked: ['no-new-errors', 'monitoring-confirms'] } },
      'verified',
      0,
      'fix not verified during the drill (resolved with 2 checks unticked) (target: 45m)',
    ],
  ] as const)('%j → %s: %i points', (spec, key, points, text) => {
    const l = line(score(spec as DrillSpec), key);
    expect(l.points).toBe(points);
    expect(l.text).toBe(text);
    expect(l.good).toBe(false);
    expect(l.advice).toMatch(/\w/);
  });

  it('takes a scenario target over the default, and moves the first update target with it', () => {
    const { facts, entries } = recordedDrill({ declare: 6, updates: [8] });
    const s = scoreDrill({ facts, entries, expected: EXPECTED, faultAt: FAULT_AT, targets: { declare: 10 } });
    expect(line(s, 'declare').text).toBe('declared 6m after the fault began (target: 10m)');
    expect(s.timings.find((t) => t.key === 'first-update')!.targetMs).toBe(15 * 60_000);
  });
});

describe('scoreDrill: severity', () => {
  it.each([
    ['SEV-2', 'right', 15, 'SEV-2, as this scenario called for'],
    ['SEV-3', 'one-off', 7, 'rated SEV-3; this scenario called for SEV-2 (one level too low)'],
    ['SEV-1', 'one-off', 7, 'rated SEV-1; this scenario called for SEV-2 (one level too high)'],
    ['SEV-4', 'wrong', 0, 'rated SEV-4; this scenario called for SEV-2 (two levels too low)'],
  ] as const)('%s → %s', (sev, verdict, points, text) => {
    const s = score({ severity: [5, sev] });
    expect(s.severity).toEqual({ expected: 'SEV-2', chosen: sev, verdict });
    expect(line(s, 'severity-choice')).toMatchObject({ points, text });
  });

  it('no severity at all', () => {
    const s = score({ severity: null });
    expect(s.severity.verdict).toBe('not-set');
    expect(line(s, 'severity-choice').text).toBe('no severity set; this scenario called for SEV-2');
  });
});

describe('scoreDrill: mitigation', () => {
  it.each<[string, DrillSpec['contain'], string, number, RegExp]>([
    ['the expected revert', [{ option: 'rollback', at: 8, sha: '1a2b3c4d', outcome: 'mitigated' }], 'right', 20, /the expected move$/],
    [
      'a rollback with the deploy tool',
      [{ option: 'rollback', at: 8, outcome: 'mitigated' }],
      'acceptable',
      12,
      /rolling back, which works here/,
    ],
    ['a feature flag', [{ option: 'feature-flag', at: 8, outcome: 'mitigated' }], 'acceptable', 12, /turning off a feature flag/],
    [
      'the wrong commit reverted',
      [{ option: 'rollback', at: 8, sha: '9999aaaa', outcome: 'mitigated' }],
      'acceptable',
      12,
      /rolling back 9999aaa/,
    ],
    ['an option the scenario does not name', [{ option: 'rate-limit', at: 8, outcome: 'mitigated' }], 'other', 6, /does not count on/],
    ['a harmful one that "worked"', [{ option: 'scale-up', at: 8, outcome: 'mitigated' }], 'harmful', 0, /makes this outage worse/],
    [
      'harmful first, then right',
      [
        { option: 'fail-over', at: 8, outcome: 'not-yet' },
        { option: 'rollback', at: 12, sha: '1a2b3c4d', outcome: 'mitigated' },
      ],
      'right',
      15,
      /expected move; also tried failing over \(harmful\)/,
    ],
    [
      'nothing worked',
      [{ option: 'feature-flag', at: 8, outcome: 'not-yet' }],
      'none',
      0,
      /^impact not stopped during the drill; also tried/,
    ],
  ])('%s', (_name, contain, verdict, points, text) => {
    const s = score({ contain });
    expect(s.mitigation.verdict).toBe(verdict);
    expect(line(s, 'mitigation').points).toBe(points);
    expect(line(s, 'mitigation').text).toMatch(text);
    if (verdict !== 'right') expect(line(s, 'mitigation').advice).toContain('The quickest safe mitigation here: reverting 1a2b3c4.');
  });

  it('the first attempt that stopped the impact counts, and a harmful one is named in the advice', () => {
    const s = score({
      contain: [
        { option: 'fail-over', at: 8, outcome: 'not-yet' },
        { option: 'feature-flag', at: 12, outcome: 'mitigated' },
      ],
    });
    expect(s.mitigation.mitigatedBy).toMatchObject({ option: 'feature-flag', verdict: 'acceptable' });
    expect(s.mitigation.attempts.map((a) => [a.option, a.verdict, a.done])).toEqual([
      ['fail-over', 'harmful', true],
      ['feature-flag', 'acceptable', true],
    ]);
    expect(line(s, 'mitigation').points).toBe(7);
    expect(line(s, 'mitigation').advice).toContain('Before failing over, check it fits the symptoms');
  });

  it('a harmful rollback held back by a caution costs nothing and is named as going well', () => {
    const s = score(
      {
        contain: [
          { option: 'rollback', at: 8, caution: 'destructive-migration' },
          { option: 'feature-flag', at: 10, outcome: 'mitigated' },
        ],
      },
      { right: ['feature-flag'], acceptable: [], harmful: ['rollback'] },
    );
    expect(s.mitigation.attempts[0]).toMatchObject({ verdict: 'harmful', done: false, caution: 'destructive-migration' });
    expect(line(s, 'mitigation').points).toBe(20);
    expect(s.wentWell).toContain('Held back from rolling back, which would have made this outage worse.');
  });

  it('reads the revert from the timeline: revert:<sha> beats the plain option', () => {
    const s = score(
      { contain: [{ option: 'rollback', at: 8, sha: '1a2b3c4d', outcome: 'mitigated' }] },
      { right: ['revert:1A2B3C4'], harmful: ['rollback'] },
    );
    expect(s.mitigation.mitigatedBy).toMatchObject({ sha: '1a2b3c4d', verdict: 'right' });
  });
});

describe('scoreDrill: status updates on cadence', () => {
  it('lists each late silence with its span', () => {
    // SEV-2: first within 5m of declaring (3m), then every 30m; verified at 70m.
    const s = score({
      updates: [10, 20, 55],
      resolved: { at: 70 },
      contain: [{ option: 'rollback', at: 8, sha: '1a2b3c4d', outcome: 'mitigated' }],
    });
    expect(s.updates.late.map((g) => [g.kind, g.ms / 60_000])).toEqual([
      ['first', 7],
      ['between', 35],
    ]);
    const l = line(s, 'updates');
    expect(l.points).toBe(2);
    expect(l.text).toBe(
      '3 status updates; 2 silences longer than the SEV-2 cadence (first within 5m, then every 30m): ' +
        'the first came 7m after declaring (02:03–02:10 UTC); 35m between two (02:20–02:55 UTC)',
    );
  });

  it('none posted at all is one late silence, until the end', () => {
    const s = score({ updates: [] });
    expect(s.updates.late).toHaveLength(1);
    expect(line(s, 'updates').text).toMatch(/^0 status updates; 1 silence longer .*: none posted \(02:03–02:25 UTC, 22m\)$/);
  });

  it('the trailing silence before resolution counts; SEV-4 asks only for the first', () => {
    expect(score({ updates: [6], resolved: { at: 50 } }).updates.late.map((g) => g.kind)).toEqual(['until-end']);
    const sev4 = score({ severity: [5, 'SEV-4'], updates: [6], resolved: { at: 200 } });
    expect(sev4.updates).toMatchObject({ everyMinutes: null, late: [] });
  });

  it('uses the severity that was set, with the team cadence', () => {
    const { facts, entries } = recordedDrill({ updates: [6, 20], resolved: { at: 30 } });
    const cadence = { ...DEFAULT_CADENCE, everyMinutes: { ...DEFAULT_CADENCE.everyMinutes, 'SEV-2': 10 } };
    const s = scoreDrill({ facts, entries, expected: EXPECTED, faultAt: FAULT_AT, cadence });
    expect(s.updates.late.map((g) => [g.kind, g.ms / 60_000])).toEqual([['between', 14]]);
  });
});

describe('scoreDrill: post-mortem', () => {
  it.each<[string, DrillSpec, number, RegExp]>([
    ['complete', {}, 20, /^written, with the root cause and 2 action items/],
    ['not written', { postmortemWritten: null }, 15, /^incomplete: not written yet$/],
    ['no root cause', { rootCause: null }, 15, /no root cause recorded/],
    [
      'an item without an owner',
      { actionItems: [GOOD_ITEMS[0]!, { ...GOOD_ITEMS[1]!, owner: ' ' }] },
      15,
      /1 action item with an owner and a due date \(at least 2\); 1 more lacks an owner or a due date/,
    ],
    ['no action items', { actionItems: [] }, 10, /0 action items with an owner/],
  ])('%s', (_name, spec, points, text) => {
    const l = line(score(spec), 'postmortem');
    expect(l.points).toBe(points);
    expect(l.text).toMatch(text);
  });
});

describe('scoreDrill: overall', () => {
  it('a rough drill: graded with a reason per line, advice for each shortfall, blameless words', () => {
    const s = score({
      declare: 9,
      severity: [14, 'SEV-3'],
      updates: [],
      contain: [
        { option: 'scale-up', at: 20, outcome: 'not-yet' },
        { option: 'feature-flag', at: 30, outcome: 'mitigated' },
      ],
      resolved: null,
      postmortemWritten: null,
      actionItems: [],
    });
    // declare 5, severity 2, first update 0, mitigated 5, verified 0; severity 7, mitigation 12-5, updates 10-4, post-mortem 5.
    expect(s.points).toBe(5 + 2 + 0 + 5 + 0 + 7 + 7 + 6 + 5);
    expect(s.grade).toBe('keep practising');
    expect(s.practiseNext.length).toBeGreaterThanOrEqual(6);
    const words = [...s.lines.map((l) => l.text), ...s.practiseNext].join(' ');
    expect(words).not.toMatch(/\b(fail(ed)?|blame|fault of|should have|mistake|wrong)\b/i);
  });
});

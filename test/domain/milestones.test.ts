// Edits are read in local time like every typed time (domain/time-parse.ts):
// expectations use local-time constructors so they hold in any TZ.
import { describe, expect, it } from 'vitest';
import { emptyFacts, type IncidentFacts } from '../../src/domain/incident.js';
import type { TimelineEntry } from '../../src/domain/types.js';
import {
  describeMilestoneSet,
  metrics,
  milestoneFactsFromEntries,
  milestones,
  milestoneSetData,
  milestonesMarkdown,
  parseMilestoneEdit,
  type Milestones,
} from '../../src/domain/milestones.js';

const MIN = 60_000;

function facts(over: Partial<IncidentFacts> = {}): IncidentFacts {
  return {
    ...emptyFacts({
      id: '2026-11-25-checkout',
      title: 'Checkout 500',
      declaredAt: '2026-11-25T02:10:00.000Z',
      actor: 'ana@laptop',
      repo: null,
    }),
    ...over,
  };
}

let seq = 0;
function entry(type: string, at: string, data: Record<string, unknown>, occurredAt?: string): TimelineEntry {
  seq += 1;
  return { id: `01JM${seq}`, seq, at, ...(occurredAt ? { occurredAt } : {}), phase: 'contain', type, actor: 'ana@laptop', data };
}
const set = (milestone: string, at: string, recordedAt = '2026-11-25T03:00:00.000Z') =>
  entry('milestone.set', recordedAt, { milestone, at });

describe('milestones', () => {
  it('derives all five from the facts', () => {
    const m = milestones(
      facts({
        startedAt: '2026-11-25T01:50:00.000Z',
        startedInput: '20 min ago',
        mitigatedAt: '2026-11-25T02:21:00.000Z',
        resolvedAt: '2026-11-25T02:50:00.000Z',
      }),
      [],
    );
    expect(m).toEqual({
      started: { at: '2026-11-25T01:50:00.000Z', source: 'derived', basis: "the start time given at detect ('20 min ago')" },
      detected: { at: '2026-11-25T02:10:00.000Z', source: 'derived', basis: 'when the incident was declared' },
      acknowledged: {
        at: '2026-11-25T02:10:00.000Z',
        source: 'derived',
        basis: 'when the incident was declared (declaring acknowledges it)',
      },
      mitigated: { at: '2026-11-25T02:21:00.000Z', source: 'derived', basis: 'when the impact was confirmed stopped at contain' },
      resolved: { at: '2026-11-25T02:50:00.000Z', source: 'derived', basis: 'when verification passed' },
    });
  });

  it('starts at the declaration when no start was given, and leaves what has not happened null', () => {
    const m = milestones(facts(), []);
    expect(m.started).toEqual({
      at: '2026-11-25T02:10:00.000Z',
      source: 'derived',
      basis: 'when the incident was declared (no start time given)',
      standIn: true,
    });
    expect(m.mitigated).toEqual({ at: null, source: 'derived', basis: 'not mitigated yet' });
    expect(m.resolved).toEqual({ at: null, source: 'derived', basis: 'not resolved yet' });
  });

  it('takes milestone.set over the default, the last recorded one winning, and ignores malformed ones', () => {
    const m = milestones(facts({ startedAt: '2026-11-25T01:50:00.000Z' }), [
      set('detected', '2026-11-25T01:58:00.000Z', '2026-11-25T02:30:00.000Z'),
      set('detected', '2026-11-25T01:55:00Z', '2026-11-25T02:31:00.000Z'),
      set('detected', 'not a time'),
      set('noticed', '2026-11-25T01:00:00.000Z'),
      entry('milestone.set', '2026-11-25T03:00:00.000Z', { milestone: 'started' }),
    ]);
    expect(m.detected).toEqual({ at: '2026-11-25T01:55:00.000Z', source: 'set', basis: 'set by hand (recorded 2026-11-25 02:31 UTC)' });
    expect(m.started.source).toBe('derived');
  });

  it('describes a milestone.set entry for the timeline', () => {
    expect(describeMilestoneSet(set('detected', '2026-11-25T01:50:00.000Z'))).toBe('Detected set to 2026-11-25 01:50 UTC');
    expect(describeMilestoneSet(set('noticed', '2026-11-25T01:50:00.000Z'))).toBeNull();
  });
});

describe('metrics', () => {
  const base = (): Milestones =>
    milestones(
      facts({ startedAt: '2026-11-25T01:50:00.000Z', mitigatedAt: '2026-11-25T02:21:00.000Z', resolvedAt: '2026-11-25T03:02:00.000Z' }),
      [set('acknowledged', '2026-11-25T02:12:00.000Z')],
    );

  it('measures TTD, TTA, TTM and TTR', () => {
    expect(metrics(base())).toEqual({ ttd: 20 * MIN, tta: 2 * MIN, ttm: 31 * MIN, ttr: 72 * MIN, problems: [] });
  });

  it('is null for what has not happened', () => {
    // No start time was given: a TTD would be invented, so there is none.
    expect(metrics(milestones(facts(), []))).toEqual({ ttd: null, tta: 0, ttm: null, ttr: null, problems: [] });
  });

  it('reports a milestone set before its predecessor instead of a negative time', () => {
    const m = base();
    m.detected = { at: '2026-11-25T01:40:00.000Z', source: 'set', basis: 'set by hand' };
    const result = metrics(m);
    expect(result.ttd).toBeNull();
    expect(result.tta).toBe(32 * MIN);
    expect(result.problems).toEqual([
      'Detected (2026-11-25 01:40 UTC) is before started (2026-11-25 01:50 UTC): time to detect is not shown until one of them is corrected.',
    ]);
  });
});

describe('milestoneFactsFromEntries', () => {
  it('reads the start, the first mitigation and the last resolution from the log', () => {
    const entries = [
      entry('incident.declared', '2026-11-25T02:10:00.000Z', { title: 'x', startedAt: '2026-11-25T02:00:00.000Z' }),
      entry('answer', '2026-11-25T02:11:00.000Z', { step: 'detect.started', value: '20 min ago', startedAt: '2026-11-25T01:51:00.000Z' }),
      entry('mitigated', '2026-11-25T02:21:00.500Z', {}),
      entry('resolved', '2026-11-25T02:40:00.000Z', {}),
      entry('mitigated', '2026-11-25T02:45:00.000Z', {}),
      entry('resolved', '2026-11-25T02:50:00.000Z', {}),
    ];
    expect(milestoneFactsFromEntries(entries)).toEqual({
      declaredAt: '2026-11-25T02:10:00.000Z',
      startedAt: '2026-11-25T01:51:00.000Z',
      mitigatedAt: '2026-11-25T02:21:00.500Z',
      resolvedAt: '2026-11-25T02:50:00.000Z',
    });
  });
});

describe('parseMilestoneEdit', () => {
  /** Wed 25 Nov 2026 02:31 local. */
  const NOW = new Date(2026, 10, 25, 2, 31);
  const local = (d: number, h: number, m: number) => new Date(2026, 10, d, h, m).toISOString();
  const current = (declared = local(25, 2, 10), started: string | null = local(25, 1, 52)) =>
    milestones(facts({ declaredAt: declared, startedAt: started }), []);

  it.each<[string, string, string]>([
    ['detected 01:50', 'detected', local(25, 1, 50)],
    ['Detected: 01:55', 'detected', local(25, 1, 55)],
    ['detected at 1:55am', 'detected', local(25, 1, 55)],
    ['ack 02:12', 'acknowledged', local(25, 2, 12)],
    ['mitigated 02:14 yesterday', 'mitigated', local(24, 2, 14)],
    ['resolved 5 min ago', 'resolved', local(25, 2, 26)],
    ['mitigated now', 'mitigated', NOW.toISOString()],
    ['started 01:40', 'started', local(25, 1, 40)],
  ])('%s', (text, milestone, at) => {
    expect(parseMilestoneEdit(text, NOW, current())).toMatchObject({ milestone, at });
  });

  it('refuses a time in the future, saying what now is', () => {
    const result = parseMilestoneEdit('mitigated 02:50', NOW, current());
    expect(result).toEqual({
      error: expect.stringMatching(/^02:50 is in the future \(now 02:31 (?:local, \d\d:\d\d )?UTC\); backfill what already happened\.$/),
    });
    if (NOW.getTimezoneOffset() === 0)
      expect(result).toEqual({ error: '02:50 is in the future (now 02:31 UTC); backfill what already happened.' });
    expect(parseMilestoneEdit('resolved 2026-11-26 01:00', NOW, current())).toEqual({
      error: expect.stringMatching(/^2026-11-26 01:00 is in the future/),
    });
  });

  it('reads a later clock time as yesterday when the incident crossed midnight', () => {
    const now = new Date(2026, 10, 25, 0, 30);
    const result = parseMilestoneEdit('started 23:40', now, current(local(24, 23, 58), null));
    expect(result).toMatchObject({
      milestone: 'started',
      at: local(24, 23, 40),
      note: expect.stringMatching(/^23:40 is later than now — interpreted as yesterday/),
    });
  });

  it('warns when the new time jumps over another milestone, and still takes it', () => {
    const result = parseMilestoneEdit('detected 01:45', NOW, current());
    expect(result).toMatchObject({
      milestone: 'detected',
      at: local(25, 1, 45),
      note: expect.stringMatching(
        /^that is before started \(2026-11-2\d \d\d:\d\d UTC\), so time to detect cannot be shown until one of them is corrected$/,
      ),
    });
    expect(parseMilestoneEdit('started 02:20', NOW, current())).toMatchObject({ note: expect.stringMatching(/^that is after detected/) });
  });

  it('no order warning against a start nobody gave (it only stands in for the declaration)', () => {
    const noStart = current(local(25, 2, 10), null);
    expect(noStart.started.standIn).toBe(true);
    expect(parseMilestoneEdit('detected 01:45', NOW, noStart)).toEqual({ milestone: 'detected', at: local(25, 1, 45), note: null });
  });

  it.each<[string, RegExp]>([
    ['fixed 02:10', /^"fixed" is not a milestone: use one of started, detected, acknowledged, mitigated, resolved, then a time/],
    ['', /^Nothing to set: use one of started, detected, acknowledged, mitigated, resolved/],
    ['mitigated', /^When was it mitigated\? Add a time/],
    ['mitigated whenever it was', /^Couldn't read "whenever it was"/],
    ['02:10', /^"02:10" is not a milestone/],
  ])('explains %j', (text, error) => {
    expect(parseMilestoneEdit(text, NOW, current())).toEqual({ error: expect.stringMatching(error) });
  });

  it('gives the data to record, the typed text cleaned', () => {
    expect(milestoneSetData({ milestone: 'detected', at: '2026-11-25T01:50:00.000Z' }, 'detected\u001b[31m 01:50')).toEqual({
      milestone: 'detected',
      at: '2026-11-25T01:50:00.000Z',
      input: 'detected 01:50',
    });
  });
});

describe('milestonesMarkdown', () => {
  it('is a table, a metrics line and any problem', () => {
    const m = milestones(
      facts({ startedAt: '2026-11-25T01:50:00.000Z', startedInput: 'about 01:50 | maybe', mitigatedAt: '2026-11-25T02:21:00.000Z' }),
      [set('acknowledged', '2026-11-25T02:05:00.000Z')],
    );
    expect(milestonesMarkdown(m)).toBe(
      [
        '| Milestone | Time (UTC) | How we know |',
        '|---|---|---|',
        "| Started | 2026-11-25 01:50 | the start time given at detect ('about 01:50 \\| maybe') |",
        '| Detected | 2026-11-25 02:10 | when the incident was declared |',
        '| Acknowledged | 2026-11-25 02:05 | set by hand (recorded 2026-11-25 03:00 UTC) |',
        '| Mitigated | 2026-11-25 02:21 | when the impact was confirmed stopped at contain |',
        '| Resolved | — | not resolved yet |',
        '',
        '**Time to detect** (TTD): 20m · **Time to acknowledge** (TTA): — · **Time to mitigate** (TTM): 31m · **Time to resolve** (TTR): —',
        '',
        '> **Check the milestones:** Acknowledged (2026-11-25 02:05 UTC) is before detected (2026-11-25 02:10 UTC): time to acknowledge is not shown until one of them is corrected.',
      ].join('\n'),
    );
  });
});

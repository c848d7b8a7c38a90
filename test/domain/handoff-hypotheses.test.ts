import { describe, expect, it } from 'vitest';
import { emptyFacts, type IncidentFacts } from '../../src/domain/incident.js';
import { handoffSummary } from '../../src/domain/handoff.js';
import { suggestHypotheses } from '../../src/domain/hypotheses.js';

const base = (): IncidentFacts =>
  emptyFacts({ id: 'i', title: 'Checkout returns 500', declaredAt: '2026-11-25T02:10:00.000Z', actor: 'ana@laptop', repo: null });

describe('handoffSummary', () => {
  it('says where things stand, what is believed, what is under way and what is owed', () => {
    const f: IncidentFacts = {
      ...base(),
      severity: 'SEV-1',
      startedAt: '2026-11-25T02:00:00.000Z',
      contain: [
        {
          option: 'feature-flag',
          chosenAt: '2026-11-25T02:20:00.000Z',
          caution: null,
          action: 'turned off new-checkout',
          outcome: null,
          decidedAt: null,
        },
      ],
      hypotheses: [
        {
          text: 'the flag broke it',
          source: 'typed',
          proposedAt: '2026-11-25T02:21:00.000Z',
          evidenceFor: null,
          evidenceAgainst: null,
          test: null,
          result: null,
          decidedAt: null,
        },
      ],
      roles: { commander: 'ana@laptop', comms: 'bob', scribe: null, ops: null },
    };
    const text = handoffSummary({
      facts: f,
      phase: 'contain',
      from: 'ana@laptop',
      to: 'carol',
      now: new Date('2026-11-25T02:40:00.000Z'),
      updateDue: new Date('2026-11-25T02:37:00.000Z'),
      openRunbook: 'Bad deploy',
    });
    expect(text.split('\n')).toEqual([
      'Hand-off at 02:40 UTC: ana@laptop → carol',
      'Incident: Checkout returns 500 · SEV-1 · phase contain · 40m since it started',
      'Believed cause: the flag broke it (hypothesis, being tested)',
      'Under way: turn the feature flag off (turned off new-checkout), outcome not known yet; runbook "Bad deploy" open',
      'Next status update: OVERDUE since 02:37 UTC (3m ago)',
      'Roles: Commander carol · Comms bob',
    ]);
  });

  it('before anything is known', () => {
    const text = handoffSummary({
      facts: base(),
      phase: 'detect',
      from: null,
      to: 'bo',
      now: new Date('2026-11-25T02:12:00.000Z'),
      updateDue: null,
    });
    expect(text).toContain('Believed cause: unknown yet');
    expect(text).toContain('Under way: nothing started yet');
    expect(text).toContain('Next status update: at resolution');
  });
});

describe('suggestHypotheses', () => {
  it('puts what the record points at first, and never one already tried', () => {
    const f: IncidentFacts = {
      ...base(),
      changes: 'deployed v2.3.1',
      culprits: [
        {
          sha: 'a'.repeat(40),
          shortSha: 'aaaaaaa',
          at: '2026-11-25T02:00:00.000Z',
          author: 'x',
          subject: 'new pool size',
          score: 5,
          reasons: ['2 min before'],
          signals: [],
          isMerge: false,
          filesChanged: 1,
        },
      ],
      hypotheses: [
        {
          text: 'A dependency is failing',
          source: 'dependency',
          proposedAt: '2026-11-25T02:21:00.000Z',
          evidenceFor: null,
          evidenceAgainst: null,
          test: null,
          result: 'rejected',
          decidedAt: null,
        },
      ],
    };
    const ids = suggestHypotheses(f).map((h) => h.id);
    expect(ids.slice(0, 2)).toEqual(['commit:aaaaaaa', 'change']);
    expect(ids).not.toContain('dependency');
    expect(new Set(ids).size).toBe(ids.length);
  });
});

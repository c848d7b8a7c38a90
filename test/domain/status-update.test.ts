import { describe, expect, it } from 'vitest';
import { emptyFacts, type IncidentFacts } from '../../src/domain/incident.js';
import { draftUpdate, updateDueAt, updateKindFor } from '../../src/domain/status-update.js';

const base = (over: Partial<IncidentFacts> = {}): IncidentFacts => ({
  ...emptyFacts({ id: 'i', title: 'Checkout returns 500', declaredAt: '2026-11-25T02:10:00.000Z', actor: 'a@b', repo: null }),
  ...over,
});

describe('status updates', () => {
  it.each<[string, Parameters<typeof updateKindFor>[0], Partial<IncidentFacts>, ReturnType<typeof updateKindFor>]>([
    ['triage', 'triage', {}, 'investigating'],
    ['resolve', 'resolve', {}, 'identified'],
    ['contain with a root cause already', 'contain', { rootCause: 'a config key' }, 'identified'],
    ['after mitigation', 'contain', { mitigatedAt: '2026-11-25T02:30:00.000Z' }, 'monitoring'],
    ['verify', 'verify', {}, 'monitoring'],
    ['post-mortem', 'postmortem', {}, 'resolved'],
  ])('%s → %s', (_n, phase, over, kind) => {
    expect(updateKindFor(phase, base(over))).toBe(kind);
  });

  it('the first is due 5 minutes after declaring, then at the severity cadence after the last one', () => {
    expect(updateDueAt(base({ severity: 'SEV-2' }), [])?.toISOString()).toBe('2026-11-25T02:15:00.000Z');
    const posted = [{ at: '2026-11-25T02:14:00.000Z', kind: 'investigating' as const, text: '' }];
    expect(updateDueAt(base({ severity: 'SEV-2' }), posted)?.toISOString()).toBe('2026-11-25T02:44:00.000Z');
    expect(updateDueAt(base({ severity: 'SEV-1' }), posted)?.toISOString()).toBe('2026-11-25T02:29:00.000Z');
  });

  it('the draft says what is known and when the next one comes', () => {
    const f = base({ severity: 'SEV-2', affected: 'all EU customers', rootCause: 'v2.3.1 reads a missing config key', fix: 'PR 482' });
    const text = draftUpdate('identified', f, new Date('2026-11-25T02:20:00.000Z'), []);
    expect(text.split('\n')).toEqual([
      '[SEV-2] Identified — Checkout returns 500',
      'Impact: all EU customers',
      'We have identified the cause: v2.3.1 reads a missing config key. Fix: PR 482.',
      'Next update: by 02:50 UTC.',
    ]);
    expect(draftUpdate('resolved', f, new Date('2026-11-25T03:00:00.000Z'), [])).not.toMatch(/Next update/);
  });

  it('the closing note says INCIDENT RESOLVED, for how long, why, what stopped it and what fixed it', () => {
    const f = {
      ...base({ severity: 'SEV-2', affected: 'all EU customers', rootCause: 'v2.3.1 reads a missing config key', fix: 'PR 482' }),
      startedAt: '2026-11-25T02:00:00.000Z',
      resolvedAt: '2026-11-25T02:52:00.000Z',
      contain: [
        {
          option: 'rollback' as const,
          chosenAt: '2026-11-25T02:15:00.000Z',
          caution: 'none',
          action: 'reverted abc1234',
          outcome: 'mitigated' as const,
          decidedAt: '2026-11-25T02:20:00.000Z',
        },
      ],
    };
    expect(draftUpdate('resolved', f, new Date('2026-11-25T03:00:00.000Z'), []).split('\n')).toEqual([
      '[SEV-2] INCIDENT RESOLVED — Checkout returns 500',
      'Duration: 52m (02:00 UTC → 02:52 UTC)',
      'Impact: all EU customers',
      'Cause: v2.3.1 reads a missing config key',
      'Mitigated by: roll back the last deploy (reverted abc1234)',
      'Fix: PR 482',
      'The service is healthy again. A blameless post-mortem will follow; thank you for your patience.',
    ]);
  });

  it('a configured cadence moves the countdown and the promise in the draft', () => {
    const cadence = { firstWithinMinutes: 2, everyMinutes: { 'SEV-1': 5, 'SEV-2': 10, 'SEV-3': 20, 'SEV-4': null } };
    const f = base({ severity: 'SEV-2' });
    expect(updateDueAt(f, [], cadence)?.toISOString()).toBe('2026-11-25T02:12:00.000Z');
    const posted = [{ at: '2026-11-25T02:14:00.000Z', kind: 'investigating' as const, text: '' }];
    expect(updateDueAt(f, posted, cadence)?.toISOString()).toBe('2026-11-25T02:24:00.000Z');
    expect(draftUpdate('investigating', f, new Date('2026-11-25T02:20:00.000Z'), [], cadence)).toMatch(/Next update: by 02:30 UTC\.$/);
  });
});

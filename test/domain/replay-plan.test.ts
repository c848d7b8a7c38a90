import { describe, expect, it } from 'vitest';
import { COMPRESSED_GAP_MS, MIN_DELAY_MS, delayBefore, offsetLabel, phaseForKey, replayPlan } from '../../src/domain/replay-plan.js';
import type { EventPhase, TimelineEntry } from '../../src/domain/types.js';

// Declared at 02:10 (the problem began at 01:58, answered at detect), a
// 14-minute silence before the rollback, a note backfilled to before the
// declaration, and text carrying a terminal escape and a secret.
function timeline(): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const add = (at: string, phase: EventPhase, type: string, data: Record<string, unknown>, occurredAt?: string) =>
    entries.push({
      id: `E${String(entries.length + 1).padStart(3, '0')}`,
      seq: entries.length + 1,
      at: `2026-11-25T${at}Z`,
      ...(occurredAt ? { occurredAt: `2026-11-25T${occurredAt}Z` } : {}),
      phase,
      type,
      actor: 'ana@laptop',
      data,
    });
  add('02:10:00.000', 'declare', 'incident.declared', {
    title: 'Checkout \u001b]0;pwned\u0007returns 500',
    source: 'tui',
    drill: { scenario: 'bad-deploy' },
  });
  add('02:10:00.000', 'detect', 'phase.changed', { from: 'declare', to: 'detect' });
  add('02:10:02.000', 'detect', 'answer', {
    step: 'detect.started',
    question: 'When did it start?',
    value: '12 min ago',
    startedAt: '2026-11-25T01:58:00.000Z',
  });
  add('02:10:30.000', 'triage', 'phase.changed', { from: 'detect', to: 'triage' });
  add('02:10:30.600', 'triage', 'severity.set', { severity: 'SEV-2', source: 'tree', path: [] });
  add('02:10:33.500', 'contain', 'phase.changed', { from: 'triage', to: 'contain' });
  add('02:24:33.500', 'contain', 'note.added', { text: 'token=ghp_abcdefghijklmnopqrstuvwxyz0123456789 leaked in the log' });
  add('02:25:00.000', 'contain', 'note.added', { text: 'the deploy went out at 01:55' }, '01:55:00.000');
  return entries;
}

describe('replayPlan', () => {
  const plan = replayPlan('2026-11-25-checkout', timeline());

  it('orders by when things happened and counts from the start of the problem', () => {
    expect(plan.startAt).toBe('2026-11-25T01:58:00.000Z');
    expect(plan.events.map((e) => [e.id, offsetLabel(e.offsetMs)])).toEqual([
      ['E008', '-3m'],
      ['E001', '+12m'],
      ['E002', '+12m'],
      ['E003', '+12m'],
      ['E004', '+12m'],
      ['E005', '+12m'],
      ['E006', '+12m'],
      ['E007', '+26m'],
    ]);
  });

  it('compresses gaps over 5 s to a second, labelled; shorter ones play at their length up to that second, never under a floor', () => {
    expect(plan.events.map((e) => [e.gapLabel, e.delayMs])).toEqual([
      [null, 0],
      ['… 15m later …', COMPRESSED_GAP_MS],
      [null, MIN_DELAY_MS],
      // 2 s and 2.9 s: no label, and no longer than a compressed 14 minutes.
      [null, COMPRESSED_GAP_MS],
      ['… 28s later …', COMPRESSED_GAP_MS],
      [null, 600],
      [null, COMPRESSED_GAP_MS],
      ['… 14m later …', COMPRESSED_GAP_MS],
    ]);
    // Speed divides every wait.
    expect(delayBefore(plan, 5, 2)).toBe(300);
    expect(delayBefore(plan, 5, 0.5)).toBe(1200);
    expect(delayBefore(plan, 99, 1)).toBe(0);
  });

  it('marks where each phase begins, from phase.changed', () => {
    expect(plan.phaseStarts).toEqual({ detect: 2, triage: 4, contain: 6 });
    expect(phaseForKey('3')).toBe('contain');
    expect(phaseForKey('6')).toBe('postmortem');
    expect(phaseForKey('7')).toBeNull();
    expect(phaseForKey('x')).toBeNull();
  });

  it('keeps the severity as it stood at each event', () => {
    expect(plan.events.map((e) => e.severity)).toEqual([null, null, null, null, null, 'SEV-2', 'SEV-2', 'SEV-2']);
  });

  it('shows describeEntry text, one line, with escapes stripped and secrets masked', () => {
    expect(plan.title).toBe('Checkout returns 500');
    expect(plan.kind).toBe('drill');
    expect(plan.events[1]!.text).toBe('Declared: Checkout returns 500');
    const note = plan.events.at(-1)!.text;
    expect(note).toMatch(/^Note: token=\S*\*\*\*\* leaked in the log$/);
    expect(note).not.toContain('abcdefghijklmnop');
    expect(plan.events.every((e) => !/[\u0000-\u001f]/.test(e.text))).toBe(true);
  });

  it('without a start time, counts from the declaration; without phase changes, a phase starts at its first event', () => {
    const entries = timeline().filter((e) => e.type !== 'phase.changed' && e.data.step !== 'detect.started' && !e.occurredAt);
    const p = replayPlan('x', entries);
    expect(p.startAt).toBe('2026-11-25T02:10:00.000Z');
    expect(p.phaseStarts).toEqual({ triage: 1, contain: 2 });
    expect(p.kind).toBe('drill');
  });
});

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CADENCE,
  describeCadence,
  nextUpdateDue,
  policyFor,
  SEVERITY_POLICIES,
  type UpdateCadence,
} from '../../src/domain/severity-policy.js';
import { SEVERITIES, type Severity } from '../../src/domain/types.js';

describe('policyFor', () => {
  it.each<[Severity, number | null, string, number | null, number]>([
    ['SEV-1', 5, 'immediately (within 5 min)', 15, 15],
    ['SEV-2', 15, 'within 15 min', 30, 30],
    ['SEV-3', 60, 'within 1 hour', 60, 30],
    ['SEV-4', null, 'by the next business day', null, 60],
  ])('%s: respond %s min (%s), update every %s min, action items due in %s days', (sev, minutes, text, every, dueDays) => {
    const p = policyFor(sev);
    expect(p.severity).toBe(sev);
    expect(p.responseMinutes).toBe(minutes);
    expect(p.responseTarget).toBe(text);
    expect(p.updateEveryMinutes).toBe(every);
    expect(p.actionItemDueDays).toBe(dueDays);
    expect(p.firstUpdateWithinMinutes).toBe(5);
  });

  it.each(SEVERITIES)('%s has a one-line label and meaning without a final period', (sev) => {
    const p = SEVERITY_POLICIES[sev];
    expect(p.label).toMatch(/^\S.*\S$/);
    expect(p.meaning).not.toMatch(/[\n.]$|\n/);
  });
});

describe('describeCadence', () => {
  it.each<[Severity, string]>([
    ['SEV-1', 'status update every 15 min'],
    ['SEV-2', 'status update every 30 min'],
    ['SEV-3', 'status update every hour'],
    ['SEV-4', 'status update at resolution'],
  ])('%s → %s', (sev, text) => {
    expect(describeCadence(sev)).toBe(text);
  });
});

describe('nextUpdateDue', () => {
  const declared = new Date('2026-11-25T02:10:00.000Z');
  const last = new Date('2026-11-25T02:20:00.000Z');
  it.each<[Severity, Date | null, string | null]>([
    ['SEV-1', null, '2026-11-25T02:15:00.000Z'],
    ['SEV-4', null, '2026-11-25T02:15:00.000Z'],
    ['SEV-1', last, '2026-11-25T02:35:00.000Z'],
    ['SEV-2', last, '2026-11-25T02:50:00.000Z'],
    ['SEV-3', last, '2026-11-25T03:20:00.000Z'],
    ['SEV-4', last, null],
  ])('%s, last update %s → %s', (sev, lastUpdate, due) => {
    expect(nextUpdateDue(sev, declared, lastUpdate)?.toISOString() ?? null).toBe(due);
  });
});

describe('a configured cadence', () => {
  const declared = new Date('2026-11-25T02:10:00.000Z');
  const last = new Date('2026-11-25T02:20:00.000Z');
  const team: UpdateCadence = { firstWithinMinutes: 10, everyMinutes: { 'SEV-1': 10, 'SEV-2': 20, 'SEV-3': null, 'SEV-4': 120 } };

  it('the default is the policy table', () => {
    for (const sev of ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'] as const) {
      expect(DEFAULT_CADENCE.everyMinutes[sev]).toBe(policyFor(sev).updateEveryMinutes);
      expect(DEFAULT_CADENCE.firstWithinMinutes).toBe(policyFor(sev).firstUpdateWithinMinutes);
    }
  });

  it.each<[Severity, Date | null, string | null]>([
    ['SEV-1', null, '2026-11-25T02:20:00.000Z'],
    ['SEV-1', last, '2026-11-25T02:30:00.000Z'],
    ['SEV-2', last, '2026-11-25T02:40:00.000Z'],
    ['SEV-3', last, null],
    ['SEV-4', last, '2026-11-25T04:20:00.000Z'],
  ])('%s, last update %s → %s', (sev, lastUpdate, due) => {
    expect(nextUpdateDue(sev, declared, lastUpdate, team)?.toISOString() ?? null).toBe(due);
  });

  it('is what the triage line quotes', () => {
    expect(describeCadence('SEV-1', team)).toBe('status update every 10 min');
    expect(describeCadence('SEV-3', team)).toBe('status update at resolution');
    expect(describeCadence('SEV-4', team)).toBe('status update every 120 min');
  });
});

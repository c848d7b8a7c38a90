import { incidentIdFor } from '../../src/domain/slug.js';
import { describe, expect, it } from 'vitest';
import { postmortemRelPath, postmortemSlug } from '../../src/postmortem/path.js';

describe('postmortemRelPath', () => {
  it.each<[string, string | null, string, string]>([
    ['Checkout returns 500', '2026-11-25T01:50:00.000Z', '2026-11-25T02:10:00.000Z', 'docs/incidents/2026-11-25-checkout-returns-500.md'],
    [
      'uses the start day, not the declare day',
      '2026-11-24T23:40:00.000Z',
      '2026-11-25T00:05:00.000Z',
      'docs/incidents/2026-11-24-uses-the-start-day-not-the-declare-day.md',
    ],
    ['no start time', null, '2026-11-25T00:05:00.000Z', 'docs/incidents/2026-11-25-no-start-time.md'],
    [
      'UTC day of an offset time',
      '2026-11-25T01:30:00+03:00',
      '2026-11-25T02:10:00.000Z',
      'docs/incidents/2026-11-24-utc-day-of-an-offset-time.md',
    ],
    [
      'unparsable start falls back',
      'yesterday-ish',
      '2026-11-25T02:10:00.000Z',
      'docs/incidents/2026-11-25-unparsable-start-falls-back.md',
    ],
    ['', null, '2026-11-25T02:10:00.000Z', 'docs/incidents/2026-11-25-incident.md'],
    ['Nothing parses', 'x', 'y', 'docs/incidents/undated-nothing-parses.md'],
  ])('%s', (title, startedAt, declaredAt, expected) => {
    expect(postmortemRelPath({ title, startedAt, declaredAt })).toBe(expected);
  });
});

describe('postmortemSlug', () => {
  it.each<[string | null, string]>([
    ['Checkout returns 500', 'checkout-returns-500'],
    ['  API: p99 > 5s!!  ', 'api-p99-5s'],
    ['Café münchen — Straße ausgefallen', 'cafe-munchen-strasse-ausgefallen'],
    ['Ærø Łódź', 'aero-lodz'],
    ['../../etc/passwd', 'etc-passwd'],
    ['日本語のみ', 'incident'],
    ['!!!', 'incident'],
    [null, 'incident'],
    ['DB_primary  failover\n\tslow', 'db-primary-failover-slow'],
  ])('%j → %s', (title, expected) => {
    expect(postmortemSlug(title)).toBe(expected);
  });

  it('uses the same slug as the incident id, so the file and the id match (truncation is tested in slug.test.ts)', () => {
    const title = 'Checkout returns 500 for all EU users on mobile';
    const id = incidentIdFor(new Date('2026-11-25T02:10:00Z'), title, () => false);
    expect(id).toBe(`2026-11-25-${postmortemSlug(title)}`);
    expect(postmortemRelPath({ title, startedAt: null, declaredAt: '2026-11-25T02:10:00.000Z' })).toBe(`docs/incidents/${id}.md`);
  });
});

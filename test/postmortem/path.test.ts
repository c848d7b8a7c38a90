import { incidentIdFor } from '../../src/domain/slug.js';
import { describe, expect, it } from 'vitest';
import { postmortemRelPath, postmortemSlug } from '../../src/postmortem/path.js';

describe('postmortemRelPath', () => {
  it('is named after the incident id, so one finds the other', () => {
    expect(
      postmortemRelPath({
        id: '2026-11-25-checkout-returns-500',
        title: 'x',
        startedAt: '2026-11-24T23:40:00.000Z',
        declaredAt: '2026-11-25T00:05:00.000Z',
      }),
    ).toBe('docs/incidents/2026-11-25-checkout-returns-500.md');
  });

  it.each<[string, string | null, string, string]>([
    [
      'uses the start day without an id',
      '2026-11-24T23:40:00.000Z',
      '2026-11-25T00:05:00.000Z',
      'docs/incidents/2026-11-24-uses-the-start-day-without-an-id.md',
    ],
    ['no start time', null, '2026-11-25T00:05:00.000Z', 'docs/incidents/2026-11-25-no-start-time.md'],
    ['', null, '2026-11-25T02:10:00.000Z', 'docs/incidents/2026-11-25-incident.md'],
  ])('%s', (title, startedAt, declaredAt, expected) => {
    expect(postmortemRelPath({ id: '', title, startedAt, declaredAt })).toBe(expected);
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
    expect(postmortemRelPath({ id, title, startedAt: null, declaredAt: '2026-11-25T02:10:00.000Z' })).toBe(`docs/incidents/${id}.md`);
  });
});

import { describe, expect, it } from 'vitest';
import { postmortemRelPath, postmortemSlug } from '../../src/postmortem/path.js';

describe('postmortemRelPath', () => {
  it.each<[string, string | null, string, string]>([
    ['Checkout returns 500', '2026-11-25T01:50:00.000Z', '2026-11-25T02:10:00.000Z', 'docs/incidents/2026-11-25-checkout-returns-500.md'],
    ['uses the start day, not the declare day', '2026-11-24T23:40:00.000Z', '2026-11-25T00:05:00.000Z', 'docs/incidents/2026-11-24-uses-the-start-day-not-the-declare-day.md'],
    ['no start time', null, '2026-11-25T00:05:00.000Z', 'docs/incidents/2026-11-25-no-start-time.md'],
    ['UTC day of an offset time', '2026-11-25T01:30:00+03:00', '2026-11-25T02:10:00.000Z', 'docs/incidents/2026-11-24-utc-day-of-an-offset-time.md'],
    ['unparsable start falls back', 'yesterday-ish', '2026-11-25T02:10:00.000Z', 'docs/incidents/2026-11-25-unparsable-start-falls-back.md'],
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

  it('keeps at most 50 characters, cut at a word boundary, never ending in a hyphen', () => {
    const slug = postmortemSlug('Payments service returns intermittent 502 errors for card payments in the EU region');
    expect(slug).toBe('payments-service-returns-intermittent-502-errors');
    expect(slug.length).toBeLessThanOrEqual(50);
  });

  it('cuts exactly at 50 when the next character is a word boundary', () => {
    const title = `${'a'.repeat(50)} tail`;
    expect(postmortemSlug(title)).toBe('a'.repeat(50));
  });

  it('cuts inside a word when the only boundary is early', () => {
    const slug = postmortemSlug(`ab ${'c'.repeat(80)}`);
    expect(slug).toBe(`ab-${'c'.repeat(47)}`);
    expect(slug.length).toBe(50);
  });
});

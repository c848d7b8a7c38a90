import { describe, expect, it } from 'vitest';
import { incidentIdFor, slugify } from '../../src/domain/slug.js';

describe('slugify', () => {
  it.each<[string, string]>([
    ['Checkout 500s after v2.3 deploy!', 'checkout-500s-after-v2-3-deploy'],
    ['  DB   down  ', 'db-down'],
    ['Café créme brûlée', 'cafe-creme-brulee'],
    ['API/../etc/passwd; rm -rf ~', 'api-etc-passwd-rm-rf'],
    ['東京 outage', 'outage'],
    ['東京', 'incident'],
    ['', 'incident'],
    ['---', 'incident'],
    ['Payments API returns 502 for every checkout in the EU region since the deploy', 'payments-api-returns-502-for-every'],
    ['a'.repeat(60), 'a'.repeat(40)],
  ])('%j → %j', (title, slug) => {
    const s = slugify(title);
    expect(s).toBe(slug);
    expect(s.length).toBeLessThanOrEqual(40);
    expect(s).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each<[string, number, string]>([
    ['one two three', 7, 'one-two'],
    ['one two three', 8, 'one-two'],
    ['abcdefghij klm', 8, 'abcdefgh'],
  ])('%j with max %d → %j', (title, max, slug) => {
    expect(slugify(title, max)).toBe(slug);
  });
});

describe('incidentIdFor', () => {
  // 23:30 UTC on the 24th is already the 25th in Europe: the id uses the UTC date.
  const declaredAt = new Date('2026-11-24T23:30:00.000Z');
  it.each<[string[], string]>([
    [[], '2026-11-24-db-down'],
    [['2026-11-24-db-down'], '2026-11-24-db-down-2'],
    [['2026-11-24-db-down', '2026-11-24-db-down-2'], '2026-11-24-db-down-3'],
    [['2026-11-24-db-down-2'], '2026-11-24-db-down'],
  ])('existing %j → %s', (existing, id) => {
    expect(incidentIdFor(declaredAt, 'DB down', (c) => existing.includes(c))).toBe(id);
  });

  it('falls back to "incident" for a title with nothing usable', () => {
    expect(incidentIdFor(declaredAt, '🔥🔥', () => false)).toBe('2026-11-24-incident');
  });
});

import { describe, expect, it } from 'vitest';
import { fillRandom, newUlid } from '../../src/timeline/ids.js';

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('newUlid', () => {
  it('makes valid ULIDs that carry the given time and sort in creation order within a millisecond', () => {
    const at = Date.UTC(2026, 10, 25, 2, 0, 0);
    const ids = Array.from({ length: 500 }, () => newUlid(at));
    for (const id of ids) expect(id).toMatch(CROCKFORD);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // The first 10 characters are the time: the same for all, and decoding them gives `at` back.
    const time = ids[0]!.slice(0, 10);
    expect(ids.every((id) => id.startsWith(time))).toBe(true);
    const decoded = [...time].reduce((n, c) => n * 32 + '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(c), 0);
    expect(decoded).toBe(at);
  });

  it('draws the random part from the whole alphabet (more than one pool of bytes)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) for (const c of newUlid(Date.UTC(2027, 0, 1) + i).slice(10)) seen.add(c);
    expect(seen.size).toBe(32);
  });
});

describe('fillRandom', () => {
  it('fills the buffer from the kernel device', () => {
    const buf = Buffer.alloc(256);
    fillRandom(buf);
    expect(new Set(buf).size).toBeGreaterThan(100);
  });

  it('falls back to node:crypto when the device is missing', () => {
    const buf = Buffer.alloc(256);
    fillRandom(buf, '/nonexistent/urandom');
    expect(new Set(buf).size).toBeGreaterThan(100);
  });
});

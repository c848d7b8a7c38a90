import { describe, expect, it } from 'vitest';
import { formatClock, formatDuration, formatLocal, formatUtc, formatUtcTime, utcDate } from '../../src/domain/format-time.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('formatDuration', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [999, '0s'],
    [45 * S, '45s'],
    [59 * S + 999, '59s'],
    [60 * S, '1m'],
    [12 * M + 30 * S, '12m'],
    [59 * M + 59 * S, '59m'],
    [H, '1h 00m'],
    [H + 5 * M, '1h 05m'],
    [23 * H + 59 * M, '23h 59m'],
    [D, '1d 0h'],
    [2 * D + 3 * H + 40 * M, '2d 3h'],
    [-90 * S, '-1m'],
    [Number.NaN, '—'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('UTC forms', () => {
  it.each<[string, string, string, string]>([
    ['2026-11-25T02:10:03.456Z', '2026-11-25 02:10:03 UTC', '02:10 UTC', '2026-11-25'],
    ['2026-11-24T23:59:59.999Z', '2026-11-24 23:59:59 UTC', '23:59 UTC', '2026-11-24'],
    ['2026-11-25T03:10:03+01:00', '2026-11-25 02:10:03 UTC', '02:10 UTC', '2026-11-25'],
    ['not a time', 'not a time', 'not a time', 'not a time'],
  ])('%s', (iso, full, time, date) => {
    expect(formatUtc(iso)).toBe(full);
    expect(formatUtcTime(iso)).toBe(time);
    expect(utcDate(iso)).toBe(date);
  });
});

describe('formatLocal', () => {
  // Local-time constructors: the expectations hold in any TZ.
  const now = new Date(2026, 10, 25, 2, 10);
  it.each<[Date, string]>([
    [new Date(2026, 10, 25, 2, 10), 'Wed 25 Nov 02:10'],
    [new Date(2026, 10, 24, 14, 5), 'Tue 24 Nov 14:05'],
    [new Date(2026, 0, 1, 0, 0), 'Thu 1 Jan 00:00'],
    [new Date(2025, 10, 24, 14, 5), 'Mon 24 Nov 2025 14:05'],
  ])('%s → %s', (d, text) => {
    expect(formatLocal(d.toISOString(), now)).toBe(text);
  });

  it('shows an unparsable value as it is', () => {
    expect(formatLocal('garbage', now)).toBe('garbage');
  });
});

describe('formatClock', () => {
  it.each<[number, string]>([
    [0, '0:00'],
    [-5 * S, '0:00'],
    [59 * S + 999, '0:59'],
    [20 * M + 26 * S, '20:26'],
    [H + 5 * M + 12 * S, '1:05:12'],
    [25 * H, '25:00:00'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatClock(ms)).toBe(text);
  });
});

// Expectations are built with the same local-time constructors the code uses
// (new Date(y, m, d, h, min)), so these pass in any TZ; the ISO-with-zone cases
// use instants (Date.UTC) and a `now` far enough from them for every zone.
// `npm test` runs them in the machine's TZ; they were also run under UTC,
// America/Los_Angeles, Asia/Kolkata and Pacific/Kiritimati (+14).
import { describe, expect, it } from 'vitest';
import { parseDueDate, parseStartTime, namesCalendarDay } from '../../src/domain/time-parse.js';

/** Wed 25 Nov 2026 02:10 local: the README's "14:05 typed at 02:10" trap. */
const NOW = new Date(2026, 10, 25, 2, 10);
const local = (d: number, h: number, m: number, month = 10) => new Date(2026, month, d, h, m);

describe('parseStartTime: accepted', () => {
  it.each<[string, Date, string | null]>([
    ['', NOW, null],
    ['   ', NOW, null],
    ['now', NOW, null],
    ['Now.', NOW, null],
    ['just now', NOW, null],
    ['01:30', local(25, 1, 30), null],
    ['1:30am', local(25, 1, 30), null],
    ['02:11', local(25, 2, 11), null], // within a minute of now: taken as typed
    ['20 min ago', local(25, 1, 50), null],
    ['20m ago', local(25, 1, 50), null],
    ['  20 minutes ago. ', local(25, 1, 50), null],
    ['about 20 min ago', local(25, 1, 50), null],
    ['an hour ago', local(25, 1, 10), null],
    ['1h ago', local(25, 1, 10), null],
    ['90 min ago', local(25, 0, 40), null],
    ['around 01:30', local(25, 1, 30), null],
    ['~01:30', local(25, 1, 30), null],
    ['since 01:30', local(25, 1, 30), null],
    ['yesterday 23:10', local(24, 23, 10), null],
    ['23:10 yesterday', local(24, 23, 10), null],
    ['2026-11-25 01:52', local(25, 1, 52), null],
    ['tue 10:00', local(24, 10, 0), null],
    // the chrono trap: a bare time later than now is yesterday's
    ['14:05', local(24, 14, 5), '14:05 is later than now — interpreted as yesterday, Tue 24 Nov 14:05'],
    ['2:05pm', local(24, 14, 5), '2:05pm is later than now — interpreted as yesterday, Tue 24 Nov 14:05'],
    ['02:12', local(24, 2, 12), '02:12 is later than now — interpreted as yesterday, Tue 24 Nov 02:12'],
    ['at 14:05.', local(24, 14, 5), 'at 14:05 is later than now — interpreted as yesterday, Tue 24 Nov 14:05'],
    // chrono reads "last night 23:00" at 02:10 as tonight
    ['last night 23:00', local(24, 23, 0), 'last night 23:00 is later than now — interpreted as yesterday, Tue 24 Nov 23:00'],
    // a bare weekday ahead of today is last week's
    ['friday 10:00', local(20, 10, 0), 'friday 10:00 is later than now — interpreted as last Friday, Fri 20 Nov 10:00'],
    ['yesterday', local(24, 2, 10), 'no time of day given — using 02:10'],
    ['2026-10-01 09:00', local(1, 9, 0, 9), 'that is 54 days ago'],
  ])('%j → %s (note %j)', (input, at, note) => {
    const r = parseStartTime(input, NOW);
    expect(r).toEqual({ ok: true, at, note });
  });

  // Rolling back keeps the wall-clock time across a DST change (Europe 29 Mar, US 8 Mar 2026).
  it.each<[Date, string, Date]>([
    [new Date(2026, 2, 29, 10, 0), '14:05', new Date(2026, 2, 28, 14, 5)],
    [new Date(2026, 2, 8, 10, 0), '14:05', new Date(2026, 2, 7, 14, 5)],
  ])('at %s, %j → %s', (now, input, at) => {
    const r = parseStartTime(input, now);
    expect(r.ok && r.at).toEqual(at);
  });

  it('returns a copy of now, not the same object', () => {
    const r = parseStartTime('', NOW);
    expect(r.ok && r.at).not.toBe(NOW);
  });
});

describe('parseStartTime: instants with a zone', () => {
  const NOW_UTC = new Date(Date.UTC(2026, 10, 26, 12, 0));
  it.each<[string, Date]>([
    ['2026-11-25T01:52Z', new Date(Date.UTC(2026, 10, 25, 1, 52))],
    ['2026-11-25T01:52:03.123Z', new Date(Date.UTC(2026, 10, 25, 1, 52, 3, 123))],
    ['01:52 UTC', new Date(Date.UTC(2026, 10, 26, 1, 52))],
    // in zones ahead of UTC chrono puts this two days ahead; it still lands on the latest past 23:00 UTC
    ['23:00 UTC', new Date(Date.UTC(2026, 10, 25, 23, 0))],
  ])('%j → %s', (input, at) => {
    const r = parseStartTime(input, NOW_UTC);
    expect(r.ok && r.at.toISOString()).toBe(at.toISOString());
  });

  it('an explicit date in the future is an error', () => {
    const r = parseStartTime('2026-11-27T01:52Z', NOW_UTC);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/that is in the future/);
  });
});

describe('parseStartTime: refused', () => {
  it.each<[string, RegExp]>([
    ['today 14:05', /"today 14:05" reads as Wed 25 Nov 14:05 — that is in the future/],
    ['2026-11-26 10:00', /that is in the future/],
    ['tomorrow', /that is in the future/],
    ['tonight', /that is in the future/],
    ['14:05 foo', /Couldn't understand "foo" in "14:05 foo"/],
    ['foo 14:05', /Couldn't understand "foo"/],
    ['14:05 or 15:00', /Couldn't understand "or"/],
    ['14:05 15:00', /reads as 2 different times/],
    ['asdf', /Couldn't read "asdf" as a date or time/],
    ['25:00', /Couldn't read "25:00"/],
    ['an hour and a half ago', /Couldn't read/],
    [`14:05 ${'x'.repeat(200)}`, /too long to be a date or time/],
  ])('%j → %s', (input, error) => {
    const r = parseStartTime(input, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(error);
      expect(r.error).toMatch(/Try e\.g\. 14:05/);
    }
  });
});

describe('parseDueDate', () => {
  it.each<[string, string]>([
    ['2026-12-10', '2026-12-10'],
    ['in 2 weeks', '2026-12-09'],
    ['2 weeks', '2026-12-09'],
    ['2w', '2026-12-09'],
    ['14d', '2026-12-09'],
    ['+10 days', '2026-12-05'],
    ['in 30 days', '2026-12-25'],
    ['1mo', '2026-12-25'],
    ['friday', '2026-11-27'],
    ['next friday', '2026-12-04'],
    ['dec 10', '2026-12-10'],
    ['Dec 10.', '2026-12-10'],
    ['10 dec 2026', '2026-12-10'],
    // no year: read forward, so a passed day means next year's
    ['nov 1', '2027-11-01'],
    ['today', '2026-11-25'],
    ['tomorrow', '2026-11-26'],
  ])('%j → %s', (input, date) => {
    expect(parseDueDate(input, NOW)).toEqual({ ok: true, date });
  });

  it.each<[Date, string, string]>([
    [new Date(2027, 0, 31, 9, 0), '1mo', '2027-02-28'],
    [new Date(2026, 11, 28, 23, 30), '7d', '2027-01-04'],
  ])('from %s, %j → %s', (now, input, date) => {
    expect(parseDueDate(input, now)).toEqual({ ok: true, date });
  });

  it.each<[string, RegExp]>([
    ['', /No due date given/],
    ['2026-11-01', /"2026-11-01" is 2026-11-01, which is in the past/],
    ['yesterday', /in the past/],
    ['dec 10 or so', /Couldn't understand "or so"/],
    ['soon', /Couldn't read "soon"/],
  ])('%j → %s', (input, error) => {
    const r = parseDueDate(input, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(error);
      expect(r.error).toMatch(/Try e\.g\. 2026-12-10/);
    }
  });
});

describe('namesCalendarDay', () => {
  it.each([
    ['2026-11-23 01:50', true],
    ['23 Nov 01:50', true],
    ['Nov 23 at 1:50am', true],
    ['2026-11-23T01:50Z', true],
    ['01:50', false],
    ['yesterday 01:50', false],
    ['20 min ago', false],
    ['monday 01:50', false],
    ['now', false],
  ])('%s → %s', (text, expected) => {
    expect(namesCalendarDay(text)).toBe(expected);
  });
});

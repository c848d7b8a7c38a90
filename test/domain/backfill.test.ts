import { describe, expect, it } from 'vitest';
import { readNoteTime, readTimedNote } from '../../src/domain/backfill.js';

// Local-time constructors: the expectations hold in every time zone.
const now = new Date(2026, 10, 25, 2, 10);

describe('backfilled notes', () => {
  it('a note without a time is recorded now', () => {
    expect(readTimedNote('restarted api-3', now)).toEqual({ ok: true, occurredAt: null, note: null, text: 'restarted api-3' });
    expect(readNoteTime(undefined, 'x', now)).toMatchObject({ ok: true, occurredAt: null });
  });

  it('"01:52 text" happened at 01:52 today', () => {
    const r = readTimedNote('01:52 deploy of v2.3.1 finished', now);
    expect(r).toMatchObject({ ok: true, text: 'deploy of v2.3.1 finished', occurredAt: new Date(2026, 10, 25, 1, 52).toISOString() });
  });

  it('a note of several lines (written in the editor) is backfilled whole', () => {
    const r = readTimedNote('01:52 deploy finished\nerror rate back to 0.1%', now);
    expect(r).toMatchObject({
      ok: true,
      text: 'deploy finished\nerror rate back to 0.1%',
      occurredAt: new Date(2026, 10, 25, 1, 52).toISOString(),
    });
  });

  it('a clock time later than now is yesterday, and says so', () => {
    const r = readTimedNote('23:40 first alert fired', now);
    expect(r).toMatchObject({
      ok: true,
      occurredAt: new Date(2026, 10, 24, 23, 40).toISOString(),
      note: expect.stringMatching(/yesterday/),
    });
  });

  it('--at takes the start-time forms and refuses what it cannot read', () => {
    expect(readNoteTime('20 min ago', 'x', now)).toMatchObject({ ok: true, occurredAt: new Date(2026, 10, 25, 1, 50).toISOString() });
    expect(readNoteTime('whenever', 'x', now)).toMatchObject({ ok: false, error: expect.stringMatching(/^--at: /) });
  });
});

describe('a clock time later than now, for a note', () => {
  const now = new Date(2026, 10, 25, 15, 53);
  it('is yesterday when the incident began before midnight, and refused when that would be a day before it began', () => {
    const crossing = readNoteTime('23:50', 'deploy finished', new Date(2026, 10, 26, 0, 20), new Date(2026, 10, 25, 23, 40));
    expect(crossing).toMatchObject({ ok: true });
    const typo = readNoteTime('16:30', 'rollback done', now, new Date(2026, 10, 25, 15, 40));
    expect(typo).toEqual({
      ok: false,
      error: '--at: 16:30 is later than now — a note records what already happened. For a time the day before, type "yesterday 16:30".',
    });
    expect(readNoteTime('in 10 minutes', 'x', now).ok === false && readNoteTime('in 10 minutes', 'x', now)).toMatchObject({
      error: expect.stringContaining('When did it happen?'),
    });
  });
});

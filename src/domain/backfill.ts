// Events that happened before anyone typed them ("the deploy finished at
// 01:52"): a time read like a start time (a future clock time is yesterday),
// so the timeline and the post-mortem order them by when they happened.
import { parseStartTime } from './time-parse.js';

export type Backfill = { ok: true; occurredAt: string | null; note: string | null; text: string } | { ok: false; error: string };

/** `--at TIME` for a note: the whole TIME must read as a time in the past. */
/**
 * A clock time later than now is read as yesterday (an incident that crossed
 * midnight); but a day before the incident began, it is more likely a typo for
 * something that has not happened yet. Twelve hours before the start is the limit.
 */
const YESTERDAY_LIMIT_MS = 12 * 60 * 60 * 1000;

export function readNoteTime(at: string | undefined, text: string, now: Date, incidentStart?: Date): Backfill {
  if (at === undefined) return { ok: true, occurredAt: null, note: null, text };
  const parsed = parseStartTime(at, now, 'When did it happen?');
  if (!parsed.ok) return { ok: false, error: `--at: ${parsed.error}` };
  const shifted = parsed.note?.includes('is later than now') === true;
  if (shifted && incidentStart && parsed.at.getTime() < incidentStart.getTime() - YESTERDAY_LIMIT_MS) {
    return {
      ok: false,
      error: `--at: ${at.trim()} is later than now — a note records what already happened. For a time the day before, type "yesterday ${at.trim()}".`,
    };
  }
  return { ok: true, occurredAt: parsed.at.toISOString(), note: parsed.note, text };
}

/** A TUI note that starts with a clock time, "01:52 deploy of v2.3.1 finished", is backfilled (all its lines). */
export function readTimedNote(line: string, now: Date, incidentStart?: Date): Backfill {
  const m = /^\s*(\d{1,2}:\d{2})\s+(\S[\s\S]*)$/.exec(line);
  if (!m) return { ok: true, occurredAt: null, note: null, text: line };
  return readNoteTime(m[1], m[2]!, now, incidentStart);
}

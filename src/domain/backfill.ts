// Events that happened before anyone typed them ("the deploy finished at
// 01:52"): a time read like a start time (a future clock time is yesterday),
// so the timeline and the post-mortem order them by when they happened.
import { parseStartTime } from './time-parse.js';

export type Backfill = { ok: true; occurredAt: string | null; note: string | null; text: string } | { ok: false; error: string };

/** `--at TIME` for a note: the whole TIME must read as a time in the past. */
export function readNoteTime(at: string | undefined, text: string, now: Date): Backfill {
  if (at === undefined) return { ok: true, occurredAt: null, note: null, text };
  const parsed = parseStartTime(at, now);
  if (!parsed.ok) return { ok: false, error: `--at: ${parsed.error}` };
  return { ok: true, occurredAt: parsed.at.toISOString(), note: parsed.note, text };
}

/** A TUI note that starts with a clock time, "01:52 deploy of v2.3.1 finished", is backfilled (all its lines). */
export function readTimedNote(line: string, now: Date): Backfill {
  const m = /^\s*(\d{1,2}:\d{2})\s+(\S[\s\S]*)$/.exec(line);
  if (!m) return { ok: true, occurredAt: null, note: null, text: line };
  return readNoteTime(m[1], m[2]!, now);
}

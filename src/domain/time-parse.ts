// Reading times typed under stress: "14:05", "20m ago", "yesterday 23:10".
// chrono-node does the reading; this file adds the rules that make it safe for
// an incident record (README §4 "chrono trap"):
// - The WHOLE input must be understood. chrono happily finds "14:05" inside
//   "14:05 or maybe 15:00 idk" and drops the rest; a silently half-read answer
//   is worse than a question asked again.
// - A start time is in the past. chrono reads "14:05" typed at 02:10 as today
//   14:05, twelve hours ahead; a bare time (or weekday) in the future is rolled
//   back to its previous occurrence, and the note says so on screen and in the
//   timeline. A future time with an explicit date is an error, not a guess.
// - Times are read in the process's local time zone (what the engineer's clock
//   shows) unless the input names one ("01:52Z", "14:05 PST").
// `now` is always passed in: the domain never reads the clock.
import * as chrono from 'chrono-node/en';
import { formatLocal } from './format-time.js';

export type StartTimeResult = { ok: true; at: Date; note: string | null } | { ok: false; error: string };
export type DueDateResult = { ok: true; date: string } | { ok: false; error: string };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Clock skew allowance: a start up to a minute "ahead" is taken as typed. */
const FUTURE_TOLERANCE_MS = MINUTE;
const LONG_AGO_DAYS = 30;

const START_EXAMPLES = 'Try e.g. 14:05, 2:05pm, 20 min ago, yesterday 23:10, 2026-11-25 01:52 or now.';
const DUE_EXAMPLES = 'Try e.g. 2026-12-10, dec 10, next friday, in 2 weeks or 14d.';
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** Surrounding whitespace and a final period are not part of the answer ("20 min ago."). */
function tidy(input: string): string {
  return input.trim().replace(/\.+$/, '').trim();
}

/** Hedges people put in front of a time; they change nothing about when. */
const HEDGE = /^(?:~\s*|(?:around|about|approx\.?|approximately|roughly|circa|since|started(?: at)?)\s+)/i;

type Single = { ok: true; result: chrono.ParsedResult } | { ok: false; error: string };

/** Longer than any way of writing a time; refused before chrono spends time on a pasted log. */
const MAX_INPUT = 100;

/** Parses `text` and insists that one chrono result covers all of it. */
function parseWhole(text: string, now: Date, forwardDate: boolean, examples: string): Single {
  if (text.length > MAX_INPUT)
    return { ok: false, error: `That is too long to be a date or time (${text.length} characters). ${examples}` };
  const results = chrono.parse(text, { instant: now }, { forwardDate });
  const first = results[0];
  if (first === undefined) return { ok: false, error: `Couldn't read "${text}" as a date or time. ${examples}` };
  const covered = new Array<boolean>(text.length).fill(false);
  for (const r of results) covered.fill(true, r.index, r.index + r.text.length);
  const leftovers: string[] = [];
  let run = '';
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && !covered[i]) run += text[i];
    else if (run !== '') {
      if (run.trim() !== '') leftovers.push(run.trim());
      run = '';
    }
  }
  if (leftovers.length > 0) {
    const parts = leftovers.map((l) => `"${l}"`).join(' and ');
    return { ok: false, error: `Couldn't understand ${parts} in "${text}". ${examples}` };
  }
  if (results.length > 1) {
    return { ok: false, error: `"${text}" reads as ${results.length} different times; give one. ${examples}` };
  }
  return { ok: true, result: first };
}

/** The same wall-clock time `days` calendar days earlier (DST-safe in local time; exact 24h steps for a named zone). */
function daysEarlier(at: Date, days: number, zoned: boolean): Date {
  if (zoned) return new Date(at.getTime() - days * DAY);
  const d = new Date(at.getTime());
  d.setDate(d.getDate() - days);
  return d;
}

/** "yesterday, " / "today, " when that is what the local date is, else nothing (the date follows anyway). */
function dayWord(at: Date, now: Date): string {
  const sameDay = (a: Date, b: Date) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (sameDay(at, now)) return 'today, ';
  if (sameDay(at, yesterday)) return 'yesterday, ';
  return '';
}

function hhmm(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/**
 * When did the problem start? Empty input or "now" means `now`. See the file
 * comment for the rules; `note` (shown, and stored with the answer) explains
 * any interpretation that was not literally what was typed.
 */
export function parseStartTime(input: string, now: Date, question = 'When did the problem start?'): StartTimeResult {
  const typed = tidy(input);
  if (typed === '' || /^(?:just |right )?now$/i.test(typed)) return { ok: true, at: new Date(now.getTime()), note: null };
  const text = typed.replace(HEDGE, '');
  const parsed = parseWhole(text, now, false, START_EXAMPLES);
  if (!parsed.ok) return parsed;
  const start = parsed.result.start;
  let at = start.date();
  const notes: string[] = [];
  const zoned = start.isCertain('timezoneOffset');

  if (at.getTime() - now.getTime() > FUTURE_TOLERANCE_MS) {
    const hasDay = start.isCertain('day') || start.isCertain('month') || start.isCertain('year');
    // chrono reads "last night 23:00" typed at 02:10 as tonight; the words say yesterday.
    const lastNight = /\blast night\b/i.test(text);
    if (!hasDay && start.isCertain('weekday')) {
      at = daysEarlier(at, 7, zoned);
      notes.push(`${typed} is later than now — interpreted as last ${WEEKDAYS[at.getDay()]}, ${formatLocal(at.toISOString(), now)}`);
    } else if (!hasDay || lastNight) {
      // The latest past occurrence. A time in a named zone ("23:00 UTC") is put on
      // today's LOCAL date by chrono, which can be up to two days ahead of it.
      const typedAt = at;
      for (let days = 1; at.getTime() - now.getTime() > FUTURE_TOLERANCE_MS && days <= 3; days++) at = daysEarlier(typedAt, days, zoned);
      notes.push(`${typed} is later than now — interpreted as ${dayWord(at, now)}${formatLocal(at.toISOString(), now)}`);
    } else {
      return {
        ok: false,
        error: `"${typed}" reads as ${formatLocal(at.toISOString(), now)} — that is in the future. ${question} ${START_EXAMPLES}`,
      };
    }
  }

  // "yesterday" or "2026-11-24" alone: chrono fills in a time of day; say which.
  if (!start.isCertain('hour') && !/\bago$/i.test(text)) notes.push(`no time of day given — using ${hhmm(at)}`);

  const daysAgo = Math.floor((now.getTime() - at.getTime()) / DAY);
  if (daysAgo > LONG_AGO_DAYS) notes.push(`that is ${daysAgo} days ago`);

  return { ok: true, at, note: notes.length > 0 ? notes.join('; ') : null };
}

/** YYYY-MM-DD of a Date in local time: a due date is a day on the engineer's calendar. */
function localDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** "14d", "2w", "3 weeks", "+10 days", "2mo": chrono reads some of these and not others, so they are read here. */
const SHORTHAND = /^(?:in\s+)?\+?(\d{1,4})\s*(d|days?|w|wks?|weeks?|mos?|months?)$/i;

function addShorthand(now: Date, n: number, unit: string): Date {
  const u = unit.toLowerCase();
  if (u.startsWith('d')) return new Date(now.getFullYear(), now.getMonth(), now.getDate() + n);
  if (u.startsWith('w')) return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 7 * n);
  // Months: the same day of the month, clamped to the month's last day (31 Jan + 1mo = 28/29 Feb).
  const lastDay = new Date(now.getFullYear(), now.getMonth() + n + 1, 0).getDate();
  return new Date(now.getFullYear(), now.getMonth() + n, Math.min(now.getDate(), lastDay));
}

/**
 * A deadline for a post-mortem action item, as a local calendar day
 * (YYYY-MM-DD). Dates without a year, and bare weekdays, are read forward
 * ("dec 10" in late December means next year's). Today is allowed; the past is not.
 */
export function parseDueDate(input: string, now: Date): DueDateResult {
  const text = tidy(input);
  if (text === '') return { ok: false, error: `No due date given. ${DUE_EXAMPLES}` };
  let date: Date;
  const short = SHORTHAND.exec(text);
  if (short) {
    date = addShorthand(now, Number(short[1]), short[2] ?? 'd');
  } else {
    const parsed = parseWhole(text, now, true, DUE_EXAMPLES);
    if (!parsed.ok) return parsed;
    date = parsed.result.start.date();
  }
  const day = localDay(date);
  const today = localDay(now);
  if (day < today) return { ok: false, error: `"${text}" is ${day}, which is in the past. ${DUE_EXAMPLES}` };
  return { ok: true, date: day };
}

/**
 * True when the text names a calendar day ("2026-11-23 01:50", "23 Nov 01:50"),
 * not a time read from now ("01:50", "yesterday 01:50", "20 min ago"): what a
 * correction to an incident that ended days ago has to say.
 */
export function namesCalendarDay(text: string): boolean {
  if (/\b(?:ago|yesterday|today|tonight|tomorrow|now|last|this|next)\b/i.test(text)) return false;
  const start = chrono.parse(text)[0]?.start;
  return start !== undefined && start.isCertain('day') && start.isCertain('month');
}

// How times and durations read on screen and in post-mortems. Stored times are
// UTC ISO strings; the engineer reads local time WITH the date, because an
// incident that crosses midnight otherwise shows "23:58" before "00:03" and
// nobody can tell which day a bare "02:10" was. Month and day names are fixed
// English so output does not depend on the machine's locale (ICU data varies).

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A compact, glanceable duration: "45s", "12m", "1h 05m", "2d 3h".
 * Units below the two shown are truncated, not rounded, so "59m 59s" never
 * reads as "1h 00m" before an hour has really passed. Negative durations (a
 * clock that went backwards, a backfilled time after "now") keep their sign.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)}s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h ${pad2(Math.floor((ms % HOUR) / MINUTE))}m`;
  return `${Math.floor(ms / DAY)}d ${Math.floor((ms % DAY) / HOUR)}h`;
}

/** Parses a stored ISO string; null when it is not a time (shown as typed rather than as "Invalid Date"). */
function toDate(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "2026-11-25": the UTC calendar date, as used in incident ids and post-mortem file names. */
export function utcDate(iso: string): string {
  const d = toDate(iso);
  if (!d) return iso;
  return d.toISOString().slice(0, 10);
}

/** "2026-11-25 02:10:03 UTC": the unambiguous form for post-mortems and logs shared across time zones. */
export function formatUtc(iso: string): string {
  const d = toDate(iso);
  if (!d) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)} UTC`;
}

/** "02:10 UTC": a short UTC time for timeline rows whose date is shown elsewhere. */
export function formatUtcTime(iso: string): string {
  const d = toDate(iso);
  if (!d) return iso;
  return `${d.toISOString().slice(11, 16)} UTC`;
}

/**
 * "Wed 25 Nov 02:10" in the process's local time zone. The date is always
 * shown; the year only when it differs from `now`'s (local) year, so an old
 * incident reads "Tue 24 Nov 2025 14:05".
 */
export function formatLocal(iso: string, now: Date): string {
  const d = toDate(iso);
  if (!d) return iso;
  const year = d.getFullYear() === now.getFullYear() ? '' : ` ${d.getFullYear()}`;
  return `${DAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]}${year} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** "20:26", "1:05:12": a running clock for the header, where every second counts. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${m}:${pad2(s)}`;
}

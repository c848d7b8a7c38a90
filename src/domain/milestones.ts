// The five moments every incident review asks about, and the four durations
// between them (issue 5). Each one defaults from what the timeline already
// says and can be set by hand ("we were alerted at 01:50, not when we
// declared"): a `milestone.set` event overrides the default, the last one
// recorded wins. Pure: times come from the facts and the entries, `now` is
// passed in.
import * as chrono from 'chrono-node/en';
import type { IncidentFacts } from './incident.js';
import type { TimelineEntry } from './types.js';
import { entryTime } from './describe-entry.js';
import { formatDuration } from './format-time.js';
import { parseStartTime } from './time-parse.js';
import { oneLine, stripControl } from './sanitize.js';
import { maskSecrets } from './secrets.js';

export const MILESTONES = ['started', 'detected', 'acknowledged', 'mitigated', 'resolved'] as const;
export type MilestoneName = (typeof MILESTONES)[number];

/** The event that sets a milestone by hand. */
export const MILESTONE_SET = 'milestone.set';
/** `data` of a `milestone.set` entry; `input` is what was typed, kept for the record. */
export interface MilestoneSetData {
  milestone: MilestoneName;
  /** UTC ISO. */
  at: string;
  input?: string;
}

export interface Milestone {
  /** UTC ISO, or null when it has not happened (or is not known) yet. */
  at: string | null;
  source: 'set' | 'derived';
  /** Stands in for a time nobody gave (the start, when no start time was typed): durations from it would be invented. */
  standIn?: boolean;
  /** How we know, as a short phrase for the post-mortem ("when the incident was declared"). */
  basis: string;
}
export type Milestones = Record<MilestoneName, Milestone>;

/** What the defaults are derived from; `IncidentFacts` fits, and so does a summary built from the log alone. */
export type MilestoneFacts = Pick<IncidentFacts, 'declaredAt' | 'startedAt' | 'mitigatedAt' | 'resolvedAt'> & {
  startedInput?: string | null;
};

export const MILESTONE_LABELS: Record<MilestoneName, string> = {
  started: 'Started',
  detected: 'Detected',
  acknowledged: 'Acknowledged',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
};

export function milestones(facts: MilestoneFacts, entries: readonly TimelineEntry[]): Milestones {
  const typed = facts.startedInput ? shortQuote(facts.startedInput) : '';
  const result: Milestones = {
    started: facts.startedAt
      ? derived(
          facts.startedAt,
          typed && typed !== "'now'" ? `the start time given at detect (${typed})` : 'the start time given at detect',
        )
      : { ...derived(facts.declaredAt, 'when the incident was declared (no start time given)'), standIn: true },
    detected: derived(facts.declaredAt, 'when the incident was declared'),
    // Declaring is the on-call engineer taking it on: that is the acknowledgement.
    acknowledged: derived(facts.declaredAt, 'when the incident was declared (declaring acknowledges it)'),
    mitigated: facts.mitigatedAt
      ? derived(facts.mitigatedAt, 'when the impact was confirmed stopped at contain')
      : derived(null, 'not mitigated yet'),
    resolved: facts.resolvedAt ? derived(facts.resolvedAt, 'when verification passed') : derived(null, 'not resolved yet'),
  };
  // Log order, not occurred order: a correction typed later replaces an earlier one.
  for (const entry of entries) {
    const set = readMilestoneSet(entry);
    if (set) result[set.milestone] = { at: set.at, source: 'set', basis: `set by hand (recorded ${ymdhm(entry.at)} UTC)` };
  }
  return result;
}

function derived(at: string | null, basis: string): Milestone {
  return { at: at === null ? null : (isoOrNull(at) ?? null), source: 'derived', basis };
}

/** A well-formed `milestone.set` entry's data, or null (unknown milestone, unreadable time). */
export function readMilestoneSet(entry: TimelineEntry): MilestoneSetData | null {
  if (entry.type !== MILESTONE_SET) return null;
  const { milestone, at } = entry.data;
  if (typeof milestone !== 'string' || !isMilestone(milestone) || typeof at !== 'string') return null;
  const iso = isoOrNull(at);
  return iso ? { milestone, at: iso } : null;
}

/** "Detected set to 2026-11-25 01:50 UTC": the timeline line for a `milestone.set` entry (for describe-entry.ts). */
export function describeMilestoneSet(entry: TimelineEntry): string | null {
  const set = readMilestoneSet(entry);
  return set ? `${MILESTONE_LABELS[set.milestone]} set to ${ymdhm(set.at)} UTC` : null;
}

/**
 * The facts milestones need, from the log alone (the incidents index has no
 * machine to replay). The first `mitigated` and the last `resolved` record, as
 * the machine keeps them; those records are written a few milliseconds after
 * the answer the machine stamps its facts with.
 */
export function milestoneFactsFromEntries(entries: readonly TimelineEntry[]): MilestoneFacts {
  const facts: MilestoneFacts = { declaredAt: entries[0]?.at ?? '', startedAt: null, mitigatedAt: null, resolvedAt: null };
  for (const e of entries) {
    const d = e.data;
    if (e.type === 'incident.declared') {
      facts.declaredAt = e.at;
      if (typeof d.startedAt === 'string') facts.startedAt = d.startedAt;
    } else if (e.type === 'answer' && d.step === 'detect.started' && typeof d.startedAt === 'string') facts.startedAt = d.startedAt;
    else if (e.type === 'mitigated') facts.mitigatedAt ??= entryTime(e);
    else if (e.type === 'resolved') facts.resolvedAt = entryTime(e);
  }
  return facts;
}

// ── metrics ─────────────────────────────────────────────────────────────────

export const METRICS = [
  { key: 'ttd', abbr: 'TTD', label: 'Time to detect', from: 'started', to: 'detected' },
  { key: 'tta', abbr: 'TTA', label: 'Time to acknowledge', from: 'detected', to: 'acknowledged' },
  { key: 'ttm', abbr: 'TTM', label: 'Time to mitigate', from: 'started', to: 'mitigated' },
  { key: 'ttr', abbr: 'TTR', label: 'Time to resolve', from: 'started', to: 'resolved' },
] as const satisfies readonly { key: string; abbr: string; label: string; from: MilestoneName; to: MilestoneName }[];
export type MetricKey = (typeof METRICS)[number]['key'];

/** Milliseconds, null when either end is unknown or the two are in the wrong order (then `problems` says so). */
export type Metrics = Record<MetricKey, number | null> & { problems: string[] };

export function metrics(m: Milestones): Metrics {
  const out: Metrics = { ttd: null, tta: null, ttm: null, ttr: null, problems: [] };
  for (const metric of METRICS) {
    const from = m[metric.from].at;
    const to = m[metric.to].at;
    if (from === null || to === null) continue;
    // Detected − started with the start standing in as "declared" would be a 0s TTD nobody measured.
    if (metric.key === 'ttd' && m[metric.from].standIn) continue;
    const ms = Date.parse(to) - Date.parse(from);
    if (Number.isNaN(ms)) continue;
    if (ms < 0) {
      // A negative duration is a wrong milestone, not a fast response: say which, show no number.
      out.problems.push(
        `${MILESTONE_LABELS[metric.to]} (${ymdhm(to)} UTC) is before ${metric.from} (${ymdhm(from)} UTC): ` +
          `${metric.label.toLowerCase()} is not shown until one of them is corrected.`,
      );
      continue;
    }
    out[metric.key] = ms;
  }
  return out;
}

// ── editing ─────────────────────────────────────────────────────────────────

export type MilestoneEdit = { milestone: MilestoneName; at: string; note: string | null } | { error: string };

const ALIASES: Record<string, MilestoneName> = {
  start: 'started',
  started: 'started',
  began: 'started',
  detect: 'detected',
  detected: 'detected',
  ack: 'acknowledged',
  acked: 'acknowledged',
  acknowledge: 'acknowledged',
  acknowledged: 'acknowledged',
  mitigate: 'mitigated',
  mitigated: 'mitigated',
  resolve: 'resolved',
  resolved: 'resolved',
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** As in time-parse.ts: clock skew of up to a minute is not "the future". */
const FUTURE_TOLERANCE_MS = MINUTE;
/**
 * A bare clock time later than now is read as yesterday's only when that is
 * within this long before the incident's earliest milestone: an incident that
 * crossed midnight ("started 23:40" typed at 00:30), not a typo a day off.
 */
const YESTERDAY_WINDOW_MS = 12 * HOUR;

const EDIT_EXAMPLES = 'e.g. `detected 01:50`, `mitigated 02:14 yesterday`, `started 20 min ago`.';

/**
 * A one-line edit such as `detected 01:50`, read like a start time (local
 * time unless a zone is typed). `current` is what the milestones are now: it
 * bounds the "yesterday" reading and lets the note warn about an order that
 * makes a metric negative.
 */
export function parseMilestoneEdit(text: string, now: Date, current: Milestones): MilestoneEdit {
  const line = oneLine(stripControl(text));
  const m = /^([A-Za-z]+)\s*(?:[:=]\s*|\s+(?:at\s+)?|$)(.*)$/.exec(line);
  const name = m ? ALIASES[m[1]!.toLowerCase()] : undefined;
  if (!m || !name) {
    const word = line.split(/\s+/)[0] ?? '';
    return {
      error: `${word ? `"${word}" is not a milestone` : 'Nothing to set'}: use one of ${MILESTONES.join(', ')}, then a time (${EDIT_EXAMPLES})`,
    };
  }
  const when = m[2]!.trim();
  if (when === '') return { error: `When was it ${name}? Add a time: ${EDIT_EXAMPLES}` };

  const parsed = parseStartTime(when, now);
  const literal = literalReading(when, now);
  if (literal !== null && literal.getTime() - now.getTime() > FUTURE_TOLERANCE_MS) {
    const earliest = earliestOf(current);
    const rolledBack = parsed.ok && earliest !== null && parsed.at.getTime() >= earliest - YESTERDAY_WINDOW_MS;
    if (!parsed.ok || !rolledBack) return { error: `${when} is in the future (now ${nowText(now)}); backfill what already happened.` };
  }
  if (!parsed.ok) return { error: parsed.error };

  const at = parsed.at.toISOString();
  const notes = parsed.note ? [parsed.note] : [];
  const order = orderWarning(name, at, current);
  if (order) notes.push(order);
  return { milestone: name, at, note: notes.length > 0 ? notes.join('; ') : null };
}

/** The `data` to record for an accepted edit. */
export function milestoneSetData(edit: { milestone: MilestoneName; at: string }, input: string): MilestoneSetData {
  return { milestone: edit.milestone, at: edit.at, input: maskSecrets(oneLine(stripControl(input))) };
}

/** What chrono makes of the text before any "later than now means yesterday" rule. */
function literalReading(text: string, now: Date): Date | null {
  if (/^(?:just |right )?now\.?$/i.test(text)) return null;
  return chrono.parse(text, { instant: now })[0]?.start.date() ?? null;
}

function earliestOf(m: Milestones): number | null {
  const times = MILESTONES.map((n) => (m[n].at === null ? Number.NaN : Date.parse(m[n].at))).filter((t) => !Number.isNaN(t));
  return times.length === 0 ? null : Math.min(...times);
}

/** "02:31 UTC", or "03:31 local, 02:31 UTC" where the engineer's clock differs from UTC. */
function nowText(now: Date): string {
  const utc = now.toISOString().slice(11, 16);
  const local = `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
  return local === utc ? `${utc} UTC` : `${local} local, ${utc} UTC`;
}

/** Must not be later than the milestone: the order the metrics assume. */
const BEFORE: Record<MilestoneName, readonly MilestoneName[]> = {
  started: [],
  detected: ['started'],
  acknowledged: ['started', 'detected'],
  mitigated: ['started'],
  resolved: ['started', 'mitigated'],
};

/** Which milestone the new time would jump over, as a warning: the edit is still taken (the author decides). */
function orderWarning(name: MilestoneName, at: string, current: Milestones): string | null {
  const t = Date.parse(at);
  for (const other of BEFORE[name]) {
    // A stand-in start (none was given) is no time to be out of order with.
    const o = current[other].standIn ? null : current[other].at;
    if (o !== null && t < Date.parse(o)) return `that is before ${other} (${ymdhm(o)} UTC)${orderConsequence(other, name)}`;
  }
  for (const other of MILESTONES.filter((n) => BEFORE[n].includes(name))) {
    const o = current[other].at;
    if (o !== null && t > Date.parse(o)) return `that is after ${other} (${ymdhm(o)} UTC)${orderConsequence(name, other)}`;
  }
  return null;
}

/** ", so time to detect cannot be shown" when `from` → `to` is a metric. */
function orderConsequence(from: MilestoneName, to: MilestoneName): string {
  const metric = METRICS.find((x) => x.from === from && x.to === to);
  return metric ? `, so ${metric.label.toLowerCase()} cannot be shown until one of them is corrected` : '';
}

// ── Markdown ────────────────────────────────────────────────────────────────

/** The milestones table (Milestone | Time (UTC) | How we know), the metrics line, and any problem with them. */
export function milestonesMarkdown(m: Milestones): string {
  const rows = MILESTONES.map((name) => {
    const ms = m[name];
    return `| ${MILESTONE_LABELS[name]} | ${ms.at ? ymdhm(ms.at) : '—'} | ${cell(ms.basis)} |`;
  });
  const table = ['| Milestone | Time (UTC) | How we know |', '|---|---|---|', ...rows].join('\n');
  const values = metrics(m);
  const line = METRICS.map((metric) => {
    const v = values[metric.key];
    return `**${metric.label}** (${metric.abbr}): ${v === null ? '—' : formatDuration(v)}`;
  }).join(' · ');
  const problems = values.problems.map((p) => `> **Check the milestones:** ${p}`);
  return [table, '', line, ...(problems.length > 0 ? ['', ...problems] : [])].join('\n');
}

// ── helpers ─────────────────────────────────────────────────────────────────

function isMilestone(s: string): s is MilestoneName {
  return (MILESTONES as readonly string[]).includes(s);
}

function isoOrNull(s: string): string | null {
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function ymdhm(iso: string): string {
  const i = isoOrNull(iso);
  return i ? `${i.slice(0, 10)} ${i.slice(11, 16)}` : iso;
}

/** What was typed for the start, quoted for a table cell: one line, masked, short. */
function shortQuote(s: string): string {
  const text = maskSecrets(oneLine(stripControl(s)));
  if (text === '') return '';
  return `'${text.length > 40 ? `${text.slice(0, 39)}…` : text}'`;
}

function cell(s: string): string {
  return oneLine(stripControl(s)).replace(/\\?\|/g, '\\|');
}

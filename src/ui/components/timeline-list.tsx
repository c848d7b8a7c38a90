// The timeline as rows, a page at a time: the `t` overlay and the read-only
// view of an incident another terminal holds both draw it.
import React, { useMemo, useState } from 'react';
import { Text } from 'ink';
import type { Key } from 'ink';
import type { TimelineEntry } from '../../domain/types.js';
import { describeEntry, sortByOccurred, entryTime } from '../../domain/describe-entry.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "25 Nov 12:31:42": local, with the date (incidents cross midnight), compact enough for 80 columns. */
function localStamp(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** 10,003: the same grouping whatever the locale, as the rest of the screen is English. */
export const count = (n: number): string => n.toLocaleString('en-US');

export interface TimelineRow {
  id: string;
  time: string;
  backfilled: boolean;
  phase: string;
  text: string;
}

export function useTimelineRows(entries: readonly TimelineEntry[]): TimelineRow[] {
  return useMemo(
    () =>
      sortByOccurred([...entries]).map((e) => ({
        id: e.id,
        time: localStamp(entryTime(e)),
        backfilled: e.occurredAt !== undefined,
        phase: e.phase,
        text: describeEntry(e).text,
      })),
    [entries],
  );
}

export interface TimelineScroll {
  top: number;
  page: number;
  /** Handles a scrolling key; false when the key is not one. */
  onKey: (input: string, key: Key) => boolean;
  /** To the latest row, and stay there as rows arrive. */
  toEnd: () => void;
}

/**
 * Scrolling over `count` rows, `height` at a time. It starts at the end and,
 * while there, follows new rows as they arrive; scrolling up stops following.
 */
export function useTimelineScroll(count: number, height: number): TimelineScroll {
  const page = Math.max(3, height);
  const maxTop = Math.max(0, count - page);
  const [pinned, setPinned] = useState<number | null>(null);
  const top = pinned === null ? maxTop : Math.min(pinned, maxTop);
  const go = (next: number) => setPinned(next >= maxTop ? null : Math.max(0, next));
  const onKey = (input: string, key: Key): boolean => {
    if (key.upArrow || input === 'k') go(top - 1);
    else if (key.downArrow || input === 'j') go(top + 1);
    else if (key.pageUp) go(top - page);
    else if (key.pageDown || input === ' ') go(top + page);
    else if (key.home || input === 'g') go(0);
    else if (key.end || input === 'G') go(maxTop);
    else return false;
    return true;
  };
  return { top, page, onKey, toEnd: () => setPinned(null) };
}

export function TimelineList({ rows, top, page }: { rows: readonly TimelineRow[]; top: number; page: number }) {
  const visible = rows.slice(top, top + page);
  return (
    <>
      {rows.length === 0 ? <Text dimColor>Nothing recorded yet.</Text> : null}
      {visible.map((r) => (
        <Text key={r.id} wrap="truncate-end">
          <Text dimColor>{r.time}</Text>
          {r.backfilled ? <Text color="yellow">*</Text> : ' '}
          <Text color="cyan">{r.phase.padEnd(11)}</Text>
          {r.text}
        </Text>
      ))}
      {rows.length > page ? (
        <Text dimColor>{`rows ${count(top + 1)}–${count(Math.min(rows.length, top + page))} of ${count(rows.length)}`}</Text>
      ) : null}
    </>
  );
}

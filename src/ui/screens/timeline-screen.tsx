import React, { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { useScreenKeys } from '../input-router.js';
import type { TimelineEntry } from '../../domain/types.js';
import { describeEntry, sortByOccurred, entryTime } from '../../domain/describe-entry.js';
import { Footer } from '../components/footer.js';

interface Props {
  entries: readonly TimelineEntry[];
  /** Rows available for the list; only these are drawn, however long the timeline. */
  height: number;
  onClose: () => void;
  onQuit: () => void;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "25 Nov 12:31:42": local, with the date (incidents cross midnight), compact enough for 80 columns. */
function localStamp(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function TimelineScreen({ entries, height, onClose, onQuit }: Props) {
  const rows = useMemo(
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
  const page = Math.max(3, height);
  const maxTop = Math.max(0, rows.length - page);
  const [top, setTop] = useState(maxTop);

  useScreenKeys((input, key) => {
    if (key.ctrl && input === 'c') return onQuit();
    if (key.escape || input === 't' || input === 'q' || (key.ctrl && input === 't')) return onClose();
    if (key.upArrow || input === 'k') setTop((t) => Math.max(0, t - 1));
    else if (key.downArrow || input === 'j') setTop((t) => Math.min(maxTop, t + 1));
    else if (key.pageUp) setTop((t) => Math.max(0, t - page));
    else if (key.pageDown || input === ' ') setTop((t) => Math.min(maxTop, t + page));
    else if (key.home || input === 'g') setTop(0);
    else if (key.end || input === 'G') setTop(maxTop);
  });

  const visible = rows.slice(top, top + page);
  return (
    <Box flexDirection="column">
      <Text bold>
        Timeline <Text dimColor>({rows.length} events · local time · `incident timeline` prints UTC)</Text>
      </Text>
      {rows.length === 0 ? <Text dimColor>Nothing recorded yet.</Text> : null}
      {visible.map((r) => (
        <Text key={r.id} wrap="truncate-end">
          <Text dimColor>{r.time}</Text>
          {r.backfilled ? <Text color="yellow">*</Text> : ' '}
          <Text color="cyan">{r.phase.padEnd(11)}</Text>
          {r.text}
        </Text>
      ))}
      {rows.length > page ? <Text dimColor>{`rows ${top + 1}–${Math.min(rows.length, top + page)} of ${rows.length}`}</Text> : null}
      <Footer
        screenKeys={[
          { keys: '↑ ↓ PgUp PgDn Home End', description: 'scroll' },
          { keys: 'Esc t q', description: 'close' },
        ]}
        typing={false}
        globals={false}
        status={null}
      />
    </Box>
  );
}

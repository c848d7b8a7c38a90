import React from 'react';
import { Box, Text } from 'ink';
import { useScreenKeys } from '../input-router.js';
import type { TimelineEntry } from '../../domain/types.js';
import { Footer } from '../components/footer.js';
import { count, TimelineList, useTimelineRows, useTimelineScroll } from '../components/timeline-list.js';

interface Props {
  entries: readonly TimelineEntry[];
  /** Rows available for the list; only these are drawn, however long the timeline. */
  height: number;
  onClose: () => void;
  onQuit: () => void;
}

export function TimelineScreen({ entries, height, onClose, onQuit }: Props) {
  const rows = useTimelineRows(entries);
  const scroll = useTimelineScroll(rows.length, height);

  useScreenKeys((input, key) => {
    if (key.ctrl && input === 'c') return onQuit();
    if (key.escape || input === 't' || input === 'q' || (key.ctrl && input === 't')) return onClose();
    scroll.onKey(input, key);
  });

  return (
    <Box flexDirection="column">
      <Text bold>
        Timeline <Text dimColor>({count(rows.length)} events · local time · `incident timeline` prints UTC)</Text>
      </Text>
      <TimelineList rows={rows} top={scroll.top} page={scroll.page} />
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

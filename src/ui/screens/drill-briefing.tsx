import React from 'react';
import { Box, Text } from 'ink';
import { useScreenKeys } from '../input-router.js';
import { Footer } from '../components/footer.js';

export interface DrillBriefing {
  title: string;
  /** The page, as the scenario words it. */
  text: string;
  /** Where the drill runs, and that nothing real is touched. */
  notes: string[];
}

/** Read before the clock starts: the page that woke you, and what is make-believe. */
export function DrillBriefingScreen({ briefing, onStart, onQuit }: { briefing: DrillBriefing; onStart: () => void; onQuit: () => void }) {
  useScreenKeys((input, key) => {
    if ((key.ctrl && input === 'c') || input === 'q') return onQuit();
    if (key.return) onStart();
  });
  return (
    <Box flexDirection="column">
      <Box marginBottom={1}>
        <Text backgroundColor="magenta" color="white" bold>
          {' DRILL '}
        </Text>
        <Text bold wrap="truncate-end">{` ${briefing.title}`}</Text>
      </Box>
      <Box borderStyle="round" paddingX={1} flexDirection="column">
        <Text wrap="wrap">{briefing.text.trimEnd()}</Text>
      </Box>
      <Box marginTop={1} flexDirection="column">
        {briefing.notes.map((n) => (
          <Text key={n} dimColor wrap="wrap">
            {n}
          </Text>
        ))}
      </Box>
      <Box marginTop={1}>
        <Text bold>Handle it as you would a real page: declare, triage, contain, resolve, verify, write the post-mortem.</Text>
      </Box>
      <Footer
        screenKeys={[
          { keys: 'Enter', description: 'start the clock' },
          { keys: 'q', description: 'leave without starting' },
        ]}
        typing={false}
        globals={false}
        status={null}
      />
    </Box>
  );
}

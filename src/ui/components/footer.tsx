import React from 'react';
import { Box, Text } from 'ink';
import { footerHints, type GlobalAction, type ScreenKey } from '../keymap.js';

export function Footer({
  screenKeys,
  typing,
  status,
  globals = true,
  hidden = [],
}: {
  screenKeys: readonly ScreenKey[];
  typing: boolean;
  status: { text: string; tone: 'good' | 'error' | 'dim' } | null;
  globals?: boolean;
  /** Global keys that do nothing on this screen, left out of the hints. */
  hidden?: readonly GlobalAction[];
}) {
  return (
    <Box flexDirection="column" marginTop={1}>
      {status ? (
        <Text
          color={status.tone === 'good' ? 'green' : status.tone === 'error' ? 'red' : undefined}
          dimColor={status.tone === 'dim'}
          wrap="wrap"
        >
          {status.text}
        </Text>
      ) : null}
      <Text dimColor wrap="truncate-end">
        {screenKeys.map((k) => `${k.keys} ${k.description}`).join(' · ')}
      </Text>
      {globals ? (
        <Text dimColor wrap="truncate-end">
          {footerHints(typing, hidden)}
        </Text>
      ) : null}
    </Box>
  );
}

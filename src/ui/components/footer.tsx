import React from 'react';
import { Box, Text } from 'ink';
import { ToneText } from './tone-text.js';
import { footerHints, type GlobalAction, type ScreenKey } from '../keymap.js';
import { useTerminalSize } from '../use-terminal-size.js';

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
  const { columns } = useTerminalSize();
  return (
    <Box flexDirection="column" marginTop={1}>
      {status ? <ToneText tone={status.tone}>{status.text}</ToneText> : null}
      <Text dimColor wrap="truncate-end">
        {screenKeys.map((k) => `${k.keys} ${k.description}`).join(' · ')}
      </Text>
      {globals ? (
        <Text dimColor wrap="truncate-end">
          {footerHints(typing, hidden, columns)}
        </Text>
      ) : null}
    </Box>
  );
}

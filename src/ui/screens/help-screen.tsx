import React from 'react';
import { Box, Text } from 'ink';
import { useScreenKeys } from '../input-router.js';
import { GLOBAL_KEYS, PROMPT_KEYS } from '../keymap.js';

export function HelpScreen({
  kind,
  logPath,
  onClose,
  onQuit,
}: {
  kind: keyof typeof PROMPT_KEYS | null;
  logPath: string | null;
  onClose: () => void;
  onQuit: () => void;
}) {
  useScreenKeys((input, key) => {
    if (key.ctrl && input === 'c') return onQuit();
    onClose();
  });
  return (
    <Box flexDirection="column">
      <Text bold>Keys</Text>
      {GLOBAL_KEYS.map((b) => (
        <Text key={b.action}>
          <Text color="cyan">{`${b.key}  or  Ctrl-${b.ctrl.toUpperCase()}`.padEnd(14)}</Text>
          {b.description}
        </Text>
      ))}
      <Text dimColor>Plain letters work when no text field is open; Ctrl keys work everywhere.</Text>
      {kind ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>This screen</Text>
          {PROMPT_KEYS[kind].map((k) => (
            <Text key={k.keys}>
              <Text color="cyan">{k.keys.padEnd(20)}</Text>
              {k.description}
            </Text>
          ))}
        </Box>
      ) : null}
      <Box marginTop={1} flexDirection="column">
        <Text dimColor>Every answer is saved the moment you press Enter{logPath ? ` (${logPath})` : ''}.</Text>
        <Text dimColor>Leave at any time; run `incident` again to resume where you were.</Text>
        <Text dimColor>Press any key to close.</Text>
      </Box>
    </Box>
  );
}

import React from 'react';
import { Box, Text } from 'ink';
import type { ContextLine, Tone } from '../../machine/prompts.js';

const COLORS: Record<Tone, string | undefined> = { info: 'cyan', warn: 'yellow', good: 'green', dim: undefined, error: 'red' };

export function ContextLines({ lines }: { lines: readonly ContextLine[] }) {
  if (lines.length === 0) return null;
  return (
    <Box flexDirection="column" marginBottom={1}>
      {lines.map((l, i) => (
        <Text key={i} color={COLORS[l.tone]} dimColor={l.tone === 'dim'} wrap="wrap">
          {l.text}
        </Text>
      ))}
    </Box>
  );
}

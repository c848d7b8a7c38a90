import React from 'react';
import { Box } from 'ink';
import type { ContextLine } from '../../machine/prompts.js';
import { ToneText } from './tone-text.js';

export function ContextLines({ lines }: { lines: readonly ContextLine[] }) {
  if (lines.length === 0) return null;
  return (
    <Box flexDirection="column" marginBottom={1}>
      {lines.map((l, i) => (
        <ToneText key={i} tone={l.tone}>
          {l.text}
        </ToneText>
      ))}
    </Box>
  );
}

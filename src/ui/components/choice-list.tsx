import React from 'react';
import { Box, Text } from 'ink';
import type { Choice } from '../../machine/prompts.js';

export function ChoiceList({ choices, selected, numbered = true }: { choices: readonly Choice[]; selected: number; numbered?: boolean }) {
  return (
    <Box flexDirection="column">
      {choices.map((c, i) => {
        const active = i === selected;
        const n = i + 1;
        return (
          <Box key={c.value} flexDirection="column">
            <Text color={c.disabled ? 'gray' : active ? 'cyan' : undefined} bold={active}>
              {active ? '❯ ' : '  '}
              {numbered ? (n <= 9 ? `${n}. ` : '   ') : ''}
              {c.label}
              {c.recommended ? <Text color="green"> (recommended)</Text> : null}
            </Text>
            {active && (c.disabled || c.hint) ? (
              <Text color={c.disabled ? 'yellow' : undefined} dimColor={!c.disabled}>
                {'      '}
                {c.disabled ?? c.hint}
              </Text>
            ) : null}
          </Box>
        );
      })}
    </Box>
  );
}

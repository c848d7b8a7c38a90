import React from 'react';
import { Box, Text } from 'ink';
import type { Choice } from '../../machine/prompts.js';

/** Choices with their number in a column of their own, so long labels wrap under themselves. */
export function ChoiceList({ choices, selected, numbered = true }: { choices: readonly Choice[]; selected: number; numbered?: boolean }) {
  return (
    <Box flexDirection="column">
      {choices.map((c, i) => {
        const active = i === selected;
        const n = i + 1;
        const marker = `${active ? '❯ ' : '  '}${numbered ? (n <= 9 ? `${n}. ` : '   ') : ''}`;
        return (
          <Box key={c.value} flexDirection="column">
            <Box>
              <Box flexShrink={0}>
                <Text color={active ? 'cyan' : undefined}>{marker}</Text>
              </Box>
              <Text color={c.disabled ? 'gray' : active ? 'cyan' : undefined} bold={active} wrap="wrap">
                {c.label}
                {c.recommended ? <Text color="green"> (recommended)</Text> : null}
              </Text>
            </Box>
            {active && (c.disabled || c.hint) ? (
              <Box marginLeft={marker.length}>
                <Text color={c.disabled ? 'yellow' : undefined} dimColor={!c.disabled} wrap="wrap">
                  {c.disabled ?? c.hint}
                </Text>
              </Box>
            ) : null}
          </Box>
        );
      })}
    </Box>
  );
}

import React from 'react';
import { Box, Text } from 'ink';

/** Numbered tick boxes; long items wrap under their own text. */
export function Checklist({ items, selected }: { items: readonly { id: string; label: string; ticked: boolean }[]; selected: number }) {
  return (
    <Box flexDirection="column">
      {items.map((item, i) => {
        const on = i === selected;
        return (
          <Box key={item.id}>
            <Box flexShrink={0}>
              <Text color={on ? 'cyan' : undefined}>
                {on ? '❯ ' : '  '}
                {i < 9 ? `${i + 1}. ` : '   '}
                {item.ticked ? <Text color="green">[x]</Text> : '[ ]'}{' '}
              </Text>
            </Box>
            <Text color={on ? 'cyan' : undefined} bold={on} wrap="wrap">
              {item.label}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}

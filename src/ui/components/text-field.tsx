import React from 'react';
import { Box, Text } from 'ink';
import type { LineState } from '../text-editing.js';
import { EDITOR_KEY } from '../keymap.js';

const more = (n: number, where: string) =>
  `  ${where === 'above' ? '↑' : '↓'} ${n} more line${n === 1 ? '' : 's'} ${where} (${EDITOR_KEY.keys} shows all)`;

/** The part after the first line break is indented to line up under the text. */
const indent = (text: string) => text.replace(/\n/g, '\n  ');

/**
 * The answer's field with a block cursor; the keys are handled by the screen.
 * It shows what it is given: pass the text through useMaskedField first.
 * An answer from the editor can have several lines: each starts under the
 * first, and `above` / `below` count the lines left out to fit the terminal.
 */
export function TextField({
  state,
  placeholder,
  above = 0,
  below = 0,
}: {
  state: LineState;
  placeholder: string;
  above?: number;
  below?: number;
}) {
  const { value, cursor } = state;
  if (value === '') {
    return (
      <Text>
        <Text color="cyan">› </Text>
        <Text inverse> </Text>
        <Text dimColor>{placeholder}</Text>
      </Text>
    );
  }
  const at = value[cursor];
  return (
    <Box flexDirection="column">
      {above > 0 ? <Text dimColor>{more(above, 'above')}</Text> : null}
      <Text wrap="wrap">
        <Text color="cyan">› </Text>
        {indent(value.slice(0, cursor))}
        {/* On a line break the cursor is a space at the end of its line. */}
        <Text inverse>{at === undefined || at === '\n' ? ' ' : at}</Text>
        {indent(at === '\n' ? value.slice(cursor) : value.slice(cursor + 1))}
      </Text>
      {below > 0 ? <Text dimColor>{more(below, 'below')}</Text> : null}
    </Box>
  );
}

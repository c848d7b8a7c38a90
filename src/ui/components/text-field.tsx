import React from 'react';
import { Text } from 'ink';
import type { LineState } from '../text-editing.js';

/** A one-line field with a block cursor; the keys are handled by the screen. */
export function TextField({ state, placeholder }: { state: LineState; placeholder: string }) {
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
  return (
    <Text wrap="wrap">
      <Text color="cyan">› </Text>
      {value.slice(0, cursor)}
      <Text inverse>{value[cursor] ?? ' '}</Text>
      {value.slice(cursor + 1)}
    </Text>
  );
}

import React, { type ReactNode } from 'react';
import { Text } from 'ink';
import type { Tone } from '../../machine/prompts.js';

const COLORS: Record<Tone, string | undefined> = { info: 'cyan', warn: 'yellow', good: 'green', dim: undefined, error: 'red' };

/** Text coloured by what it means, so every screen says "warning" or "done" the same way. */
export function ToneText({ tone, wrap = 'wrap', children }: { tone: Tone; wrap?: 'wrap' | 'truncate-end'; children: ReactNode }) {
  return (
    <Text color={COLORS[tone]} dimColor={tone === 'dim'} wrap={wrap}>
      {children}
    </Text>
  );
}

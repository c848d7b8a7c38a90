import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { PHASES, type EventPhase, type Severity } from '../../domain/types.js';
import { formatClock } from '../../domain/format-time.js';

const PHASE_LABEL: Record<string, string> = { postmortem: 'post-mortem' };
const SEV_COLOR: Record<Severity, string> = { 'SEV-1': 'red', 'SEV-2': 'yellow', 'SEV-3': 'cyan', 'SEV-4': 'gray' };

export interface HeaderProps {
  title: string | null;
  severity: Severity | null;
  phase: EventPhase;
  /** When the clock in the header counts from (start of the problem, else declare time). */
  since: string | null;
  /** Once resolved, the clock stops and says how long it took. */
  resolvedAt: string | null;
  now: () => Date;
  practice?: boolean;
}

export function Header({ title, severity, phase, since, resolvedAt, now, practice }: HeaderProps) {
  const [tick, setTick] = useState(() => now());
  useEffect(() => {
    if (resolvedAt) return undefined;
    const timer = setInterval(() => setTick(now()), 1000);
    return () => clearInterval(timer);
  }, [now, resolvedAt]);
  const end = resolvedAt ? Date.parse(resolvedAt) : tick.getTime();
  const elapsed = since ? formatClock(end - Date.parse(since)) : null;
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Box>
        <Text backgroundColor="red" color="white" bold>
          {practice ? ' PRACTICE ' : ' INCIDENT '}
        </Text>
        <Text bold wrap="truncate-end">
          {' '}
          {title ?? 'New incident'}
        </Text>
      </Box>
      <Box>
        <Text color={severity ? SEV_COLOR[severity] : 'gray'} bold>
          {severity ?? 'SEV-?'}
        </Text>
        <Text dimColor>{'  ·  '}</Text>
        {PHASES.map((p, i) => (
          <Text key={p} color={p === phase ? 'cyan' : undefined} bold={p === phase} dimColor={p !== phase}>
            {i > 0 ? ' › ' : ''}
            {PHASE_LABEL[p] ?? p}
          </Text>
        ))}
        {phase === 'closed' ? <Text color="green"> › closed</Text> : null}
        {elapsed ? <Text dimColor>{resolvedAt ? `  ·  resolved after ${elapsed}` : `  ·  ${elapsed} since start`}</Text> : null}
      </Box>
    </Box>
  );
}

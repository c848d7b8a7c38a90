import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { useTerminalSize } from '../use-terminal-size.js';
import { PHASES, type EventPhase, type Severity } from '../../domain/types.js';
import { formatClock } from '../../domain/format-time.js';

const PHASE_LABEL: Record<string, string> = { postmortem: 'post-mortem' };
const SEV_COLOR: Record<Severity, string> = { 'SEV-1': 'red', 'SEV-2': 'yellow', 'SEV-3': 'cyan', 'SEV-4': 'gray' };
/** Below this width the phase bar shows only the current phase. */
const FULL_BAR_COLUMNS = 76;

export interface HeaderProps {
  title: string | null;
  severity: Severity | null;
  phase: EventPhase;
  /** When the clock in the header counts from (start of the problem, else declare time). */
  since: string | null;
  /** Once resolved, the clock stops and says how long it took. */
  resolvedAt: string | null;
  /** When the next status update is due (epoch ms); null when none is. */
  updateDue?: number | null;
  now: () => Date;
  practice?: boolean;
  /** A drill: the full incident header, badged so no one takes it for a real one. */
  drill?: boolean;
}

export function Header({ title, severity, phase, since, resolvedAt, updateDue = null, now, practice, drill }: HeaderProps) {
  const { columns } = useTerminalSize();
  const [tick, setTick] = useState(() => now());
  useEffect(() => {
    if (resolvedAt && updateDue === null) return undefined;
    const timer = setInterval(() => setTick(now()), 1000);
    return () => clearInterval(timer);
  }, [now, resolvedAt, updateDue]);
  const untilUpdate = updateDue === null ? null : updateDue - tick.getTime();
  const end = resolvedAt ? Date.parse(resolvedAt) : tick.getTime();
  const elapsed = since ? formatClock(end - Date.parse(since)) : null;
  const wide = columns >= FULL_BAR_COLUMNS;
  const index = PHASES.indexOf(phase as (typeof PHASES)[number]);
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Box>
        <Box flexShrink={0}>
          <Text backgroundColor={drill ? 'magenta' : 'red'} color="white" bold>
            {practice ? ' PRACTICE ' : drill ? ' DRILL ' : ' INCIDENT '}
          </Text>
        </Box>
        <Box flexGrow={1} flexShrink={1} marginLeft={1}>
          <Text bold wrap="truncate-end">
            {title ?? 'New incident'}
          </Text>
        </Box>
        {untilUpdate !== null ? (
          <Box flexShrink={0} marginLeft={1}>
            {untilUpdate >= 0 ? (
              <Text
                color={untilUpdate < 120_000 ? 'yellow' : undefined}
                dimColor={untilUpdate >= 120_000}
              >{`update in ${formatClock(untilUpdate)}`}</Text>
            ) : (
              <Text backgroundColor="red" color="white" bold>{` UPDATE OVERDUE ${formatClock(-untilUpdate)} (u) `}</Text>
            )}
          </Box>
        ) : null}
        {elapsed ? (
          <Box flexShrink={0} marginLeft={1}>
            <Text color={resolvedAt ? 'green' : undefined}>{resolvedAt ? `resolved after ${elapsed}` : `⏱ ${elapsed}`}</Text>
          </Box>
        ) : null}
      </Box>
      {practice ? (
        <Text dimColor>Practice: nothing here touches a real incident.</Text>
      ) : (
        <Box>
          <Box flexShrink={0}>
            <Text color={severity ? SEV_COLOR[severity] : 'gray'} bold>
              {severity ?? 'SEV-?'}
            </Text>
            <Text dimColor>{'  ·  '}</Text>
          </Box>
          {phase === 'closed' ? (
            <Text color="green">closed</Text>
          ) : wide ? (
            PHASES.map((p, i) => (
              <Box key={p} flexShrink={0}>
                <Text color={p === phase ? 'cyan' : undefined} bold={p === phase} dimColor={p !== phase}>
                  {i > 0 ? ' › ' : ''}
                  {/* Brackets too, so the current phase shows without colour (NO_COLOR, TERM=dumb). */}
                  {p === phase ? `[${PHASE_LABEL[p] ?? p}]` : (PHASE_LABEL[p] ?? p)}
                </Text>
              </Box>
            ))
          ) : (
            <Text color="cyan" bold>
              {index >= 0 ? `${PHASE_LABEL[phase] ?? phase} (${index + 1}/${PHASES.length})` : phase}
            </Text>
          )}
        </Box>
      )}
    </Box>
  );
}

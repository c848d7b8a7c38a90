import React, { useState } from 'react';
import { Box, Text } from 'ink';
import type { Runbook } from '../../domain/runbook.js';
import { useScreenKeys } from '../input-router.js';
import { Footer } from '../components/footer.js';

export interface PickerEntry {
  runbook: Runbook;
  /** Why it is offered first: the symptoms it shares with this incident. */
  matched: boolean;
}

interface Props {
  entries: readonly PickerEntry[];
  problems: readonly string[];
  height: number;
  onPick: (runbook: Runbook) => void;
  onClose: () => void;
  onQuit: () => void;
}

export function RunbookPicker({ entries, problems, height, onPick, onClose, onQuit }: Props) {
  const [selected, setSelected] = useState(0);
  const page = Math.max(3, height);
  const top = Math.min(Math.max(0, selected - page + 1), Math.max(0, entries.length - page));

  useScreenKeys((input, key) => {
    if (key.ctrl && input === 'c') return onQuit();
    if (key.escape || input === 'q' || input === 'r') return onClose();
    if (key.upArrow) setSelected((s) => Math.max(0, s - 1));
    else if (key.downArrow) setSelected((s) => Math.min(entries.length - 1, s + 1));
    else if (key.return && entries[selected]) onPick(entries[selected]!.runbook);
  });

  const active = entries[selected]?.runbook;
  return (
    <Box flexDirection="column">
      <Text bold>Runbooks</Text>
      {entries.length === 0 ? <Text dimColor>No runbooks found.</Text> : null}
      {entries.slice(top, top + page).map((e, i) => {
        const on = top + i === selected;
        return (
          <Text key={e.runbook.id} color={on ? 'cyan' : undefined} bold={on} wrap="truncate-end">
            {on ? '❯ ' : '  '}
            {e.runbook.title}
            <Text dimColor>{`  ${e.runbook.phase}`}</Text>
            {e.matched ? <Text color="green"> ← matches this incident</Text> : null}
          </Text>
        );
      })}
      {active ? (
        <Box marginTop={1}>
          <Text dimColor wrap="wrap">
            {active.summary}
          </Text>
        </Box>
      ) : null}
      {problems.length > 0 ? (
        <Text color="yellow">{`${problems.length} runbook file(s) have errors: \`incident runbook lint\` lists them.`}</Text>
      ) : null}
      <Footer
        screenKeys={[
          { keys: '↑ ↓', description: 'move' },
          { keys: 'Enter', description: 'open' },
          { keys: 'Esc', description: 'back' },
        ]}
        typing={false}
        globals={false}
        status={null}
      />
    </Box>
  );
}

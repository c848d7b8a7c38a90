import React, { useState } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import type { IncidentSession } from '../session/types.js';
import type { IncidentSummary } from '../domain/types.js';
import { formatDuration } from '../domain/format-time.js';
import { App } from './app.js';
import { ChoiceList } from './components/choice-list.js';
import { Footer } from './components/footer.js';

export type OpenSession = (id: string | null) => { ok: true; session: IncidentSession } | { ok: false; error: string };

export interface RootProps {
  /** Open incidents to offer for resuming; empty means straight to a new one. */
  open: IncidentSummary[];
  initial: IncidentSession | null;
  openSession: OpenSession;
  now: () => Date;
  rawInput: boolean;
  onSession: (s: IncidentSession) => void;
}

export function Root({ open, initial, openSession, now, rawInput, onSession }: RootProps) {
  const { exit } = useApp();
  const [session, setSession] = useState<IncidentSession | null>(initial);
  const [selected, setSelected] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const choices = [
    ...open.map((i) => ({
      value: i.id,
      label: `Resume: ${i.title}`,
      hint: `${i.severity ?? 'SEV-?'} · ${i.phase} · started ${i.startedAt ?? i.declaredAt ? `${formatDuration(now().getTime() - Date.parse(i.startedAt ?? i.declaredAt))} ago` : '?'} · ${i.id}`,
    })),
    { value: '', label: 'Declare a new incident', hint: 'The open ones stay open; resume them later.' },
  ];

  const choose = (index: number) => {
    const c = choices[index];
    if (!c) return;
    const result = openSession(c.value === '' ? null : c.value);
    if (!result.ok) return setError(result.error);
    onSession(result.session);
    setSession(result.session);
  };

  useInput(
    (input, key) => {
      if ((key.ctrl && input === 'c') || input === 'q') return exit();
      if (key.upArrow) setSelected((s) => (s - 1 + choices.length) % choices.length);
      else if (key.downArrow) setSelected((s) => (s + 1) % choices.length);
      else if (key.return) choose(selected);
      else if (/^[1-9]$/.test(input)) choose(Number(input) - 1);
    },
    { isActive: rawInput && session === null },
  );

  if (session) return <App session={session} now={now} rawInput={rawInput} onQuit={() => exit()} />;
  return (
    <Box flexDirection="column">
      <Text bold>
        {open.length === 1 ? 'An incident is still open.' : `${open.length} incidents are still open.`}
      </Text>
      <Box marginTop={1}>
        <ChoiceList choices={choices} selected={selected} />
      </Box>
      <Footer
        screenKeys={[
          { keys: '↑ ↓ 1-9', description: 'move / choose' },
          { keys: 'Enter', description: 'open' },
          { keys: 'q', description: 'leave' },
        ]}
        typing={false}
        globals={false}
        status={error ? { text: error, tone: 'error' } : null}
      />
    </Box>
  );
}

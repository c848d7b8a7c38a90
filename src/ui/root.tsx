import React, { useState } from 'react';
import { Box, Text, useApp } from 'ink';
import { InputRouter, useScreenKeys } from './input-router.js';
import type { Holder, IncidentSession, ReadOnlyIncident } from '../session/types.js';
import type { IncidentSummary } from '../domain/types.js';
import { formatDuration } from '../domain/format-time.js';
import { App, type LoadRunbooks } from './app.js';
import { ChoiceList } from './components/choice-list.js';
import { Footer } from './components/footer.js';
import { ReadOnlyScreen } from './screens/read-only-screen.js';

/** `view`: the incident is held by another live session, and can be watched read-only. */
export type OpenSession = (
  id: string | null,
) => { ok: true; session: IncidentSession } | { ok: false; error: string; view?: ReadOnlyIncident };

export interface RootProps {
  /** Open incidents to offer for resuming; empty means straight to a new one. */
  open: IncidentSummary[];
  initial: IncidentSession | null;
  openSession: OpenSession;
  now: () => Date;
  /** False when stdin cannot be put in raw mode: then nothing listens for keys. */
  rawInput: boolean;
  loadRunbooks?: LoadRunbooks;
  practice?: boolean;
  /** Ctrl-Z: hand the terminal back to the shell until `fg`. */
  onSuspend?: () => void;
  /** The live session holding an open incident, if another terminal has it. */
  heldBy?: (id: string) => Holder | null;
}

export function Root({ open, initial, openSession, now, rawInput, loadRunbooks, practice, onSuspend, heldBy }: RootProps) {
  const { exit } = useApp();
  const [session, setSession] = useState<IncidentSession | null>(initial);
  const [view, setView] = useState<ReadOnlyIncident | null>(null);
  const takeOver = (id: string): string | null => {
    const result = openSession(id);
    if (result.ok) {
      setView(null);
      setSession(result.session);
      return null;
    }
    // Someone else was quicker: keep watching, now them.
    if (result.view) setView(result.view);
    return result.error;
  };
  return (
    <InputRouter rawInput={rawInput} onSuspend={onSuspend}>
      {session ? (
        <App session={session} now={now} onQuit={() => exit()} loadRunbooks={loadRunbooks} practice={practice} />
      ) : view ? (
        <ReadOnlyScreen key={view.id} view={view} now={now} onQuit={() => exit()} onTakeOver={() => takeOver(view.id)} />
      ) : (
        <ResumeChooser
          open={open}
          now={now}
          openSession={openSession}
          onOpen={setSession}
          onView={setView}
          onQuit={() => exit()}
          heldBy={heldBy}
        />
      )}
    </InputRouter>
  );
}

function ResumeChooser({
  open,
  now,
  openSession,
  onOpen,
  onView,
  onQuit,
  heldBy,
}: {
  open: IncidentSummary[];
  now: () => Date;
  openSession: OpenSession;
  onOpen: (s: IncidentSession) => void;
  onView: (v: ReadOnlyIncident) => void;
  onQuit: () => void;
  heldBy?: (id: string) => Holder | null;
}) {
  const [selected, setSelected] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const choices = [
    ...open.map((i) => {
      const since = i.startedAt ?? i.declaredAt;
      const held = heldBy?.(i.id) ? ' · open in another terminal: read-only here' : '';
      return {
        value: i.id,
        label: `Resume: ${i.title}`,
        hint: `${i.severity ?? 'SEV-?'} · ${i.phase} · started ${formatDuration(now().getTime() - Date.parse(since))} ago · ${i.id}${held}`,
      };
    }),
    { value: '', label: 'Declare a new incident', hint: 'The open ones stay open; resume them later.' },
  ];

  const choose = (index: number) => {
    const c = choices[index];
    if (!c) return;
    const result = openSession(c.value === '' ? null : c.value);
    if (!result.ok) return result.view ? onView(result.view) : setError(result.error);
    onOpen(result.session);
  };

  useScreenKeys((input, key) => {
    if ((key.ctrl && input === 'c') || input === 'q') return onQuit();
    if (key.upArrow) setSelected((s) => (s - 1 + choices.length) % choices.length);
    else if (key.downArrow) setSelected((s) => (s + 1) % choices.length);
    else if (key.return) choose(selected);
    else if (/^[1-9]$/.test(input)) choose(Number(input) - 1);
  });

  return (
    <Box flexDirection="column">
      <Text bold>{open.length === 1 ? 'An incident is still open.' : `${open.length} incidents are still open.`}</Text>
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

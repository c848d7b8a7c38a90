import React, { useEffect, useState } from 'react';
import { Box, Text, useApp, useStdout } from 'ink';
import { useTerminalSize } from './use-terminal-size.js';
import { InputRouter, useScreenKeys } from './input-router.js';
import type { Holder, IncidentSession, ReadOnlyIncident } from '../session/types.js';
import type { IncidentSummary } from '../domain/types.js';
import { formatDuration } from '../domain/format-time.js';
import { App, type LoadRunbooks } from './app.js';
import { ChoiceList } from './components/choice-list.js';
import { Footer } from './components/footer.js';
import { ReadOnlyScreen } from './screens/read-only-screen.js';
import { DrillBriefingScreen, type DrillBriefing } from './screens/drill-briefing.js';

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
  /** A drill: its briefing comes first, and Enter on it starts the clock. */
  briefing?: { briefing: DrillBriefing; onStart: () => void };
}

/** Below this the questions, choices and keys cannot all be shown: say so instead of drawing a broken screen. */
export const MIN_COLUMNS = 50;
export const MIN_ROWS = 14;

export function Root({ open, initial, openSession, now, rawInput, loadRunbooks, practice, onSuspend, heldBy, briefing }: RootProps) {
  const { exit } = useApp();
  const [briefed, setBriefed] = useState(!briefing);
  const [session, setSession] = useState<IncidentSession | null>(initial);
  const [view, setView] = useState<ReadOnlyIncident | null>(null);
  const { columns, rows } = useTerminalSize();
  useClearOnResize();
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
      {columns < MIN_COLUMNS || rows < MIN_ROWS ? (
        <TooSmall columns={columns} rows={rows} onQuit={() => exit()} />
      ) : briefing && !briefed ? (
        <DrillBriefingScreen
          briefing={briefing.briefing}
          onQuit={() => exit()}
          onStart={() => {
            briefing.onStart();
            setBriefed(true);
          }}
        />
      ) : session ? (
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

/**
 * A terminal that reflows on resize leaves lines of the old frame that Ink's
 * own clearing (it counts lines) misses — a second header, half a question.
 * Clearing the screen before Ink draws again leaves only the new frame.
 */
function useClearOnResize(): void {
  const { stdout } = useStdout();
  useEffect(() => {
    const clear = () => {
      stdout.write('\u001B[2J\u001B[H');
    };
    // Before Ink's own listener, which redraws.
    stdout.prependListener('resize', clear);
    return () => {
      stdout.off('resize', clear);
    };
  }, [stdout]);
}

/** Shown while the terminal is too small; everything is saved, and enlarging it brings the incident back. */
function TooSmall({ columns, rows, onQuit }: { columns: number; rows: number; onQuit: () => void }) {
  useScreenKeys((input, key) => {
    if ((key.ctrl && input === 'c') || input === 'q') onQuit();
  });
  return (
    <Box flexDirection="column">
      <Text
        bold
        color="yellow"
        wrap="wrap"
      >{`The terminal is ${columns}×${rows}; incident needs at least ${MIN_COLUMNS}×${MIN_ROWS}.`}</Text>
      <Text wrap="wrap">Enlarge it and the incident comes back where it was. Everything is saved; q leaves.</Text>
    </Box>
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

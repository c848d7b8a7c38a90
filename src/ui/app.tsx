import React, { useState, useSyncExternalStore } from 'react';
import { Box } from 'ink';
import { useTerminalSize } from './use-terminal-size.js';
import { useSelector } from '@xstate/react';
import type { IncidentSession } from '../session/types.js';
import { promptFor } from '../machine/prompts.js';
import type { GlobalAction } from './keymap.js';
import { Header } from './components/header.js';
import { PromptScreen, type Status } from './screens/prompt-screen.js';
import { NoteScreen } from './screens/note-screen.js';
import { TimelineScreen } from './screens/timeline-screen.js';
import { HelpScreen } from './screens/help-screen.js';

type Overlay = 'note' | 'timeline' | 'help' | null;

export interface AppProps {
  session: IncidentSession;
  now: () => Date;
  onQuit: () => void;
  practice?: boolean;
}

export function App({ session, now, onQuit, practice }: AppProps) {
  const snapshot = useSelector(session.actor, (s) => s);
  const entries = useSyncExternalStore(
    (l) => session.subscribeEntries(l),
    () => session.entries,
  );
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [status, setStatus] = useState<Status | null>(
    session.warnings.length > 0 ? { text: `⚠ ${session.warnings.join(' · ')}`, tone: 'error' } : null,
  );
  const { rows } = useTerminalSize();

  const facts = snapshot.context.facts;
  const prompt = promptFor(snapshot, now());

  const onGlobal = (action: GlobalAction) => {
    if (action === 'quit') return onQuit();
    if (action === 'note' && !session.id) {
      setStatus({ text: 'Say what is broken first — that declares the incident — then notes can be added.', tone: 'error' });
      return;
    }
    if (action === 'timeline') session.refreshEntries();
    setOverlay(action);
  };

  return (
    <Box flexDirection="column">
      <Header
        title={facts?.title ?? null}
        severity={facts?.severity ?? null}
        phase={snapshot.context.phase}
        since={facts ? (facts.startedAt ?? facts.declaredAt) : null}
        resolvedAt={facts?.resolvedAt ?? null}
        now={now}
        practice={practice}
      />
      {overlay === 'note' ? (
        <NoteScreen
          session={session}
          onQuit={onQuit}
          onDone={(s) => {
            setOverlay(null);
            if (s) setStatus(s);
          }}
        />
      ) : null}
      {overlay === 'timeline' ? (
        // Header, title and footer take ~8 rows; the live frame must stay shorter than the terminal.
        <TimelineScreen entries={entries} height={rows - 9} onClose={() => setOverlay(null)} onQuit={onQuit} />
      ) : null}
      {overlay === 'help' ? (
        <HelpScreen
          kind={prompt.kind === 'text' || prompt.kind === 'choice' || prompt.kind === 'checklist' ? prompt.kind : null}
          logPath={session.logPath}
          onClose={() => setOverlay(null)}
          onQuit={onQuit}
        />
      ) : null}
      {overlay === null ? <PromptScreen session={session} now={now} status={status} onStatus={setStatus} onGlobal={onGlobal} /> : null}
    </Box>
  );
}

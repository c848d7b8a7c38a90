// An incident another terminal holds: its header and timeline, updated as
// that session (or `incident note` anywhere) appends, and notes added from
// here. Once the holder leaves, Enter takes the incident over.
import React, { useState, useSyncExternalStore } from 'react';
import { Box, Text } from 'ink';
import { useScreenKeys } from '../input-router.js';
import type { Holder, ReadOnlyIncident } from '../../session/types.js';
import { updateDueAt } from '../../domain/status-update.js';
import { Header } from '../components/header.js';
import { Footer } from '../components/footer.js';
import { count, TimelineList, useTimelineRows, useTimelineScroll } from '../components/timeline-list.js';
import { useTerminalSize } from '../use-terminal-size.js';
import { NoteScreen } from './note-screen.js';
import type { Status } from './prompt-screen.js';

export interface ReadOnlyProps {
  view: ReadOnlyIncident;
  now: () => Date;
  onQuit: () => void;
  /** Opens the incident for writing; the reason when it could not be. */
  onTakeOver: () => string | null;
}

const hhmm = (iso: string) => {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

export function holderLine(holder: Holder | null): { text: string; tone: 'yellow' | 'green' } {
  return holder
    ? {
        text: `Read-only: held by pid ${holder.pid} on ${holder.host} since ${hhmm(holder.startedAt)}; \`incident note\` adds notes`,
        tone: 'yellow',
      }
    : { text: 'The other session has ended: Enter takes the incident over (opens it here).', tone: 'green' };
}

export function ReadOnlyScreen({ view, now, onQuit, onTakeOver }: ReadOnlyProps) {
  useSyncExternalStore(
    (l) => view.subscribe(l),
    () => view.version,
  );
  const [noting, setNoting] = useState(false);
  const [status, setStatus] = useState<Status | null>(null);
  const facts = view.facts;
  const line = holderLine(view.holder);
  return (
    <Box flexDirection="column">
      <Header
        title={facts?.title ?? view.id}
        severity={facts?.severity ?? null}
        phase={view.phase}
        since={facts ? (facts.startedAt ?? facts.declaredAt) : null}
        resolvedAt={facts?.resolvedAt ?? null}
        updateDue={facts && view.phase !== 'closed' ? (updateDueAt(facts, facts.updates)?.getTime() ?? null) : null}
        now={now}
      />
      <Text color={line.tone} wrap="truncate-end">
        {line.text}
      </Text>
      {noting ? (
        <NoteScreen
          session={view}
          now={now}
          onQuit={onQuit}
          onDone={(s) => {
            setNoting(false);
            setStatus(s);
          }}
        />
      ) : (
        <ReadOnlyTimeline
          view={view}
          status={status}
          onQuit={onQuit}
          onNote={() => {
            setStatus(null);
            setNoting(true);
          }}
          onTakeOver={() => {
            const error = onTakeOver();
            if (error) setStatus({ text: error, tone: 'error' });
          }}
        />
      )}
    </Box>
  );
}

function ReadOnlyTimeline({
  view,
  status,
  onQuit,
  onNote,
  onTakeOver,
}: {
  view: ReadOnlyIncident;
  status: Status | null;
  onQuit: () => void;
  onNote: () => void;
  onTakeOver: () => void;
}) {
  const { rows: height } = useTerminalSize();
  const rows = useTimelineRows(view.entries);
  // Header, the holder's line, the title and the footer take ~9 rows; the frame must stay shorter than the terminal.
  const scroll = useTimelineScroll(rows.length, height - 10);
  const released = view.holder === null;

  useScreenKeys((input, key) => {
    if ((key.ctrl && input === 'c') || input === 'q') return onQuit();
    if (input === 'n' || (key.ctrl && input === 'n')) return onNote();
    if (input === 't') return scroll.toEnd();
    if (key.return && released) return onTakeOver();
    scroll.onKey(input, key);
  });

  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>
        Timeline <Text dimColor>({count(rows.length)} events · local time · updates as they are recorded)</Text>
      </Text>
      <TimelineList rows={rows} top={scroll.top} page={scroll.page} />
      <Footer
        screenKeys={[
          ...(released ? [{ keys: 'Enter', description: 'take over' }] : []),
          { keys: '↑ ↓ PgUp PgDn', description: 'scroll' },
          { keys: 't', description: 'latest' },
          { keys: 'n', description: 'add a note' },
          { keys: 'q', description: 'leave' },
        ]}
        typing={false}
        globals={false}
        status={status}
      />
    </Box>
  );
}

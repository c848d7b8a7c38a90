import React, { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useScreenKeys } from '../input-router.js';
import type { NoteTarget } from '../../session/types.js';
import { applyKey, maskedText, type LineState } from '../text-editing.js';
import { Footer } from '../components/footer.js';
import { readTimedNote } from '../../domain/backfill.js';
import { TextField } from '../components/text-field.js';
import type { Status } from './prompt-screen.js';
import { EDITOR_KEY, isEditorKey } from '../keymap.js';
import { fieldWindow } from '../fit-context.js';
import { useMaskedField } from '../use-masked-field.js';
import { useTerminalSize } from '../use-terminal-size.js';

const NOTE_DRAFT = 'note';

export function NoteScreen({
  session,
  now,
  onDone,
  onQuit,
}: {
  session: NoteTarget;
  now: () => Date;
  onDone: (s: Status | null) => void;
  onQuit: () => void;
}) {
  const initial = session.drafts.get(NOTE_DRAFT) ?? '';
  // A ref, so keys arriving before the next render never act on a stale line.
  const lineRef = useRef<LineState>({ value: initial, cursor: initial.length });
  const [line, setLineState] = useState<LineState>(lineRef.current);
  const setLine = (next: LineState) => {
    lineRef.current = next;
    setLineState(next);
  };
  const [error, setError] = useState<string | null>(null);
  const masked = useMaskedField(line);
  const editing = useRef(false);
  const { rows, columns } = useTerminalSize();

  const openEditor = () => {
    editing.current = true;
    void session.editText(maskedText(lineRef.current), NOTE_DRAFT).then((outcome) => {
      editing.current = false;
      setLine({ value: outcome.text, cursor: outcome.text.length });
      session.drafts.set(NOTE_DRAFT, outcome.text);
      setError(outcome.ok ? null : outcome.error);
    });
  };

  useScreenKeys((input, key) => {
    // Keys that raced the hand-over belong to nobody: the editor has the terminal.
    if (editing.current) return;
    if (key.ctrl && input === 'c') return onQuit();
    // Esc keeps the half-written note as a draft for next time.
    if (key.escape) return onDone(null);
    if (isEditorKey(input, key)) return openEditor();
    const { state, submit } = applyKey(lineRef.current, input, key);
    if (state !== lineRef.current) {
      setLine(state);
      session.drafts.set(NOTE_DRAFT, maskedText(state));
    }
    if (!submit) return;
    // What leaves the field has its secrets masked, those it remembers too.
    const text = maskedText(state);
    if (text.trim() === '') return onDone(null);
    // "01:52 deploy finished": something that happened before it was written down.
    const start = session.incidentStart;
    const timed = readTimedNote(text, now(), start ? new Date(start) : undefined);
    if (!timed.ok) return setError(timed.error);
    const outcome = session.addNote(timed.text, timed.occurredAt ?? undefined);
    if (!outcome.ok) return setError(outcome.error);
    session.drafts.clear(NOTE_DRAFT);
    onDone({
      text: `✓ note saved${outcome.entry ? ` ${new Date(outcome.entry.at).toLocaleTimeString(undefined, { hour12: false })}` : ''}`,
      tone: 'good',
    });
  });

  // Header, title, help, the footer and the app's hint lines take ~14 rows.
  const shown = fieldWindow(masked.value, masked.cursor, Math.max(3, rows - 14), columns);
  return (
    <Box flexDirection="column">
      <Text bold>Add a note to the timeline</Text>
      <Text dimColor>What you saw, did or decided — stamped with the time now. Start with HH:MM if it happened earlier.</Text>
      <Box marginTop={1}>
        <TextField
          state={{ value: shown.value, cursor: shown.cursor }}
          placeholder="e.g. restarted api-3, error rate unchanged"
          above={shown.above}
          below={shown.below}
        />
      </Box>
      <Footer
        screenKeys={[
          { keys: 'Enter', description: 'save note' },
          { keys: EDITOR_KEY.keys, description: EDITOR_KEY.description },
          { keys: 'Esc', description: 'back (draft kept)' },
          { keys: 'Ctrl-C', description: 'leave' },
        ]}
        typing
        globals={false}
        status={error ? { text: error, tone: 'error' } : null}
      />
    </Box>
  );
}

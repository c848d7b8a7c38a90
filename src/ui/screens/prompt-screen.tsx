import React, { useReducer, useRef } from 'react';
import { Box, Text } from 'ink';
import type { Prompt, PromptAction, SubmitResult } from '../../machine/prompts.js';
import type { IncidentSession } from '../../session/types.js';
import { applyKey, maskedText, type LineState } from '../text-editing.js';
import { globalActionFor, isEditorKey, PROMPT_KEYS, type GlobalAction } from '../keymap.js';
import { useScreenKeys } from '../input-router.js';
import { TextField } from '../components/text-field.js';
import { ChoiceList } from '../components/choice-list.js';
import { Checklist } from '../components/checklist.js';
import { ContextLines } from '../components/context-lines.js';
import { Footer } from '../components/footer.js';
import { fieldWindow, fitContext, fitText, linesTall } from '../fit-context.js';
import { useTerminalSize } from '../use-terminal-size.js';
import { useMaskedField } from '../use-masked-field.js';

export interface Status {
  text: string;
  tone: 'good' | 'error' | 'dim';
}

/** Where the question comes from: the incident flow, or the runbook being walked. */
export type PromptSource = () => { prompt: Prompt; identity: string };

interface Props {
  source: PromptSource;
  session: IncidentSession;
  now: () => Date;
  status: Status | null;
  onStatus: (s: Status | null) => void;
  onGlobal: (a: GlobalAction) => void;
  /** Esc: leave this flow (a runbook walk goes back to the incident). */
  onEscape?: () => void;
  /** What Esc does, for the footer. */
  escapeLabel?: string;
  /** Enter or Esc on a finished flow. */
  onClosed?: () => void;
  /** What that does, for the footer: "close" when it returns to the incident, "leave" when the program ends. */
  closedLabel?: string;
  /** Global keys that do nothing here (left out of the footer). */
  hiddenKeys?: readonly GlobalAction[];
  /** Rows the app draws outside this screen besides the header (a hint line). */
  reservedRows?: number;
  /** After an action was accepted; `screen` actions go only here, never to the session. */
  onSent?: (action: PromptAction) => void;
}

interface FieldState {
  identity: string;
  line: LineState;
  selected: number;
}

const savedAt = (now: Date) => `✓ saved ${now.toLocaleTimeString(undefined, { hour12: false })}`;

export function PromptScreen({
  source,
  session,
  now,
  status,
  onStatus,
  onGlobal,
  onEscape,
  escapeLabel = 'back to the incident',
  onClosed,
  closedLabel = 'close',
  hiddenKeys = [],
  reservedRows = 0,
  onSent,
}: Props) {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const field = useRef<FieldState | null>(null);
  const editing = useRef(false);

  // Keys can arrive faster than React re-renders (pastes, tmux, fast typists), so every key
  // reads the machine's current question and the field's latest text, never a render's copy.
  const current = (): { prompt: Prompt; state: FieldState } => {
    const { prompt, identity } = source();
    if (field.current?.identity !== identity) {
      const draft = prompt.kind === 'text' ? (session.drafts.get(prompt.step) ?? '') : '';
      const firstEnabled =
        prompt.kind === 'choice'
          ? Math.max(
              0,
              prompt.choices.findIndex((c) => !c.disabled),
            )
          : 0;
      field.current = { identity, line: { value: draft, cursor: draft.length }, selected: firstEnabled };
    }
    return { prompt, state: field.current };
  };

  const send = (result: SubmitResult): boolean => {
    if (!result.ok) {
      onStatus({ text: result.error, tone: 'error' });
      return false;
    }
    if (result.action.type === 'screen') {
      onSent?.(result.action);
      return true;
    }
    const outcome = session.submit(result.action);
    if (!outcome.ok) {
      onStatus({ text: outcome.error, tone: 'error' });
      return false;
    }
    // Some actions record later (a command running, a watch started): only a written entry is "saved".
    onStatus(outcome.entry ? { text: savedAt(now()), tone: 'good' } : null);
    onSent?.(result.action);
    return true;
  };

  // The session hands the terminal to the editor; what comes back goes into the field, for Enter to save.
  const openEditor = (step: string, identity: string, text: string) => {
    editing.current = true;
    void session.editText(text, step).then((outcome) => {
      editing.current = false;
      session.drafts.set(step, outcome.text);
      current();
      // Had the question moved on meanwhile, the text waits as that question's draft.
      if (field.current?.identity === identity) field.current.line = { value: outcome.text, cursor: outcome.text.length };
      onStatus(
        outcome.ok ? { text: 'From the editor: check it, then Enter saves it.', tone: 'dim' } : { text: outcome.error, tone: 'error' },
      );
      redraw();
    });
  };

  useScreenKeys((input, key) => {
    // Keys that raced the hand-over belong to nobody: the editor has the terminal.
    if (editing.current) return;
    const { prompt, state } = current();
    const global = globalActionFor(input, key, prompt.kind === 'text');
    if (global) return onGlobal(global);
    if (prompt.kind === 'closed' && onClosed && (key.return || key.escape)) return onClosed();
    if (key.escape && onEscape) return onEscape();
    // What leaves the field (the draft, the editor, the answer) has its secrets masked, remembered ones too.
    if (prompt.kind === 'text' && isEditorKey(input, key)) return openEditor(prompt.step, state.identity, maskedText(state.line));
    if (prompt.kind === 'text') {
      const { state: next, submit, pasted } = applyKey(state.line, input, key);
      if (next !== state.line) {
        state.line = next;
        session.drafts.set(prompt.step, maskedText(next));
      }
      if (submit && send(prompt.submit(maskedText(next), now(), { pasted }))) {
        session.drafts.clear(prompt.step);
        state.line = { value: '', cursor: 0 };
      }
    } else if (prompt.kind === 'choice' || prompt.kind === 'checklist') {
      const rows = prompt.kind === 'choice' ? prompt.choices.length : prompt.items.length + prompt.actions.length;
      if (key.upArrow) state.selected = (state.selected - 1 + rows) % rows;
      else if (key.downArrow || key.tab) state.selected = (state.selected + 1) % rows;
      else if (prompt.kind === 'choice') {
        const digit = /^[1-9]$/.test(input) ? Number(input) - 1 : -1;
        if (digit >= 0 && digit < rows) {
          state.selected = digit;
          send(prompt.submit(prompt.choices[digit]!.value));
        } else if (key.return) send(prompt.submit(prompt.choices[state.selected]!.value));
      } else {
        // A digit ticks that item directly, as it chooses that option on a choice screen.
        const digit = /^[1-9]$/.test(input) ? Number(input) - 1 : -1;
        if (digit >= 0 && digit < prompt.items.length) state.selected = digit;
        const item = prompt.items[state.selected];
        const act = prompt.actions[state.selected - prompt.items.length];
        if (item && (input === ' ' || key.return || digit >= 0)) send({ ok: true, action: prompt.toggle(item.id) });
        else if (act && key.return) send(prompt.submit(act.value));
      }
    }
    redraw();
  });

  const { prompt, state } = current();
  const { rows, columns } = useTerminalSize();
  const masked = useMaskedField(state.line);
  if (prompt.kind === 'closed') {
    return (
      <Box flexDirection="column">
        <Text bold color="green">
          {prompt.question}
        </Text>
        <ContextLines lines={prompt.context} />
        <Footer screenKeys={onClosed ? [{ keys: 'Enter', description: closedLabel }] : []} typing={false} status={null} hidden={hiddenKeys} />
      </Box>
    );
  }
  // Everything but the context, as drawn: header 3, question, help, a blank, the input, footer 4.
  // A long answer from the editor gets what is left after those and two rows of question.
  const shown = fieldWindow(masked.value, masked.cursor, Math.max(3, rows - 2 - (3 + reservedRows + 1 + 4) - 2), columns);
  const input =
    prompt.kind === 'text'
      ? linesTall(`›  ${shown.value || prompt.placeholder}`, columns) + (shown.above > 0 ? 1 : 0) + (shown.below > 0 ? 1 : 0)
      : prompt.kind === 'choice'
        ? prompt.choices.length + 1
        : prompt.kind === 'checklist'
          ? prompt.items.length + prompt.actions.length + 2
          : 1;
  const hints = prompt.kind === 'text' && prompt.hints ? fitContext(prompt.hints(masked.value), 4, columns) : [];
  // Ink clears the scrollback when a frame is as tall as the terminal: what is least needed goes first —
  // the context, then the help line, then the end of a long question.
  const around = 3 + reservedRows + 1 + input + hints.reduce((n, h) => n + linesTall(h.text, columns), 0) + 4;
  const questionRows = Math.max(1, rows - 2 - around);
  const question = fitText(prompt.question, questionRows, columns);
  const help = prompt.help && around + linesTall(question, columns) + linesTall(prompt.help, columns) < rows - 1 ? prompt.help : null;
  const fixed = around + linesTall(question, columns) + (help ? linesTall(help, columns) : 0);
  const context = fitContext(prompt.context, rows - 1 - fixed - 1, columns);
  return (
    <Box flexDirection="column">
      <ContextLines lines={context} />
      <Text bold wrap="wrap">
        {question}
      </Text>
      {help ? (
        <Text dimColor wrap="wrap">
          {help}
        </Text>
      ) : null}
      <Box marginTop={1} flexDirection="column">
        {prompt.kind === 'text' ? (
          <TextField
            state={{ value: shown.value, cursor: shown.cursor }}
            placeholder={prompt.placeholder}
            above={shown.above}
            below={shown.below}
          />
        ) : null}
        {hints.length > 0 ? <ContextLines lines={hints} /> : null}
        {prompt.kind === 'choice' ? <ChoiceList choices={prompt.choices} selected={state.selected} /> : null}
        {prompt.kind === 'checklist' ? (
          <>
            <Checklist items={prompt.items} selected={state.selected} />
            <Box marginTop={1}>
              <ChoiceList choices={prompt.actions} selected={state.selected - prompt.items.length} numbered={false} />
            </Box>
          </>
        ) : null}
        {prompt.kind === 'busy' ? <Text color="yellow">…</Text> : null}
      </Box>
      <Footer
        screenKeys={[
          ...(prompt.kind === 'busy' ? [] : PROMPT_KEYS[prompt.kind]),
          ...(onEscape ? [{ keys: 'Esc', description: escapeLabel }] : []),
        ]}
        typing={prompt.kind === 'text'}
        status={status}
        hidden={hiddenKeys}
      />
    </Box>
  );
}

import React, { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Prompt } from '../../machine/prompts.js';
import type { IncidentSession } from '../../session/types.js';
import { applyKey, type LineState } from '../text-editing.js';
import { globalActionFor, PROMPT_KEYS, type GlobalAction } from '../keymap.js';
import { TextField } from '../components/text-field.js';
import { ChoiceList } from '../components/choice-list.js';
import { ContextLines } from '../components/context-lines.js';
import { Footer } from '../components/footer.js';

export interface Status {
  text: string;
  tone: 'good' | 'error' | 'dim';
}

interface Props {
  prompt: Prompt;
  session: IncidentSession;
  now: () => Date;
  active: boolean;
  rawInput: boolean;
  status: Status | null;
  onStatus: (s: Status | null) => void;
  onGlobal: (a: GlobalAction) => void;
}

const savedAt = (now: Date) => `✓ saved ${now.toLocaleTimeString(undefined, { hour12: false })}`;

export function PromptScreen({ prompt, session, now, active, rawInput, status, onStatus, onGlobal }: Props) {
  const initialText = prompt.kind === 'text' ? (session.drafts.get(prompt.step) ?? prompt.initial) : '';
  const [line, setLine] = useState<LineState>({ value: initialText, cursor: initialText.length });
  const firstEnabled = prompt.kind === 'choice' ? Math.max(0, prompt.choices.findIndex((c) => !c.disabled)) : 0;
  const [selected, setSelected] = useState(firstEnabled);
  const typing = prompt.kind === 'text';

  const send = (result: ReturnType<Extract<Prompt, { kind: 'text' }>['submit']>): boolean => {
    if (!result.ok) {
      onStatus({ text: result.error, tone: 'error' });
      return false;
    }
    const outcome = session.submit(result.action);
    if (!outcome.ok) {
      onStatus({ text: outcome.error, tone: 'error' });
      return false;
    }
    onStatus({ text: savedAt(now()), tone: 'good' });
    return true;
  };

  useInput(
    (input, key) => {
      const global = globalActionFor(input, key, typing);
      if (global) return onGlobal(global);
      if (prompt.kind === 'text') {
        const { state, submit } = applyKey(line, input, key);
        if (state !== line) {
          setLine(state);
          session.drafts.set(prompt.step, state.value);
        }
        if (submit && send(prompt.submit(state.value, now()))) session.drafts.clear(prompt.step);
        return;
      }
      if (prompt.kind === 'choice' || prompt.kind === 'checklist') {
        const rows = prompt.kind === 'choice' ? prompt.choices.length : prompt.items.length + prompt.actions.length;
        if (key.upArrow) return setSelected((s) => (s - 1 + rows) % rows);
        if (key.downArrow || key.tab) return setSelected((s) => (s + 1) % rows);
        if (prompt.kind === 'choice') {
          const digit = /^[1-9]$/.test(input) ? Number(input) - 1 : -1;
          if (digit >= 0 && digit < rows) {
            setSelected(digit);
            send(prompt.submit(prompt.choices[digit]!.value));
            return;
          }
          if (key.return) send(prompt.submit(prompt.choices[selected]!.value));
          return;
        }
        const item = prompt.items[selected];
        if (item && (input === ' ' || key.return)) {
          send({ ok: true, action: prompt.toggle(item.id) });
          return;
        }
        const act = prompt.actions[selected - prompt.items.length];
        if (act && key.return) send(prompt.submit(act.value));
      }
    },
    { isActive: active && rawInput },
  );

  return (
    <Box flexDirection="column">
      <ContextLines lines={prompt.context} />
      <Text bold wrap="wrap">
        {prompt.question}
      </Text>
      {prompt.help ? (
        <Text dimColor wrap="wrap">
          {prompt.help}
        </Text>
      ) : null}
      <Box marginTop={1} flexDirection="column">
        {prompt.kind === 'text' ? <TextField state={line} placeholder={prompt.placeholder} /> : null}
        {prompt.kind === 'choice' ? <ChoiceList choices={prompt.choices} selected={selected} /> : null}
        {prompt.kind === 'checklist' ? (
          <>
            {prompt.items.map((item, i) => (
              <Text key={item.id} color={i === selected ? 'cyan' : undefined} bold={i === selected}>
                {i === selected ? '❯ ' : '  '}
                {item.ticked ? <Text color="green">[x]</Text> : '[ ]'} {item.label}
              </Text>
            ))}
            <Box marginTop={1}>
              <ChoiceList choices={prompt.actions} selected={selected - prompt.items.length} numbered={false} />
            </Box>
          </>
        ) : null}
        {prompt.kind === 'busy' ? <Text color="yellow">…</Text> : null}
      </Box>
      <Footer
        screenKeys={prompt.kind === 'busy' || prompt.kind === 'closed' ? [] : PROMPT_KEYS[prompt.kind]}
        typing={typing}
        status={status}
      />
    </Box>
  );
}

// The shape of a question on screen, and the builders every prompt file uses.
// Pure: a prompt's `submit` reads what was typed and returns an event or an error.
import type { UnstampedEvent } from './events.js';
import type { WalkEvent } from '../domain/runbook-walk.js';
import type { RollbackAction } from './rollback-prompts.js';
import { oneLine } from '../domain/sanitize.js';

export type Tone = 'info' | 'warn' | 'good' | 'dim' | 'error';
export interface ContextLine {
  text: string;
  tone: Tone;
}

export interface Choice {
  value: string;
  label: string;
  hint?: string;
  recommended?: boolean;
  /** Why it cannot be chosen yet; null when it can. */
  disabled?: string | null;
}

/**
 * What a prompt asks the session to do. `declare` creates the incident itself;
 * `walk.run` runs a runbook command (then records its result).
 */
export type PromptAction =
  | UnstampedEvent
  | { type: 'declare'; title: string }
  | WalkEvent
  | { type: 'walk.run'; runbook: string; step: string; argv: string[]; timeoutMs: number }
  | { type: 'watch'; minutes: number }
  | RollbackAction
  // Moves between the stages of a screen (the roles screen); nothing is recorded.
  | { type: 'screen'; to: string };

/** How the text arrived: a paste (text and Enter in one chunk) never confirms anything destructive. */
export interface TextMeta {
  pasted: boolean;
}
export type SubmitResult = { ok: true; action: PromptAction } | { ok: false; error: string };

interface PromptBase {
  step: string;
  question: string;
  help: string | null;
  context: ContextLine[];
}

export type Prompt =
  | (PromptBase & {
      kind: 'text';
      placeholder: string;
      submit: (value: string, now: Date, meta?: TextMeta) => SubmitResult;
      /** Lines shown under the field for what is typed so far (the blameless check); never blocks. */
      hints?: (value: string) => ContextLine[];
    })
  | (PromptBase & { kind: 'choice'; choices: Choice[]; submit: (value: string) => SubmitResult })
  | (PromptBase & {
      kind: 'checklist';
      items: { id: string; label: string; ticked: boolean }[];
      toggle: (id: string) => PromptAction;
      actions: Choice[];
      submit: (value: string) => SubmitResult;
    })
  | { kind: 'busy'; step: string; question: string; help: null; context: ContextLine[] }
  | { kind: 'closed'; step: string; question: string; help: null; context: ContextLine[] };

export const answer = (step: string, question: string, value: string, label?: string): SubmitResult => ({
  ok: true,
  action: { type: 'answer', step, question, value, ...(label === undefined ? {} : { label }) },
});

export function text(
  step: string,
  question: string,
  opts: {
    help?: string;
    placeholder?: string;
    /** What Enter on an empty line means (e.g. who is affected, as said in triage). */
    fallback?: string | null;
    required?: string;
    context?: ContextLine[];
    /** How the typed text is read, when it is more than the text itself. */
    read?: (value: string, now: Date) => SubmitResult;
    /** A title, a URL, a time, a name: lines written in the editor are joined into one. */
    oneLine?: boolean;
    hints?: (value: string) => ContextLine[];
  } = {},
): Prompt {
  return {
    kind: 'text',
    step,
    question,
    help: opts.help ?? null,
    placeholder: opts.fallback ? `${opts.fallback}   (Enter keeps this)` : (opts.placeholder ?? ''),
    context: opts.context ?? [],
    ...(opts.hints ? { hints: opts.hints } : {}),
    submit: (typed, now) => {
      const value = opts.oneLine ? oneLine(typed) : typed;
      const v = value.trim() || (opts.fallback ?? '');
      if (opts.required && v === '') return { ok: false, error: opts.required };
      return opts.read ? opts.read(v, now) : answer(step, question, v);
    },
  };
}

export function choice(step: string, question: string, choices: Choice[], opts: { help?: string; context?: ContextLine[] } = {}): Prompt {
  return {
    kind: 'choice',
    step,
    question,
    help: opts.help ?? null,
    choices,
    context: opts.context ?? [],
    submit: (value) => {
      const c = choices.find((x) => x.value === value);
      if (!c) return { ok: false, error: `"${value}" is not one of the choices` };
      // The reason is already shown under the choice; the status line says what to do.
      if (c.disabled) return { ok: false, error: 'Not yet — see the note under that choice.' };
      return answer(step, question, c.value, c.label);
    },
  };
}

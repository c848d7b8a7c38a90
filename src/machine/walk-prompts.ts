// What to show for each step of a runbook walk. Same Prompt shapes as the
// incident flow, so the same screen draws both.
import type { Runbook } from '../domain/runbook.js';
import type { WalkState } from '../domain/runbook-walk.js';
import { outcomeText, stepOf } from '../domain/runbook-walk.js';
import { describeArgv, placeholdersIn, resolveArgv } from '../domain/placeholders.js';
import { MASK, maskSecrets } from '../domain/secrets.js';
import { markdownToText } from '../domain/markdown-text.js';
import { oneLine } from '../domain/sanitize.js';
import { confirmationHint, confirmationWord, isConfirmed } from '../domain/confirm-destructive.js';
import type { ContextLine, Prompt, PromptAction, SubmitResult } from './prompts.js';

/** Set by the session while a runbook command runs. */
export interface RunningCommand {
  step: string;
  display: string;
  output: string;
}

export function walkPromptFor(
  runbook: Runbook,
  state: WalkState,
  running: RunningCommand | null,
  practice: boolean,
  interrupted: string | null = null,
): Prompt {
  const rb = runbook.id;
  const header: ContextLine[] = [{ text: `Runbook: ${runbook.title}${practice ? ' (practice — nothing is real)' : ''}`, tone: 'info' }];
  // What was done, by step title where the runbook gives one; a failed command gets a cross, not a tick.
  const trail: ContextLine[] = state.path
    .filter((p) => p.kind !== 'end')
    .slice(-3)
    .map((p) => {
      const failed = p.kind === 'do' && /^(exit [1-9]|timed out|could not run)/.test(p.result);
      const name = runbook.steps[p.step]?.title ?? p.step.replace(/[_-]+/g, ' ');
      return { text: `${failed ? '✗' : '✓'} ${name}: ${p.result}`, tone: failed ? 'warn' : 'dim' };
    });
  // The command just run (an end step may follow it directly).
  const last = [...state.path.slice(-2)].reverse().find((p) => p.kind !== 'end');
  if (last?.detail) trail.push(...lastLines(last.detail));

  if (state.current === null) {
    return {
      kind: 'closed',
      step: `walk.${rb}.done`,
      question: `${state.finished === 'left' ? 'Runbook left' : 'Runbook complete'}: ${runbook.title}`,
      help: null,
      context: [...trail, ...(state.outcome ? [{ text: `Outcome: ${outcomeText(state.outcome)}`, tone: 'good' as const }] : [])],
    };
  }
  const step = stepOf(runbook, state.current);
  const id = `walk.${rb}.${step.id}`;
  const title: ContextLine[] = step.title ? [{ text: step.title, tone: 'info' }] : [];
  const context = [...header, ...trail, ...title];
  const ok = (action: PromptAction): SubmitResult => ({ ok: true, action });

  switch (step.kind) {
    case 'ask':
      return {
        kind: 'choice',
        step: id,
        question: step.question,
        help: step.help,
        context,
        choices: step.choices.map((c) => ({ value: c.value, label: c.label })),
        submit: (value) => {
          const c = step.choices.find((x) => x.value === value);
          return c
            ? ok({ type: 'runbook.answer', runbook: rb, step: step.id, value: c.value, label: c.label })
            : { ok: false, error: 'not one of the choices' };
        },
      };
    case 'note':
      return {
        kind: 'choice',
        step: id,
        question: markdownToText(step.markdown),
        help: null,
        context,
        choices: [{ value: 'continue', label: 'Continue' }],
        submit: () => ok({ type: 'runbook.ack', runbook: rb, step: step.id }),
      };
    case 'check':
      return {
        kind: 'text',
        step: id,
        question: `Check: ${step.check}${step.text ? ` — ${step.text}` : ''}`,
        help: 'Run the check and write what you found (it goes into the timeline). Enter alone moves on.',
        context,
        placeholder: CHECK_PLACEHOLDER[step.check] ?? 'what you found',
        submit: (value) => ok({ type: 'runbook.ack', runbook: rb, step: step.id, finding: value.trim() }),
      };
    case 'checklist':
      return {
        kind: 'checklist',
        step: id,
        question: step.text ?? step.title ?? 'Checklist',
        help: 'Tick what is done. Continue when you are ready; unticked items are recorded as such.',
        context: [...header, ...trail],
        items: step.items.map((item) => ({ id: item, label: item, ticked: state.ticked.includes(item) })),
        toggle: (item) => ({ type: 'runbook.tick', runbook: rb, step: step.id, item, ticked: !state.ticked.includes(item) }),
        actions: [
          { value: 'continue', label: `Continue (${state.ticked.length}/${step.items.length} done)` },
          { value: 'leave', label: 'Leave the runbook' },
        ],
        submit: (value) =>
          value === 'leave'
            ? ok({ type: 'runbook.left', runbook: rb, step: step.id })
            : ok({ type: 'runbook.ack', runbook: rb, step: step.id }),
      };
    case 'do': {
      // A secret parameter is stored masked: after a resume it is asked again.
      const missing = placeholdersIn(step.argv).filter((name) => !Object.hasOwn(state.params, name) || state.params[name] === MASK);
      if (missing.length > 0) {
        const name = missing[0]!;
        const param = runbook.params.find((p) => p.name === name);
        return {
          kind: 'text',
          step: `${id}.param.${name}`,
          question: param?.prompt ?? `Value for {{${name}}}`,
          help: `Used in: ${describeArgv(step.argv)}`,
          context,
          placeholder: param?.example ? `e.g. ${param.example}` : '',
          // One argument of a command: lines written in the editor are joined, never passed as line breaks.
          submit: (value) =>
            oneLine(value) === ''
              ? { ok: false, error: `A value for ${name} is needed to build the command.` }
              : ok({ type: 'runbook.param', runbook: rb, name, value: oneLine(value) }),
        };
      }
      const resolved = resolveArgv(step.argv, state.params);
      if (!resolved.ok) throw new Error(`unresolved ${resolved.missing.join(', ')}`);
      const display = maskSecrets(describeArgv(resolved.argv));
      const commandLines: ContextLine[] = [
        ...(interrupted === step.id
          ? [
              {
                text: 'This command was started before the last session ended; its result is unknown. Check before running it again.',
                tone: 'warn' as const,
              },
            ]
          : []),
        ...(step.text ? [{ text: step.text, tone: 'dim' as const }] : []),
        { text: `$ ${display}`, tone: step.destructive ? 'warn' : 'info' },
      ];
      if (running && running.step === step.id) {
        return {
          kind: 'busy',
          step: `${id}.running`,
          question: `Running… (timeout ${Math.round(step.timeoutMs / 1000)} s)`,
          help: null,
          context: [...context, ...commandLines, ...lastLines(running.output)],
        };
      }
      const skip = ok({ type: 'runbook.command', runbook: rb, step: step.id, argv: resolved.argv, ran: false, exitCode: null });
      const run = ok({ type: 'walk.run', runbook: rb, step: step.id, argv: resolved.argv, timeoutMs: step.timeoutMs });
      if (step.destructive) {
        const word = confirmationWord(resolved.argv);
        return {
          kind: 'text',
          step: `${id}.confirm`,
          question: confirmationHint(word),
          help: 'Enter alone skips it (you can run it yourself and note what happened).',
          context: [...context, ...commandLines],
          placeholder: word,
          submit: (value, _now, meta) => {
            if (value.trim() === '') return skip;
            if (isConfirmed(value, word, { arrivedInOneChunkWithEnter: meta?.pasted ?? false })) return run;
            return {
              ok: false,
              error: meta?.pasted
                ? `Pasted text does not confirm a destructive command: type ${word}, then Enter.`
                : `Type exactly ${word} to run it, or clear the line and press Enter to skip.`,
            };
          },
        };
      }
      return {
        kind: 'choice',
        step: `${id}.run`,
        question: 'Run this command?',
        help: 'It runs without a shell, exactly as shown; its output is recorded (secrets masked).',
        context: [...context, ...commandLines],
        choices: [
          { value: 'run', label: 'Run it' },
          { value: 'skip', label: 'Skip — I will do it another way' },
        ],
        submit: (value) => (value === 'run' ? run : skip),
      };
    }
    case 'end':
      // An end is never current: reaching it finishes the walk.
      throw new Error(`walk stopped on end step ${step.id}`);
  }
}

function lastLines(output: string): ContextLine[] {
  return output
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-5)
    .map((l) => ({ text: `  ${l}`, tone: 'dim' as const }));
}

const CHECK_PLACEHOLDER: Record<string, string> = {
  health: 'e.g. 502 from /health, 4 s to answer',
  'recent-commits': 'e.g. v2.3.1 deployed 01:50, touched config loading',
  'tls-expiry': 'e.g. certificate expired 2026-11-24 23:59 UTC',
};

// The drill's own question: leaving a drill ends it (its service and
// repository go), so `q` asks first. Nothing is recorded by it.
import type { Prompt } from './prompt-kit.js';

export const END_DRILL = 'drill.end';
const KEEP_GOING = 'drill.keep-going';

export function endDrillPrompt(): Prompt {
  const choices = [
    {
      value: END_DRILL,
      label: 'Yes — end the drill and show the score',
      hint: 'The drill service and its practice repository are removed.',
    },
    { value: KEEP_GOING, label: 'No — back to the drill' },
  ];
  return {
    kind: 'choice',
    step: 'drill.end',
    question: 'End the drill and see the score?',
    help: 'Everything so far is recorded and scored as it stands.',
    context: [],
    choices,
    submit: (value) =>
      choices.some((c) => c.value === value)
        ? { ok: true, action: { type: 'screen', to: value } }
        : { ok: false, error: 'not one of the choices' },
  };
}

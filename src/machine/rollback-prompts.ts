// The screens of a git revert in contain. The session runs git; these only
// say what stands and what can be done next.
import type { RollbackView } from '../domain/rollback-view.js';
import type { IncidentFacts } from '../domain/incident.js';
import { cleanText } from '../domain/sanitize.js';
import type { ContextLine, Prompt, SubmitResult } from './prompt-kit.js';
import { STEP } from './steps.js';

export type RollbackAction =
  { type: 'rollback.confirm' } | { type: 'rollback.abort'; reason: string } | { type: 'rollback.push' } | { type: 'rollback.skip-push' };

const ok = (action: RollbackAction): SubmitResult => ({ ok: true, action });

/** The commits offered for reverting: the ranked culprits, and the way out. */
export function rollbackTargetPrompt(f: IncidentFacts): Prompt {
  const culprits = f.culprits ?? [];
  const question = 'Which change do you roll back?';
  const choices = [
    ...culprits.slice(0, 5).map((c) => ({
      value: c.sha,
      label: `${c.shortSha} ${cleanText(c.subject)}${c.isMerge ? ' (merge)' : ''}`,
      hint: c.reasons.slice(0, 3).join('; '),
    })),
    { value: 'deploy-tool', label: 'None of these — I roll back with our deploy tool', hint: 'You say what you did next.' },
  ];
  return {
    kind: 'choice',
    step: STEP.rollbackTarget,
    question,
    help: 'A revert here is checked first (clean tree, not shallow, nothing in progress), shown, and committed only after you confirm.',
    context: [{ text: `Repository: ${f.repo ?? '—'}`, tone: 'dim' }],
    choices,
    submit: (value) => {
      const c = choices.find((x) => x.value === value);
      return c
        ? { ok: true, action: { type: 'answer', step: STEP.rollbackTarget, question, value, label: c.label } }
        : { ok: false, error: 'not one of the choices' };
    },
  };
}

export function rollbackPrompt(view: RollbackView | null): Prompt {
  const step = `${STEP.revert}.${view?.stage.kind ?? 'starting'}`;
  const head: ContextLine[] = view ? [{ text: `Reverting ${view.sha.slice(0, 7)} ${cleanText(view.subject)}`, tone: 'info' }] : [];
  const busy = (question: string): Prompt => ({ kind: 'busy', step, question, help: null, context: head });
  if (!view) return busy('Starting the rollback…');
  const stage = view.stage;
  switch (stage.kind) {
    case 'checking':
      return busy('Checking the repository (clean tree, not shallow, nothing in progress)…');
    case 'staging':
      return busy('git revert --no-commit …');
    case 'committing':
      return busy('Committing the revert…');
    case 'pushing':
      return busy('Pushing…');
    case 'blocked':
      return {
        kind: 'choice',
        step,
        question: stage.problems.map((p) => `✗ ${cleanText(p)}`).join('\n'),
        help: null,
        context: [...head, { text: 'The revert cannot start safely; the repository is untouched:', tone: 'warn' }],
        choices: [{ value: 'check', label: 'Back to the containment options' }],
        submit: () => ok({ type: 'rollback.abort', reason: stage.problems[0] ?? 'preflight failed' }),
      };
    case 'failed':
      return {
        kind: 'choice',
        step,
        question: 'The revert did not go through; the repository is as it was.',
        help: null,
        context: [
          ...head,
          { text: cleanText(stage.message), tone: 'error' },
          ...stage.files.map((f) => ({ text: `  conflict: ${f}`, tone: 'warn' as const })),
        ],
        choices: [{ value: 'back', label: 'Back to the containment options' }],
        submit: () => ok({ type: 'rollback.abort', reason: stage.message }),
      };
    case 'confirm': {
      const word = view.sha.slice(0, 7);
      return {
        kind: 'text',
        step,
        question: `Type ${word} and press Enter to commit this revert; Enter alone undoes it.`,
        help: 'The revert is staged, not committed. A pasted confirmation is refused.',
        context: [
          ...head,
          ...stage.warnings.map((w) => ({ text: `⚠ ${cleanText(w)}`, tone: 'warn' as const })),
          ...cleanText(stage.diffstat)
            .split('\n')
            .filter((l) => l.trim() !== '')
            .slice(-8)
            .map((l) => ({ text: `  ${l}`, tone: 'dim' as const })),
        ],
        placeholder: `type ${word}`,
        submit: (value, _now, meta) => {
          if (value.trim() === '') return ok({ type: 'rollback.abort', reason: 'declined at the confirmation' });
          if (meta?.pasted) return { ok: false, error: `Pasted text does not confirm: type ${word}, then Enter.` };
          return value.trim() === word
            ? ok({ type: 'rollback.confirm' })
            : { ok: false, error: `Type exactly ${word}, or clear the line and press Enter to undo the revert.` };
        },
      };
    }
    case 'push':
      return {
        kind: 'choice',
        step,
        question: `Revert committed as ${stage.revertSha.slice(0, 7)}. Push it?`,
        help: 'Never a force push. Or ship it through your usual pipeline.',
        context: [
          ...head,
          {
            text: cleanText(stage.plan ? `$ ${stage.plan.command}` : `Cannot push from here: ${stage.planNote ?? 'no remote'}`),
            tone: stage.plan ? 'info' : 'warn',
          },
        ],
        choices: [
          ...(stage.plan ? [{ value: 'push', label: `Push to ${stage.plan.remote}/${stage.plan.target} now` }] : []),
          { value: 'skip', label: 'Not now — I ship it through our usual pipeline' },
        ],
        submit: (value) => ok(value === 'push' ? { type: 'rollback.push' } : { type: 'rollback.skip-push' }),
      };
  }
}

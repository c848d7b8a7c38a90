// The roles screen as prompts: who holds what, assign a role, hand off command.
// Which of the three is showing is screen state (a RolesStage); moving between
// them is a `screen` action the UI handles, assigning is a machine event.
import type { IncidentFacts } from '../domain/incident.js';
import type { EventPhase } from '../domain/types.js';
import { ROLES, roleLabel, type Role } from '../domain/roles.js';
import { handoffSummary } from '../domain/handoff.js';
import { text, type ContextLine, type Prompt } from './prompt-kit.js';

export type RolesStage = { kind: 'list' } | { kind: 'assign'; role: Role } | { kind: 'handoff' } | { kind: 'summary'; text: string };

export interface RolesInput {
  facts: IncidentFacts;
  phase: EventPhase;
  stage: RolesStage;
  now: Date;
  updateDue: Date | null;
  openRunbook: string | null;
}

export function rolesPrompt({ facts: f, phase, stage, now, updateDue, openRunbook }: RolesInput): Prompt {
  if (stage.kind === 'assign') {
    const label = roleLabel(stage.role);
    const question = `Who is ${label.toLowerCase()} now?`;
    return text(`roles.${stage.role}`, question, {
      help: `${ROLES.find((r) => r.id === stage.role)?.duty ?? ''}. Enter alone keeps ${f.roles[stage.role] ?? 'nobody'}; Esc goes back.`,
      placeholder: f.roles[stage.role] ?? 'a name or @handle',
      read: (value) => {
        const who = value.trim();
        if (who === '' || who === f.roles[stage.role]) return { ok: true, action: { type: 'screen', to: 'list' } };
        return { ok: true, action: { type: 'role.assigned', role: stage.role, who } };
      },
    });
  }
  if (stage.kind === 'handoff') {
    return text('roles.handoff', 'Hand off command to whom?', {
      help: 'The summary below is written into the timeline with the hand-off. Esc goes back.',
      placeholder: 'the next commander',
      context: handoffSummary({ facts: f, phase, from: f.roles.commander, to: '…', now, updateDue, openRunbook })
        .split('\n')
        .slice(1)
        .map((t) => ({ text: t, tone: 'dim' as const })),
      read: (value) => {
        const to = value.trim();
        if (to === '') return { ok: false, error: 'Type who takes over as commander (Esc goes back).' };
        if (to === f.roles.commander) return { ok: false, error: `${to} is already the commander.` };
        const summary = handoffSummary({ facts: f, phase, from: f.roles.commander, to, now, updateDue, openRunbook });
        return { ok: true, action: { type: 'role.assigned', role: 'commander', who: to, summary } };
      },
    });
  }
  if (stage.kind === 'summary')
    return screenChoice('roles.summary', 'Handed off. Read this to the new commander:', [{ value: 'close', label: 'Done' }], stage.text);
  return screenChoice(
    'roles.list',
    'Roles: who does what',
    [
      ...ROLES.map((r) => ({ value: `assign:${r.id}`, label: `${r.label}: ${f.roles[r.id] ?? '—'}`, hint: r.duty })),
      { value: 'handoff', label: 'Hand off command (writes a summary into the timeline)' },
      { value: 'close', label: 'Back to the incident' },
    ],
    null,
  );
}

/** A choice whose every option moves between the screen's stages. */
function screenChoice(
  step: string,
  question: string,
  choices: { value: string; label: string; hint?: string }[],
  body: string | null,
): Prompt {
  return {
    kind: 'choice',
    step,
    question,
    help: body
      ? 'It is in the timeline, and in the post-mortem.'
      : 'One person may hold several roles. Changes are recorded with the time.',
    choices,
    context: body ? body.split('\n').map((t, i): ContextLine => ({ text: t, tone: i === 0 ? 'good' : 'info' })) : [],
    submit: (value) =>
      choices.some((c) => c.value === value) ? { ok: true, action: { type: 'screen', to: value } } : { ok: false, error: 'not a choice' },
  };
}

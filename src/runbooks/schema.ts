// The YAML runbook format as a zod 4 schema: the loader validates with it
// (step by step, so an error names the step and the field), and
// scripts/gen-runbook-schema.mjs publishes it as runbooks/runbook.schema.json
// so editors validate and complete while a runbook is written.
import { z } from 'zod';
import { PHASES, SEVERITIES } from '../domain/types.js';
import type { ContainOption, Recommendation } from '../domain/incident.js';
import { CHECK_NAMES } from '../domain/runbook.js';
import { PARAM_NAME } from '../domain/placeholders.js';

export const RECOMMENDATIONS = ['investigate', 'investigate-consider-rollback', 'rollback-first'] as const;
export const CONTAIN_OPTIONS = ['rollback', 'feature-flag', 'scale-up', 'fail-over', 'rate-limit', 'block-actor', 'investigate'] as const;
// The lists above must name exactly the domain's union members.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameRecommendations: Same<(typeof RECOMMENDATIONS)[number], Recommendation> = true;
const _sameContainOptions: Same<(typeof CONTAIN_OPTIONS)[number], ContainOption> = true;

export const STEP_KINDS = ['ask', 'check', 'do', 'checklist', 'note', 'end'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const RUNBOOK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const STEP_ID = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;
export const DURATION = /^([1-9][0-9]*)(ms|s|m)$/;

const text = (description: string) => z.string().min(1).meta({ description });
const stepId = z.string().regex(STEP_ID, 'a step id is letters, digits, "_" and "-"');

const common = {
  title: text('A heading or short label shown above the step.').optional(),
  next: stepId.meta({ description: 'The id of the step that follows.' }).optional(),
};

export const choiceSchema = z
  .strictObject({
    label: text('What the responder picks.'),
    value: text('What the timeline records; defaults to a slug of the label ("Yes" → "yes").').optional(),
    next: stepId.meta({ description: 'The id of the step this choice leads to.' }),
  })
  .meta({ title: 'Choice' });

export const askStepSchema = z
  .strictObject({
    ask: text('The question.'),
    title: common.title,
    help: text('A hint shown under the question.').optional(),
    choices: z.array(choiceSchema).min(2).meta({ description: 'At least two; each one leads to its own next step.' }),
  })
  .meta({ title: 'ask: a question whose answer picks the next step' });

export const checkStepSchema = z
  .strictObject({
    check: z
      .enum(CHECK_NAMES, { error: (issue) => `unknown check ${JSON.stringify(issue.input)}; known checks: ${CHECK_NAMES.join(', ')}` })
      .meta({ description: 'A probe or git diagnostic, by name.' }),
    text: text('What the check tells you.').optional(),
    ...common,
  })
  .meta({ title: 'check: run a probe or git diagnostic' });

export const commandSchema = z
  .strictObject({
    argv: z
      .array(z.string())
      .min(1)
      .meta({ description: 'The program and its arguments, never run through a shell. {{name}} is replaced by a declared parameter.' }),
    destructive: z.boolean().default(false).meta({ description: 'Needs a typed confirmation before it runs.' }),
    timeout: z
      .string()
      .regex(DURATION, 'a timeout is a whole number with ms, s or m: 500ms, 30s, 2m')
      .default('30s')
      .meta({ description: 'Killed (with its process group) after this long: 500ms, 30s, 2m.' }),
  })
  .meta({ title: 'Command' });

export const doStepSchema = z
  .strictObject({
    do: commandSchema,
    text: text('What the command does and why.').optional(),
    ...common,
  })
  .meta({ title: 'do: a command, shown then run when confirmed' });

export const checklistStepSchema = z
  .strictObject({
    checklist: z.array(text('One item to tick.')).min(1),
    text: text('Shown above the items.').optional(),
    ...common,
  })
  .meta({ title: 'checklist: items to tick' });

export const noteStepSchema = z
  .strictObject({
    note: text('Markdown text to read.'),
    ...common,
  })
  .meta({ title: 'note: text to read' });

export const outcomeSchema = z
  .strictObject({
    severity: z.enum(SEVERITIES).optional(),
    because: text('Why this outcome, in a few words.').optional(),
    recommendation: z.enum(RECOMMENDATIONS).optional(),
    containment: z.enum(CONTAIN_OPTIONS).optional(),
    text: text('The outcome in words.').optional(),
  })
  .refine((o) => Object.keys(o).length > 0, 'an end needs at least one of severity, because, recommendation, containment, text')
  .meta({ title: 'Outcome', minProperties: 1 });

export const endStepSchema = z
  .strictObject({
    end: outcomeSchema,
    title: common.title,
  })
  .meta({ title: 'end: where a path stops' });

export const stepSchemas = {
  ask: askStepSchema,
  check: checkStepSchema,
  do: doStepSchema,
  checklist: checklistStepSchema,
  note: noteStepSchema,
  end: endStepSchema,
} as const satisfies Record<StepKind, z.ZodType>;

export const stepSchema = z.union([askStepSchema, checkStepSchema, doStepSchema, checklistStepSchema, noteStepSchema, endStepSchema]);

export const paramSchema = z
  .strictObject({
    prompt: text('The question asked before the first command that uses it.'),
    example: text('An example answer, shown as a hint.').optional(),
  })
  .meta({ title: 'Parameter' });

const header = {
  id: z
    .string()
    .regex(RUNBOOK_ID, 'an id is kebab-case: lowercase letters and digits joined by "-"')
    .meta({ description: 'Unique, kebab-case.' }),
  title: text('One line.'),
  summary: text('One or two sentences.').optional(),
  applies_when: z
    .array(text('A symptom in plain words.'))
    .default([])
    .meta({ description: 'Symptoms in plain words, matched against what was typed in detect.' }),
  phase: z
    .enum([...PHASES, 'any'])
    .default('any')
    .meta({ description: 'The phase the runbook is walked in.' }),
  params: z
    .record(z.string().regex(PARAM_NAME, 'a parameter name is a letter or "_", then letters, digits, "_" or "-"'), paramSchema)
    .default({})
    .meta({ description: 'Every {{name}} used in a command must be declared here.' }),
  cycles: z.literal('allowed').optional().meta({ description: 'Declare that the steps loop on purpose; without it a cycle is an error.' }),
  start: stepId.meta({ description: 'The id of the first step.' }),
};

/** The whole file, as published in runbook.schema.json. */
export const runbookFileSchema = z
  .strictObject({
    ...header,
    steps: z
      .record(stepId, stepSchema)
      .meta({ description: 'Keyed by stable id; each step is exactly one of ask, check, do, checklist, note, end.' }),
  })
  .meta({ title: 'incident runbook' });

/** The file with its steps left unchecked: the loader checks each step against the schema of its kind. */
export const runbookShellSchema = z.strictObject({ ...header, steps: z.record(stepId, z.unknown()) });

export type RunbookFile = z.input<typeof runbookFileSchema>;
export type StepInput = z.input<typeof stepSchema>;

/** The JSON Schema written to runbooks/runbook.schema.json (draft-07: what editors' YAML plugins read best). */
export function runbookJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(runbookFileSchema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
}

/** "30s" → 30000; null when it is not a duration. */
export function parseDuration(value: string): number | null {
  const m = DURATION.exec(value);
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

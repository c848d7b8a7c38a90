// YAML runbook → Runbook, with every problem at `file:line:col` naming the
// step: syntax, tabs, duplicate keys, alias bombs, oversized files, the schema
// (schema.ts, checked step by step), then the lint (lint-runbook.ts).
import { readFileSync, statSync } from 'node:fs';
import { isMap } from 'yaml';
import type { z } from 'zod';
import { describeIssue } from '../yaml/describe-issue.js';
import {
  keyText,
  locateKey,
  locatorFor,
  parseYamlSource,
  rangeOf,
  syntaxProblems,
  toData,
  valueAt,
  type Path,
} from '../yaml/yaml-source.js';
import { DEFAULT_DO_TIMEOUT_MS, type Runbook, type RunbookOrigin, type RunbookStep } from '../domain/runbook.js';
import { closeMatches, formatProblem, isError, lintRunbook, type LintOptions, type Problem } from './lint-runbook.js';
import {
  STEP_KINDS,
  choiceSchema,
  commandSchema,
  outcomeSchema,
  paramSchema,
  parseDuration,
  runbookShellSchema,
  stepSchemas,
  type StepKind,
} from './schema.js';

export { formatProblem, isError, type Problem };

export const MAX_RUNBOOK_BYTES = 256 * 1024;
/** Aliases are rarely needed in a runbook; a few are fine, a billion laughs is not. */
export const MAX_ALIAS_COUNT = 50;

export interface RunbookParse {
  /** Null when there is any error; warnings alone keep the runbook. */
  runbook: Runbook | null;
  problems: Problem[];
}

export function loadRunbookFile(file: string, origin: RunbookOrigin, options: LintOptions = {}): RunbookParse {
  try {
    const size = statSync(file).size;
    if (size > MAX_RUNBOOK_BYTES) return { runbook: null, problems: [tooBig(file, size)] };
    return parseRunbookYaml(readFileSync(file, 'utf8'), file, origin, options);
  } catch (error) {
    return { runbook: null, problems: [{ file, line: 1, col: 1, step: null, message: `cannot read: ${(error as Error).message}` }] };
  }
}

export function parseRunbookYaml(text: string, file: string, origin: RunbookOrigin, options: LintOptions = {}): RunbookParse {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_RUNBOOK_BYTES) return { runbook: null, problems: [tooBig(file, bytes)] };

  const source = parseYamlSource(text);
  const { doc, lines } = source;
  const problems: Problem[] = [];
  const pos = (offset: number) => lines.linePos(offset);
  const stepAt = (offset: number): string | null => {
    const steps = doc.get('steps', true);
    if (!isMap(steps)) return null;
    for (const pair of steps.items) {
      const start = rangeOf(pair.key)?.[0];
      const end = rangeOf(pair.value)?.[2] ?? rangeOf(pair.key)?.[2];
      if (start !== undefined && end !== undefined && offset >= start && offset < end) return keyText(pair);
    }
    return null;
  };
  const add = (offset: number, message: string, level?: 'warning', stepOverride?: string | null): void => {
    const { line, col } = pos(offset);
    const step = stepOverride === undefined ? stepAt(offset) : stepOverride;
    const named = step !== null && !message.startsWith(`step "${step}"`) ? `step "${step}": ${message}` : message;
    problems.push({ file, line, col, step, message: named, ...(level ? { level } : {}) });
  };

  for (const problem of syntaxProblems(source)) {
    if (problem.kind === 'tab') add(problem.offset, problem.message, undefined, null);
    else if (problem.kind === 'syntax') add(problem.offset, problem.message);
    else {
      const key = problem.key ?? '';
      const steps = doc.get('steps', true);
      const isStepId = isMap(steps) && steps.items.some((p) => rangeOf(p.key)?.[0] === problem.offset);
      if (isStepId) add(problem.offset, `step "${key}" is defined twice; step ids must be unique`, undefined, key);
      else add(problem.offset, problem.message);
    }
  }
  if (problems.length > 0) return { runbook: null, problems };
  for (const warning of doc.warnings) add(warning.pos[0], `YAML: ${warning.message.split('\n')[0]}`, 'warning');

  const converted = toData(doc, MAX_ALIAS_COUNT);
  if (!converted.ok) {
    add(converted.offset, converted.message, undefined, null);
    return { runbook: null, problems };
  }
  const data = converted.data;

  const locate = locatorFor(doc, lines);
  const at = (path: Path, step: string | null, message: string): void => {
    const found = locate(path) ?? { line: 1, col: 1 };
    problems.push({ file, line: found.line, col: found.col, step, message });
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    at([], null, 'a runbook is a map with id, title, start and steps');
    return { runbook: null, problems };
  }
  const raw = data as Record<string, unknown>;

  const shell = runbookShellSchema.safeParse(raw);
  if (!shell.success) {
    for (const issue of shell.error.issues) report(issue, [], raw, null, null);
  }
  const kinds = new Map<string, StepKind>();
  const rawSteps = raw.steps;
  if (rawSteps && typeof rawSteps === 'object' && !Array.isArray(rawSteps)) {
    for (const [id, rawStep] of Object.entries(rawSteps as Record<string, unknown>)) {
      const here = `step "${id}"`;
      if (rawStep === null || typeof rawStep !== 'object' || Array.isArray(rawStep)) {
        at(['steps', id], id, `${here}: a step is a map with one of ${STEP_KINDS.join(', ')}`);
        continue;
      }
      const present = STEP_KINDS.filter((k) => k in rawStep);
      if (present.length !== 1) {
        const found = present.length === 0 ? `found ${Object.keys(rawStep).join(', ') || 'nothing'}` : `found ${present.join(' and ')}`;
        at(['steps', id], id, `${here}: a step needs exactly one of ${STEP_KINDS.join(', ')} (${found})`);
        continue;
      }
      const kind = present[0]!;
      kinds.set(id, kind);
      const result = stepSchemas[kind].safeParse(rawStep);
      if (!result.success) for (const issue of result.error.issues) report(issue, ['steps', id], raw, id, kind);
    }
  }
  if (!shell.success || problems.some(isError)) return { runbook: null, problems };

  const head = shell.data;
  const steps: Record<string, RunbookStep> = {};
  for (const [id, rawStep] of Object.entries(head.steps)) {
    const line = locateKey(doc, lines, ['steps', id])?.line ?? 1;
    steps[id] = toStep(id, kinds.get(id)!, rawStep as Record<string, unknown>, line);
  }
  const runbook: Runbook = {
    id: head.id,
    title: head.title,
    summary: head.summary ?? '',
    appliesWhen: head.applies_when,
    phase: head.phase,
    params: Object.entries(head.params).map(([name, p]) => ({ name, prompt: p.prompt, example: p.example ?? null })),
    start: head.start,
    steps,
    allowCycles: head.cycles === 'allowed',
    source: { file, format: 'yaml', origin },
  };
  problems.push(...lintRunbook(runbook, { ...options, locate }));
  return { runbook: problems.some(isError) ? null : runbook, problems };

  function report(issue: z.core.$ZodIssue, prefix: Path, root: Record<string, unknown>, step: string | null, kind: StepKind | null): void {
    const path = [...prefix, ...issue.path.map((k) => (typeof k === 'number' ? k : String(k)))];
    const here = step !== null ? `step "${step}": ` : '';
    const field = path.slice(prefix.length).join('.');
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(path, kind);
      for (const key of issue.keys) {
        const close = closeMatches(key, known);
        const hint = close.length > 0 ? ` (did you mean "${close[0]}"?)` : known.length > 0 ? ` (expected ${known.join(', ')})` : '';
        const where = field === '' ? '' : ` in ${field}`;
        problems.push({
          file,
          ...(locateKey(doc, lines, [...path, key]) ?? { line: 1, col: 1 }),
          step,
          message: `${here}unknown key "${key}"${where}${hint}`,
        });
      }
      return;
    }
    if (issue.code === 'invalid_key') {
      const key = String(path[path.length - 1]);
      const inner = issue.issues[0]?.message ?? issue.message;
      const what =
        path[0] === 'steps' && path.length === 2 ? `step id "${key}"` : path[0] === 'params' ? `parameter name "${key}"` : `key "${key}"`;
      problems.push({ file, ...(locateKey(doc, lines, path) ?? { line: 1, col: 1 }), step: null, message: `${what}: ${inner}` });
      return;
    }
    const message = describeIssue(issue, valueAt(root, path), field);
    at(path, step, `${here}${message}`);
  }
}

function toStep(id: string, kind: StepKind, raw: Record<string, unknown>, line: number): RunbookStep {
  const base = { id, title: (raw.title as string | undefined) ?? null, next: (raw.next as string | undefined) ?? null, line };
  const text = (raw.text as string | undefined) ?? null;
  switch (kind) {
    case 'ask': {
      const s = stepSchemas.ask.parse(raw);
      const choices = s.choices.map((c) => ({ label: c.label, value: c.value ?? choiceValue(c.label), next: c.next }));
      return { ...base, next: null, kind, question: s.ask, help: s.help ?? null, choices };
    }
    case 'check':
      return { ...base, kind, check: stepSchemas.check.parse(raw).check, text };
    case 'do': {
      const command = stepSchemas.do.parse(raw).do;
      return {
        ...base,
        kind,
        text,
        argv: command.argv,
        destructive: command.destructive,
        timeoutMs: parseDuration(command.timeout) ?? DEFAULT_DO_TIMEOUT_MS,
      };
    }
    case 'checklist':
      return { ...base, kind, text, items: stepSchemas.checklist.parse(raw).checklist };
    case 'note':
      return { ...base, kind, markdown: stepSchemas.note.parse(raw).note };
    case 'end': {
      const o = stepSchemas.end.parse(raw).end;
      return {
        ...base,
        next: null,
        kind,
        outcome: {
          severity: o.severity ?? null,
          because: o.because ?? null,
          recommendation: o.recommendation ?? null,
          containment: o.containment ?? null,
          text: o.text ?? null,
        },
      };
    }
  }
}

/** "Yes" → "yes", "Roll back now!" → "roll-back-now"; "" when the label has no letters or digits. */
export function choiceValue(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

function tooBig(file: string, bytes: number): Problem {
  return {
    file,
    line: 1,
    col: 1,
    step: null,
    message: `file is ${Math.ceil(bytes / 1024)} KiB; a runbook may be at most ${MAX_RUNBOOK_BYTES / 1024} KiB`,
  };
}

const SHAPES: Record<string, readonly string[]> = {
  top: Object.keys(runbookShellSchema.shape),
  do: Object.keys(commandSchema.shape),
  end: Object.keys(outcomeSchema.shape),
  choice: Object.keys(choiceSchema.shape),
  param: Object.keys(paramSchema.shape),
};

function knownKeys(path: Path, kind: StepKind | null): readonly string[] {
  if (path.length === 0) return SHAPES.top!;
  if (path[0] === 'params' && path.length === 2) return SHAPES.param!;
  if (path[0] !== 'steps' || kind === null) return [];
  if (path.length === 2) return Object.keys(stepSchemas[kind].shape);
  if (path.length === 3 && path[2] === 'do') return SHAPES.do!;
  if (path.length === 3 && path[2] === 'end') return SHAPES.end!;
  if (path.length === 4 && path[2] === 'choices') return SHAPES.choice!;
  return [];
}

// YAML runbook → Runbook, with every problem at `file:line:col` naming the
// step: syntax, tabs, duplicate keys, alias bombs, oversized files, the schema
// (schema.ts, checked step by step), then the lint (lint-runbook.ts).
import { readFileSync, statSync } from 'node:fs';
import {
  Lexer,
  LineCounter,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Document,
  type Node,
  type Pair,
} from 'yaml';
import type { z } from 'zod';
import { DEFAULT_DO_TIMEOUT_MS, type Runbook, type RunbookOrigin, type RunbookStep } from '../domain/runbook.js';
import { closeMatches, formatProblem, isError, lintRunbook, type LintOptions, type Locator, type Problem } from './lint-runbook.js';
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

type Path = ReadonlyArray<string | number>;

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

  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
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

  // Syntax. Tabs and duplicate keys each get their own message; of the
  // rest only the first is shown, since later ones usually follow from it
  // (and from a tab).
  const tabs = doc.errors.filter((e) => e.code === 'TAB_AS_INDENT');
  for (const error of tabs)
    add(error.pos[0], `tab used for indentation at line ${pos(error.pos[0]).line}; YAML needs spaces`, undefined, null);
  for (const error of doc.errors.filter((e) => e.code === 'DUPLICATE_KEY')) {
    const offset = error.pos[0];
    const key = keyAtOffset(text, offset);
    const steps = doc.get('steps', true);
    const isStepId = isMap(steps) && steps.items.some((p) => rangeOf(p.key)?.[0] === offset);
    if (isStepId) add(offset, `step "${key}" is defined twice; step ids must be unique`, undefined, key);
    else add(offset, `duplicate key "${key}"`);
  }
  const other = doc.errors.find((e) => e.code !== 'TAB_AS_INDENT' && e.code !== 'DUPLICATE_KEY');
  if (other && tabs.length === 0) {
    const offset = other.pos[0];
    // A tab can also surface as some other error: name the tab, it is the cause.
    const tabLine = text.split('\n').findIndex((l) => /^ *\t/.test(l));
    const unclosed = /quote|Flow (sequence|map)/.test(other.message) ? unclosedAt(text) : null;
    if (tabLine >= 0 && tabLine + 1 <= pos(offset).line) {
      problems.push({
        file,
        line: tabLine + 1,
        col: text.split('\n')[tabLine]!.indexOf('\t') + 1,
        step: null,
        message: `tab used for indentation at line ${tabLine + 1}; YAML needs spaces`,
      });
    } else if (unclosed !== null && unclosed.offset <= offset) {
      add(unclosed.offset, `YAML syntax: ${unclosed.what}`);
    } else {
      add(offset, `YAML syntax: ${other.message.split('\n')[0]}`);
    }
  }
  if (problems.length > 0) return { runbook: null, problems };
  for (const warning of doc.warnings) add(warning.pos[0], `YAML: ${warning.message.split('\n')[0]}`, 'warning');

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    let first: number | undefined;
    visit(doc, {
      Alias(_key, node) {
        first = node.range?.[0];
        return visit.BREAK;
      },
    });
    add(first ?? 0, `too many YAML aliases: expanding them would exceed the limit of ${MAX_ALIAS_COUNT} (an alias bomb?)`, undefined, null);
    return { runbook: null, problems };
  }

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
    const label = field === '' ? '' : `${field}: `;
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
    const value = valueAt(root, path);
    let message = issue.message;
    if (issue.code === 'invalid_type') {
      if (value === undefined) message = `${field || 'value'} is required`;
      else {
        const hint = issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean') ? '; put it in quotes' : '';
        message = `${label}expected ${article(issue.expected)}, got ${describeValue(value)}${hint}`;
      }
    } else if (issue.code === 'too_small' && issue.origin === 'string') {
      message = `${label}must not be empty`;
    } else if (issue.code === 'too_small' && issue.origin === 'array') {
      message = `${label}needs at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`;
    } else if (issue.code === 'invalid_value') {
      message = issue.message.startsWith('unknown')
        ? issue.message
        : `${label}expected one of ${issue.values.map((v) => String(v)).join(', ')}, got ${JSON.stringify(value)}`;
    } else {
      message = `${label}${issue.message}`;
    }
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

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `text "${value.length > 30 ? `${value.slice(0, 30)}…` : value}"`;
  return `${typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'true/false' : typeof value} (${String(value)})`;
}

function article(expected: string): string {
  const words: Record<string, string> = {
    string: 'text',
    array: 'a list',
    object: 'a map',
    record: 'a map',
    boolean: 'true or false',
    number: 'a number',
  };
  return words[expected] ?? expected;
}

function rangeOf(node: unknown): [number, number, number] | undefined {
  return node && typeof node === 'object' && 'range' in node
    ? ((node as { range?: [number, number, number] }).range ?? undefined)
    : undefined;
}

function keyText(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/**
 * Where an unterminated quote, `[` or `{` starts: the parser reports it
 * where the file or the collection ends, which is rarely where the fix goes.
 */
function unclosedAt(text: string): { offset: number; what: string } | null {
  let offset = 0;
  const open: Array<{ offset: number; mark: string }> = [];
  for (const token of new Lexer().lex(text)) {
    // The lexer interleaves one-character markers that are not in the source;
    // \x18 means it gave up on the flow collection being read.
    if (token === '\u0018') {
      const flow = open.pop();
      if (flow) return { offset: flow.offset, what: `this ${flow.mark} is never closed with ${flow.mark === '[' ? ']' : '}'}` };
      continue;
    }
    if (token.length === 1 && /[\u0000-\u0008\u000E-\u001F]/.test(token)) continue;
    if (token === '[' || token === '{') open.push({ offset, mark: token });
    else if (token === ']' || token === '}') open.pop();
    else if (token.startsWith('"') && !/^"(?:[^"\\]|\\[\s\S])*"$/.test(token)) return { offset, what: 'this " quote is never closed' };
    else if (token.startsWith("'") && !/^'(?:[^']|'')*'$/.test(token)) return { offset, what: "this ' quote is never closed" };
    offset += token.length;
  }
  return null;
}

function keyAtOffset(text: string, offset: number): string {
  const m = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^:#\n,{}[\]]+?))\s*:/.exec(text.slice(offset, offset + 200));
  return (m?.[1] ?? m?.[2] ?? m?.[3] ?? text.slice(offset, offset + 20).split(/[:\n]/)[0] ?? '').trim();
}

/** The pair of `path` in its parent map, if the parent is a map. */
function pairAt(doc: Document, path: Path): Pair | null {
  if (path.length === 0) return null;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return null;
  const key = path[path.length - 1];
  return parent.items.find((p) => isPair(p) && keyText(p) === String(key)) ?? null;
}

/** Position of a map key (a step's name, an unknown key), else of the node. */
function locateKey(doc: Document, lines: LineCounter, path: Path): { line: number; col: number } | null {
  const pair = pairAt(doc, path);
  const start = rangeOf(pair?.key)?.[0];
  if (start !== undefined) return lines.linePos(start);
  return locatorFor(doc, lines)(path);
}

/**
 * Where a path is in the file: a scalar value itself (`next: nowhere` points
 * at "nowhere"), a step or other collection at its key, a list item at the
 * item; a path that does not exist falls back to its nearest parent.
 */
function locatorFor(doc: Document, lines: LineCounter): Locator {
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const sub = path.slice(0, n);
      if (sub.length === 0) {
        const start = rangeOf(doc.contents)?.[0];
        return start !== undefined ? lines.linePos(start) : { line: 1, col: 1 };
      }
      const node = doc.getIn(sub, true) as Node | undefined;
      if (node === undefined || node === null) continue;
      const pair = pairAt(doc, sub);
      const useKey = pair && !isScalar(node) && !isAlias(node);
      const start = useKey
        ? rangeOf(pair.key)?.[0]
        : isScalar(node) || isMap(node) || isSeq(node) || isAlias(node)
          ? rangeOf(node)?.[0]
          : undefined;
      if (start !== undefined) return lines.linePos(start);
    }
    return { line: 1, col: 1 };
  };
}

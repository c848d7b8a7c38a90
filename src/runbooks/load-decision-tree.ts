// Loads a decision-tree runbook (runbooks/severity.yaml) and checks it, so a
// bad edit fails with file:line:col instead of a wrong severity at 2am.
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isScalar, type Document } from 'yaml';
import { z } from 'zod';
import { SEVERITIES } from '../domain/types.js';
import type { DecisionTree, TreeNode } from '../domain/decision-tree.js';
import { RunbookError } from './runbook-error.js';

const choiceSchema = z.object({
  label: z.string().min(1),
  value: z.string().min(1),
  next: z.string().min(1),
});
const askSchema = z.object({
  ask: z.string().min(1),
  help: z.string().optional(),
  choices: z.array(choiceSchema).min(2),
});
const endSchema = z.object({
  end: z.object({ severity: z.enum(SEVERITIES), because: z.string().min(1) }),
});
const treeSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  summary: z.string().optional(),
  phase: z.string().optional(),
  start: z.string().min(1),
  steps: z.record(z.string(), z.record(z.string(), z.unknown())),
});
/** Each step is checked against the schema of its kind, so errors name the field, not "invalid union". */
const stepSchema = (step: Record<string, unknown>) => ('end' in step ? endSchema.strict() : askSchema.strict());

export { RunbookError };

export function loadDecisionTree(file: string): DecisionTree {
  return parseDecisionTree(readFileSync(file, 'utf8'), file);
}

export function parseDecisionTree(text: string, file: string): DecisionTree {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const where = (offset: number | undefined): string => {
    if (offset === undefined) return `${file}:1:1`;
    const { line, col } = lines.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    throw new RunbookError(doc.errors.map((e) => `${where(e.pos[0])}: ${e.message.split('\n')[0]}`));
  }
  const describe = (issue: z.core.$ZodIssue, prefix: string[]) => {
    const path = [...prefix, ...issue.path.map(String)];
    const step = path[0] === 'steps' && path[1] ? ` (step "${path[1]}")` : '';
    return `${where(offsetOf(doc, path))}: ${path.join('.') || 'runbook'}: ${issue.message}${step}`;
  };
  const parsed = treeSchema.safeParse(doc.toJS());
  if (!parsed.success) throw new RunbookError(parsed.error.issues.map((issue) => describe(issue, [])));
  const raw = parsed.data;
  const nodes: Record<string, TreeNode> = {};
  const stepProblems: string[] = [];
  for (const [id, rawStep] of Object.entries(raw.steps)) {
    const result = stepSchema(rawStep).safeParse(rawStep);
    if (!result.success) {
      stepProblems.push(...result.error.issues.map((issue) => describe(issue, ['steps', id])));
      continue;
    }
    const step = result.data;
    nodes[id] =
      'ask' in step
        ? { kind: 'ask', id, question: step.ask, help: step.help ?? null, choices: step.choices }
        : { kind: 'end', id, severity: step.end.severity, because: step.end.because };
  }
  if (stepProblems.length > 0) throw new RunbookError(stepProblems);
  const tree: DecisionTree = { id: raw.id, title: raw.title, start: raw.start, nodes };
  const problems = lintTree(tree).map((p) => `${where(offsetOf(doc, p.path))}: ${p.message}`);
  if (problems.length > 0) throw new RunbookError(problems);
  return tree;
}

interface Problem {
  path: string[];
  message: string;
}

/** Every `next` exists, every step is reachable, every path ends, no cycles. */
export function lintTree(tree: DecisionTree): Problem[] {
  const problems: Problem[] = [];
  if (!tree.nodes[tree.start]) problems.push({ path: ['start'], message: `start: no step named "${tree.start}"` });
  for (const node of Object.values(tree.nodes)) {
    if (node.kind !== 'ask') continue;
    node.choices.forEach((c, i) => {
      if (!tree.nodes[c.next]) {
        problems.push({
          path: ['steps', node.id, 'choices', String(i), 'next'],
          message: `step "${node.id}": choice "${c.label}" goes to "${c.next}", which does not exist`,
        });
      }
    });
  }
  if (problems.length > 0) return problems;
  const reached = new Set<string>();
  const visit = (id: string, trail: string[]): void => {
    if (trail.includes(id)) {
      problems.push({ path: ['steps', id], message: `step "${id}": cycle ${[...trail, id].join(' → ')}` });
      return;
    }
    reached.add(id);
    const node = tree.nodes[id];
    if (node?.kind === 'ask') for (const c of node.choices) visit(c.next, [...trail, id]);
  };
  visit(tree.start, []);
  for (const id of Object.keys(tree.nodes)) {
    if (!reached.has(id)) problems.push({ path: ['steps', id], message: `step "${id}" cannot be reached from "${tree.start}"` });
  }
  return problems;
}

function offsetOf(doc: Document, path: string[]): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const keys = path.slice(0, n).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    const node = doc.getIn(keys, true);
    if (node && (isMap(node) || isScalar(node) || typeof node === 'object') && 'range' in (node as object)) {
      const range = (node as { range?: [number, number, number] }).range;
      if (range) return range[0];
    }
  }
  return undefined;
}

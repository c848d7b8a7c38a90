import { stripControl } from '../domain/sanitize.js';
// Checks on a loaded Runbook, whatever file it came from: every `next`
// exists, every step is reachable, every path ends, no cycle unless declared,
// parameters declared, checks known, and (optionally) commands installed.
// Pure except for the default command lookup, which can be injected.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CHECK_NAMES, type Runbook, type RunbookStep } from '../domain/runbook.js';
import { placeholdersIn } from '../domain/placeholders.js';
import type { Locator } from '../yaml/yaml-source.js';

/** One thing wrong with a runbook file, at `file:line:col` (1-based). */
export interface Problem {
  file: string;
  line: number;
  col: number;
  /** The step it is about, if any. The message names it too (`step "d": …`). */
  step: string | null;
  message: string;
  /** Absent means an error. Warnings (an unused parameter, a command not installed here) never fail lint. */
  level?: 'error' | 'warning';
}

export const isError = (p: Problem): boolean => p.level !== 'warning';

/** `file:line:col: message`, or `file:line:col: warning: message`. */
export function formatProblem(p: Problem): string {
  return stripControl(`${p.file}:${p.line}:${p.col}: ${p.level === 'warning' ? 'warning: ' : ''}${p.message}`);
}

export type { Locator };

export interface LintOptions {
  /** Report a `do` whose program is not installed (as a warning). Off by default: runbooks are often linted on a laptop without kubectl. */
  checkCommands?: boolean;
  /** How a program is looked up; defaults to searching $PATH. */
  commandExists?: (command: string) => boolean;
  locate?: Locator;
}

/** The steps a step can go to, in the order the walker offers them. */
export function successors(step: RunbookStep): string[] {
  if (step.kind === 'ask') return step.choices.map((c) => c.next);
  if (step.kind === 'end') return [];
  return step.next === null ? [] : [step.next];
}

/** Step ids from `start`, depth first in choice order (each answer's path before the next answer's), then any unreachable ones. */
export function walkOrder(runbook: Runbook): string[] {
  const seen = new Set<string>();
  const visit = (id: string): void => {
    const step = runbook.steps[id];
    if (!step || seen.has(id)) return;
    seen.add(id);
    for (const next of successors(step)) visit(next);
  };
  visit(runbook.start);
  for (const id of Object.keys(runbook.steps)) visit(id);
  return [...seen];
}

export function lintRunbook(runbook: Runbook, options: LintOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const { steps } = runbook;
  const at = (path: ReadonlyArray<string | number>, step: string | null, message: string, level?: 'warning'): void => {
    const found = options.locate?.(path) ?? null;
    const line = found?.line ?? (step !== null ? (steps[step]?.line ?? 1) : 1);
    const col = found?.col ?? 1;
    problems.push({ file: runbook.source.file, line, col, step, message, ...(level ? { level } : {}) });
  };
  const ids = Object.keys(steps);
  const suggest = (name: string): string => {
    const close = closeMatches(name, ids);
    return close.length > 0 ? ` (did you mean "${close[0]}"?)` : '';
  };

  if (!steps[runbook.start]) at(['start'], null, `start: no step named "${runbook.start}"${suggest(runbook.start)}`);

  const deadEnds = new Set<string>();
  const broken = new Set<string>();
  const used = new Set<string>();
  const declared = new Set(runbook.params.map((p) => p.name));
  for (const [id, step] of Object.entries(steps)) {
    const here = `step "${id}"`;
    if (step.kind === 'ask') {
      const values = new Map<string, number>();
      const labels = new Map<string, number>();
      step.choices.forEach((c, i) => {
        if (!steps[c.next]) {
          broken.add(id);
          at(
            ['steps', id, 'choices', i, 'next'],
            id,
            `${here}: choice "${c.label}" goes to "${c.next}", which does not exist${suggest(c.next)}`,
          );
        }
        if (c.value === '')
          at(['steps', id, 'choices', i], id, `${here}: choice "${c.label}" needs a value (its label has no letters or digits)`);
        else if (values.has(c.value))
          at(['steps', id, 'choices', i], id, `${here}: choices ${values.get(c.value)! + 1} and ${i + 1} have the same value "${c.value}"`);
        else if (labels.has(c.label))
          at(
            ['steps', id, 'choices', i, 'label'],
            id,
            `${here}: choices ${labels.get(c.label)! + 1} and ${i + 1} have the same label "${c.label}"`,
          );
        values.set(c.value, i);
        labels.set(c.label, i);
      });
      if (step.choices.length === 0) {
        deadEnds.add(id);
        at(['steps', id], id, `${here}: a question with no choices goes nowhere; every path must reach an end`);
      }
    } else if (step.kind !== 'end') {
      if (step.next === null) {
        deadEnds.add(id);
        at(['steps', id], id, `${here}: no next step and not an end; every path must reach an end (add next: or make it an end)`);
      } else if (!steps[step.next]) {
        broken.add(id);
        at(['steps', id, 'next'], id, `${here}: next goes to "${step.next}", which does not exist${suggest(step.next)}`);
      }
    }
    if (step.kind === 'check' && !(CHECK_NAMES as readonly string[]).includes(step.check)) {
      at(['steps', id, 'check'], id, `${here}: unknown check "${step.check}"; known checks: ${CHECK_NAMES.join(', ')}`);
    }
    if (step.kind === 'do') {
      step.argv.forEach((arg, i) => {
        const path = ['steps', id, 'do', 'argv', i];
        for (const name of placeholdersIn([arg])) {
          used.add(name);
          if (!declared.has(name))
            at(path, id, `${here}: parameter {{${name}}} is not declared under params${suggestFrom(name, [...declared])}`);
        }
        if (i === 0 && placeholdersIn([arg]).length > 0) at(path, id, `${here}: the program to run (argv[0]) cannot come from a parameter`);
      });
      const program = step.argv[0];
      if (options.checkCommands && program !== undefined && program !== '' && placeholdersIn([program]).length === 0) {
        const exists = options.commandExists ?? ((command: string) => commandOnPath(command));
        if (!exists(program)) at(['steps', id, 'do', 'argv', 0], id, `${here}: command not found: ${program}`, 'warning');
      }
    }
  }
  for (const p of runbook.params) {
    if (!used.has(p.name)) at(['params', p.name], null, `parameter "${p.name}" is declared but no command uses {{${p.name}}}`, 'warning');
  }
  // A missing step cuts paths short: reachability and endings would only repeat it.
  if (!steps[runbook.start] || broken.size > 0) return problems;

  // Reachability, in walk order so reports read top to bottom.
  const reached = new Set<string>();
  const reach = (id: string): void => {
    if (reached.has(id) || !steps[id]) return;
    reached.add(id);
    for (const next of successors(steps[id]!)) reach(next);
  };
  reach(runbook.start);
  for (const id of ids) {
    if (!reached.has(id)) at(['steps', id], id, `step "${id}" cannot be reached from "${runbook.start}"`);
  }

  // Cycles: each edge that closes a loop, once.
  if (!runbook.allowCycles) {
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (id: string): void => {
      state.set(id, 'open');
      stack.push(id);
      const step = steps[id]!;
      successors(step).forEach((next, i) => {
        if (!steps[next]) return;
        if (state.get(next) === 'open') {
          const loop = [...stack.slice(stack.indexOf(next)), next].join(' → ');
          const path = step.kind === 'ask' ? ['steps', id, 'choices', i, 'next'] : ['steps', id, 'next'];
          at(path, id, `step "${id}": cycle ${loop}; add \`cycles: allowed\` if the loop is intended`);
        } else if (!state.has(next)) visit(next);
      });
      stack.pop();
      state.set(id, 'done');
    };
    visit(runbook.start);
    for (const id of ids) if (!state.has(id)) visit(id);
    return problems;
  }

  // With loops allowed, every step must still be able to reach an end. Steps
  // that only lead to a dead end or a missing step were reported above.
  const predecessors = new Map<string, string[]>();
  for (const [id, step] of Object.entries(steps)) {
    for (const next of successors(step)) predecessors.set(next, [...(predecessors.get(next) ?? []), id]);
  }
  const backwards = (from: string[]): Set<string> => {
    const found = new Set<string>();
    const queue = [...from];
    while (queue.length > 0) {
      const id = queue.pop()!;
      if (found.has(id)) continue;
      found.add(id);
      queue.push(...(predecessors.get(id) ?? []));
    }
    return found;
  };
  const canEnd = backwards(ids.filter((id) => steps[id]!.kind === 'end'));
  const leadsToReported = backwards([...deadEnds, ...broken]);
  const handled = new Set<string>();
  for (const id of walkOrder(runbook)) {
    if (!reached.has(id) || canEnd.has(id) || leadsToReported.has(id) || handled.has(id)) continue;
    const stuck: string[] = [];
    const mark = (s: string): void => {
      if (handled.has(s) || !steps[s]) return;
      handled.add(s);
      stuck.push(s);
      for (const next of successors(steps[s]!)) mark(next);
    };
    mark(id);
    at(
      ['steps', id],
      id,
      `step "${id}": no end can be reached from here; every path loops through ${stuck.map((s) => `"${s}"`).join(', ')} forever`,
    );
  }
  return problems;
}

function suggestFrom(name: string, candidates: string[]): string {
  const close = closeMatches(name, candidates);
  return close.length > 0 ? ` (did you mean {{${close[0]}}}?)` : '';
}

/** Is `command` a program that can be run: a path to an executable file, or found on $PATH? */
export function commandOnPath(command: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const executable = (file: string): boolean => {
    try {
      if (!statSync(file).isFile()) return false;
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (command.includes('/')) return executable(command);
  return (env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && executable(join(dir, command)));
}

/** Candidates close to `name` (a typo, a prefix, a word in common), best first. */
export function closeMatches(name: string, candidates: readonly string[], max = 3): string[] {
  const needle = name.toLowerCase();
  const scored = candidates
    .map((c) => {
      const hay = c.toLowerCase();
      const distance = editDistance(needle, hay);
      const budget = Math.max(1, Math.floor(Math.max(needle.length, hay.length) / 3));
      const related = hay.includes(needle) || (hay.length >= 3 && needle.includes(hay)) || sharesWord(needle, hay);
      return { c, distance, ok: (distance <= budget && distance < Math.min(needle.length, hay.length)) || related };
    })
    .filter((s) => s.ok && s.c !== name)
    .sort((a, b) => a.distance - b.distance || a.c.localeCompare(b.c));
  return scored.slice(0, max).map((s) => s.c);
}

function sharesWord(a: string, b: string): boolean {
  const words = (s: string) => s.split(/[^a-z0-9]+/).filter((w) => w.length >= 3);
  const other = new Set(words(b));
  return words(a).some((w) => other.has(w));
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

// A team's own severity tree (`severity.yaml` in --runbooks, the repository's
// .incident/runbooks/ or the user's config) replaces the built-in one in
// triage. Only a stat per folder on start-up; the parser loads when one exists.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DecisionTree, TreeNode } from '../domain/decision-tree.js';
import type { Runbook } from '../domain/runbook.js';
import { runbookSearchPath } from './runbook-search-path.js';
import { RunbookError } from './runbook-error.js';

export function teamSeverityFile(opts: { flagDir: string | null; repoRoot: string | null; env: NodeJS.ProcessEnv }): string | null {
  for (const { dir } of runbookSearchPath({ flagDir: opts.flagDir, repoRoot: opts.repoRoot, env: opts.env, builtinDir: null })) {
    for (const name of ['severity.yaml', 'severity.yml']) {
      if (existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return null;
}

export async function loadTeamSeverityTree(file: string): Promise<DecisionTree> {
  const { loadRunbookFile, formatProblem, isError } = await import('./load-runbook.js');
  const { runbook, problems } = loadRunbookFile(file, 'repo');
  const errors = problems.filter(isError);
  if (!runbook || errors.length > 0) throw new RunbookError(errors.map(formatProblem));
  return toDecisionTree(runbook);
}

/** A runbook made only of questions and severity ends, as triage walks it. */
export function toDecisionTree(runbook: Runbook): DecisionTree {
  const nodes: Record<string, TreeNode> = {};
  const problems: string[] = [];
  for (const step of Object.values(runbook.steps)) {
    if (step.kind === 'ask') nodes[step.id] = { kind: 'ask', id: step.id, question: step.question, help: step.help, choices: step.choices };
    else if (step.kind === 'end' && step.outcome.severity) {
      nodes[step.id] = {
        kind: 'end',
        id: step.id,
        severity: step.outcome.severity,
        because: step.outcome.because ?? step.outcome.text ?? step.outcome.severity,
      };
    } else
      problems.push(
        `${runbook.source.file}:${step.line}:1: step "${step.id}": a severity tree has only ask steps and ends with a severity`,
      );
  }
  if (problems.length > 0) throw new RunbookError(problems);
  return { id: runbook.id, title: runbook.title, start: runbook.start, nodes };
}

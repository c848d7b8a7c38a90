// The severity tree for the TUI. The build parses and checks the shipped
// runbooks/severity.yaml once and embeds the result, so starting `incident`
// does not load the YAML parser and schema validator; an edited file (its
// hash differs) is parsed and checked here, as before.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DecisionTree } from '../domain/decision-tree.js';
import { builtinRunbooksDir } from './runbooks-dir.js';

declare const __INCIDENT_SEVERITY_TREE_JSON__: string | undefined;

export async function loadSeverityTree(dir: string = builtinRunbooksDir()): Promise<DecisionTree> {
  const file = join(dir, 'severity.yaml');
  const text = readFileSync(file, 'utf8');
  const compiled =
    typeof __INCIDENT_SEVERITY_TREE_JSON__ === 'string' ? (JSON.parse(__INCIDENT_SEVERITY_TREE_JSON__) as { sha256: string; tree: DecisionTree }) : undefined;
  if (compiled && compiled.sha256 === sha256(text)) return compiled.tree;
  const { parseDecisionTree } = await import('./load-decision-tree.js');
  return parseDecisionTree(text, file);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

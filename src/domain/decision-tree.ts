// A decision tree as the machine walks it: pure data, loaded and checked by
// runbooks/load-decision-tree.ts.
import type { Severity } from './types.js';

export interface TreeChoice {
  label: string;
  value: string;
  next: string;
}

export type TreeNode =
  | { kind: 'ask'; id: string; question: string; help: string | null; choices: TreeChoice[] }
  | { kind: 'end'; id: string; severity: Severity; because: string };

export interface DecisionTree {
  id: string;
  title: string;
  start: string;
  nodes: Record<string, TreeNode>;
}

export function nodeOf(tree: DecisionTree, id: string): TreeNode {
  const node = tree.nodes[id];
  if (!node) throw new Error(`decision tree ${tree.id} has no step "${id}"`);
  return node;
}

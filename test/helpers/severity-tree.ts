import { join } from 'node:path';
import { loadDecisionTree } from '../../src/runbooks/load-decision-tree.js';
import { builtinRunbooksDir } from '../../src/runbooks/runbooks-dir.js';

/** The real runbooks/severity.yaml, as the app loads it. */
export const severityTree = loadDecisionTree(join(builtinRunbooksDir(), 'severity.yaml'));

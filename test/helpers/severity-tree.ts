import { join } from 'node:path';
import { builtinRunbooksDir, loadDecisionTree } from '../../src/runbooks/load-decision-tree.js';

/** The real runbooks/severity.yaml, as the app loads it. */
export const severityTree = loadDecisionTree(join(builtinRunbooksDir(), 'severity.yaml'));

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTeamSeverityTree, teamSeverityFile } from '../../src/runbooks/team-severity-tree.js';
import { RunbookError } from '../../src/runbooks/runbook-error.js';
import { builtinRunbooksDir } from '../../src/runbooks/runbooks-dir.js';
import { makeTempDir } from '../helpers/temp.js';

let tmp: { dir: string; cleanup: () => void };
beforeEach(() => (tmp = makeTempDir('incident-team-sev-')));
afterEach(() => tmp.cleanup());

const shipped = readFileSync(join(builtinRunbooksDir(), 'severity.yaml'), 'utf8');

describe("a team's severity tree", () => {
  it('is found in the repository and replaces the built-in one', async () => {
    const env = { HOME: join(tmp.dir, 'home') };
    const repo = join(tmp.dir, 'repo');
    expect(teamSeverityFile({ flagDir: null, repoRoot: repo, env })).toBeNull();
    mkdirSync(join(repo, '.incident', 'runbooks'), { recursive: true });
    const file = join(repo, '.incident', 'runbooks', 'severity.yaml');
    writeFileSync(file, shipped.replace('Is the app completely down — nobody can use it?', 'Are payments failing for everyone?'));
    expect(teamSeverityFile({ flagDir: null, repoRoot: repo, env })).toBe(file);
    const tree = await loadTeamSeverityTree(file);
    expect(tree.nodes.app_down).toMatchObject({ kind: 'ask', question: 'Are payments failing for everyone?' });
    expect(tree.nodes.sev1_down).toMatchObject({ kind: 'end', severity: 'SEV-1' });
  });

  it('a tree with other kinds of steps is refused with the file and step', async () => {
    const file = join(tmp.dir, 'severity.yaml');
    writeFileSync(
      file,
      shipped.replace(
        '  sev3:\n    end: { severity: SEV-3, because: a limited part of the product is impaired }',
        '  sev3:\n    note: read this\n    next: sev4',
      ),
    );
    await expect(loadTeamSeverityTree(file)).rejects.toThrow(RunbookError);
    await expect(loadTeamSeverityTree(file)).rejects.toThrow(
      /severity\.yaml:\d+:1: step "sev3": a severity tree has only ask steps and ends with a severity/,
    );
  });
});

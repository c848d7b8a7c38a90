// The built-in library, as it is at test time: every runbook passes lint.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { discoverRunbooks, loadRunbookAt } from '../../src/runbooks/discover-runbooks.js';
import { formatProblem, isError } from '../../src/runbooks/lint-runbook.js';
import { builtinRunbooksDir } from '../../src/runbooks/runbooks-dir.js';

const dir = builtinRunbooksDir();
const files = readdirSync(dir)
  .filter((f) => /\.(ya?ml|md)$/.test(f))
  .sort();

describe('the built-in runbooks', () => {
  it('include the severity tree', () => {
    expect(files).toContain('severity.yaml');
  });

  it.each(files)('%s passes lint with zero errors', (file) => {
    const { runbook, problems } = loadRunbookAt(join(dir, file), 'builtin');
    expect(problems.filter(isError).map(formatProblem)).toEqual([]);
    expect(runbook).not.toBeNull();
  });

  it('have unique ids, each named after its file', () => {
    const found = discoverRunbooks({ builtinDir: dir, env: { HOME: '/nonexistent' } });
    expect(found.problems.filter(isError).map(formatProblem)).toEqual([]);
    for (const r of found.runbooks) expect(r.source.file).toMatch(new RegExp(`/${r.id}\\.(ya?ml|md)$`));
  });
});

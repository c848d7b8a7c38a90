import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseRunbookYaml } from '../../src/runbooks/load-runbook.js';

describe('the runbook example in README.md', () => {
  it('is a valid runbook', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const example = /```yaml\n(id: [\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const { runbook, problems } = parseRunbookYaml(example!, 'README.md', 'flag');
    expect(problems.filter((p) => p.level !== 'warning')).toEqual([]);
    expect(runbook?.steps.restart).toMatchObject({ kind: 'do', destructive: true });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunbookAt } from '../../src/runbooks/discover-runbooks.js';
import { makeTempDir } from '../helpers/temp.js';

let tmp: { dir: string; cleanup: () => void };
beforeEach(() => (tmp = makeTempDir('incident-rb-esc-')));
afterEach(() => tmp.cleanup());

describe('a runbook with terminal escape sequences', () => {
  it.each([
    [
      'evil.yaml',
      'id: evil\ntitle: "Evil \u001b]2;PWNED\u0007 title"\nsummary: s\napplies_when: [x]\nphase: any\nstart: a\nsteps:\n  a: { ask: "Sure\u001b[2J?", choices: [{ label: "Yes", next: b }, { label: "No", next: b }] }\n  b: { end: { text: done } }\n',
    ],
    ['evil.md', '# Evil \u001b]2;PWNED\u0007 title\n\nA summary.\n\n## Step\n\nDo \u001b[31mthis\u001b[0m.\n'],
  ])('%s loads with them removed, and says so', (name, text) => {
    const file = join(tmp.dir, name);
    writeFileSync(file, text);
    const { runbook, problems } = loadRunbookAt(file, 'repo');
    expect(runbook).not.toBeNull();
    expect(JSON.stringify(runbook)).not.toMatch(/\\u001b|\\u0007/);
    expect(runbook!.title).toMatch(/^Evil +title$/);
    expect(problems).toContainEqual(expect.objectContaining({ level: 'warning', message: expect.stringMatching(/control characters/) }));
  });
});

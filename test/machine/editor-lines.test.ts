// Answers written in the editor can have several lines. Questions whose answer
// is one thing (a title, a URL, a time, an owner, a command's parameter) join
// them into one line; the others keep them.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { walkPromptFor } from '../../src/machine/walk-prompts.js';
import { startWalk } from '../../src/domain/runbook-walk.js';
import { loadRunbookFile } from '../../src/runbooks/load-runbook.js';

const fixture = fileURLToPath(new URL('../fixtures/walk/run-things.yaml', import.meta.url));

describe('lines written in the editor', () => {
  it('a command parameter is one argument: its lines are joined, never passed as line breaks', () => {
    const { runbook } = loadRunbookFile(fixture, 'flag');
    const prompt = walkPromptFor(runbook!, startWalk(runbook!), null, true);
    expect(prompt).toMatchObject({ kind: 'text', step: 'walk.run-things.say.param.word' });
    if (prompt.kind !== 'text') throw new Error('not a text prompt');
    expect(prompt.submit('hello\n  world\n', new Date())).toEqual({
      ok: true,
      action: { type: 'runbook.param', runbook: 'run-things', name: 'word', value: 'hello world' },
    });
    expect(prompt.submit(' \n \n', new Date())).toMatchObject({ ok: false });
  });
});

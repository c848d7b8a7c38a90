// The revert screens show what git said: a remote URL with its token, a
// subject with a key in it. Shown masked, like everything stored.
import { describe, expect, it } from 'vitest';
import { rollbackPrompt } from '../../src/machine/rollback-prompts.js';
import type { RollbackStage } from '../../src/domain/rollback-view.js';
import { leaks, PLANTED } from '../helpers/planted-secrets.js';

const text = (family: string): string => PLANTED.find((p) => p.family === family)!.text;
const remote = `https://x-access-token:${text('GitHub app token')}@github.com/shop/api.git`;

describe('rollbackPrompt', () => {
  it.each<[string, RollbackStage]>([
    ['blocked', { kind: 'blocked', problems: [`remote ${remote} is unreachable`], stash: null }],
    [
      'confirm',
      { kind: 'confirm', diffstat: ` config/prod.env | 2 +-  ${text('password=')}`, warnings: [`the diff sets ${text('token=')}`] },
    ],
    [
      'push',
      {
        kind: 'push',
        revertSha: 'abcdef0123',
        plan: { remote: 'origin', target: 'main', command: `git push ${remote} HEAD:main` },
        planNote: null,
      },
    ],
    ['push without a plan', { kind: 'push', revertSha: 'abcdef0123', plan: null, planNote: `no access to ${remote}` }],
    ['failed', { kind: 'failed', message: `fatal: unable to access '${remote}/': 403`, files: [] }],
  ])("%s: git's words and the subject are shown masked", (_name, stage) => {
    const prompt = rollbackPrompt({ sha: '0123456789abcdef', subject: `rotate ${text('AWS access key id')}`, stage });
    const shown = JSON.stringify({
      question: prompt.question,
      context: prompt.context,
      choices: 'choices' in prompt ? prompt.choices : [],
    });
    expect(leaks(shown)).toEqual([]);
    expect(shown).toContain('rotate AKIA****');
  });
});

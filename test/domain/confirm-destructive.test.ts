import { describe, expect, it } from 'vitest';
import { confirmationHint, confirmationWord, FALLBACK_CONFIRMATION_WORD, isConfirmed } from '../../src/domain/confirm-destructive.js';

describe('confirmationWord', () => {
  it.each<[string, string[], string]>([
    ['the command name', ['kubectl', 'rollout', 'undo', 'deploy/api'], 'kubectl'],
    ['the base name of a path', ['/usr/local/bin/psql', '-c', 'select 1'], 'psql'],
    ['a relative script', ['./scripts/failover.sh', 'db1'], 'failover.sh'],
    ['two letters are enough', ['rm', '-rf', '/tmp/x'], 'rm'],
    ['sudo is what is typed for sudo', ['sudo', 'systemctl', 'restart', 'api'], 'sudo'],
    ['a one-letter name falls back', ['w'], FALLBACK_CONFIRMATION_WORD],
    ['a non-ASCII name falls back', ['déployer'], FALLBACK_CONFIRMATION_WORD],
    ['a name with a space falls back', ['my tool'], FALLBACK_CONFIRMATION_WORD],
    ['a very long name falls back', ['a'.repeat(40)], FALLBACK_CONFIRMATION_WORD],
    ['a trailing slash falls back', ['/usr/bin/'], FALLBACK_CONFIRMATION_WORD],
    ['an empty argv falls back', [], FALLBACK_CONFIRMATION_WORD],
  ])('%s', (_name, argv, word) => {
    expect(confirmationWord(argv)).toBe(word);
  });

  it('the fallback is a whole word, not a single key', () => {
    expect(FALLBACK_CONFIRMATION_WORD.length).toBeGreaterThan(1);
  });
});

describe('isConfirmed', () => {
  const typed = { arrivedInOneChunkWithEnter: false };
  const pasted = { arrivedInOneChunkWithEnter: true };

  it.each<[string, string, string, { arrivedInOneChunkWithEnter: boolean }, boolean]>([
    ['typed exactly', 'kubectl', 'kubectl', typed, true],
    ['surrounding whitespace is trimmed', '  kubectl \r\n', 'kubectl', typed, true],
    ['the fallback word typed', 'run', 'run', typed, true],
    ['pasted with its Enter', 'kubectl', 'kubectl', pasted, false],
    ['pasted "y⏎"', 'y', 'kubectl', pasted, false],
    ['pasted "run⏎"', 'run', 'run', pasted, false],
    ['a single key', 'y', 'kubectl', typed, false],
    ['yes is not the word', 'yes', 'kubectl', typed, false],
    ['case-sensitive', 'Kubectl', 'kubectl', typed, false],
    ['caps lock', 'RUN', 'run', typed, false],
    ['a prefix', 'kube', 'kubectl', typed, false],
    ['more than the word', 'kubectl!', 'kubectl', typed, false],
    ['inner whitespace counts', 'kube ctl', 'kubectl', typed, false],
    ['empty', '', 'kubectl', typed, false],
    ['an empty expected word never confirms', '', '', typed, false],
    ['a one-character expected word never confirms', 'y', 'y', typed, false],
    ['an expected word with spaces never confirms', ' run', ' run', typed, false],
  ])('%s', (_name, input, expected, meta, ok) => {
    expect(isConfirmed(input, expected, meta)).toBe(ok);
  });
});

describe('confirmationHint', () => {
  it('names the word', () => {
    expect(confirmationHint('kubectl')).toContain('Type kubectl and press Enter');
  });
});

import { describe, expect, it } from 'vitest';
import type { Runbook, RunbookStep } from '../../src/domain/runbook.js';
import { closeMatches, commandOnPath, formatProblem, lintRunbook, walkOrder } from '../../src/runbooks/lint-runbook.js';

// A Runbook as the Markdown loader would build it: no YAML document to point
// into, so problems fall back to the line of the step.
function runbook(steps: RunbookStep[], extra: Partial<Runbook> = {}): Runbook {
  return {
    id: 'md',
    title: 'From Markdown',
    summary: '',
    appliesWhen: [],
    phase: 'any',
    params: [],
    start: steps[0]!.id,
    steps: Object.fromEntries(steps.map((s) => [s.id, s])),
    allowCycles: false,
    source: { file: 'wiki.md', format: 'markdown', origin: 'repo' },
    ...extra,
  };
}
const note = (id: string, next: string | null, line: number): RunbookStep => ({ id, kind: 'note', title: null, next, line, markdown: id });
const end = (id: string, line: number): RunbookStep => ({
  id,
  kind: 'end',
  title: null,
  next: null,
  line,
  outcome: { severity: null, because: null, recommendation: null, containment: null, text: 'done' },
});
const run = (id: string, argv: string[], next: string | null, line: number): RunbookStep => ({
  id,
  kind: 'do',
  title: null,
  next,
  line,
  text: null,
  argv,
  destructive: false,
  timeoutMs: 30_000,
});
const lint = (r: Runbook, options = {}) => lintRunbook(r, options).map(formatProblem);

describe('lintRunbook without a YAML document', () => {
  it('a clean runbook has no problems', () => {
    expect(lint(runbook([note('a', 'b', 1), end('b', 5)]))).toEqual([]);
  });

  it.each([
    [
      'a dead end',
      runbook([note('intro', 'rollback', 1), note('rollback', null, 7)]),
      ['wiki.md:7:1: step "rollback": no next step and not an end; every path must reach an end (add next: or make it an end)'],
    ],
    ['a missing step', runbook([note('a', 'gone', 3)]), ['wiki.md:3:1: step "a": next goes to "gone", which does not exist']],
    [
      'an unreachable step',
      runbook([note('a', 'z', 1), note('b', 'z', 4), end('z', 9)]),
      ['wiki.md:4:1: step "b" cannot be reached from "a"'],
    ],
    [
      'a cycle',
      runbook([note('a', 'b', 1), note('b', 'a', 4)]),
      ['wiki.md:4:1: step "b": cycle a → b → a; add `cycles: allowed` if the loop is intended'],
    ],
    [
      'an unknown check',
      runbook([{ id: 'c', kind: 'check', title: null, next: 'z', line: 2, check: 'disk', text: null }, end('z', 3)]),
      ['wiki.md:2:1: step "c": unknown check "disk"; known checks: health, recent-commits, tls-expiry'],
    ],
    [
      'an undeclared parameter, and a declared one never used',
      runbook([run('r', ['kubectl', 'logs', '{{ pod }}'], 'z', 6), end('z', 9)], {
        params: [{ name: 'service', prompt: 'Which?', example: null }],
      }),
      [
        'wiki.md:6:1: step "r": parameter {{pod}} is not declared under params',
        'wiki.md:1:1: warning: parameter "service" is declared but no command uses {{service}}',
      ],
    ],
    ['a start that does not exist', runbook([end('z', 3)], { start: 'begin' }), ['wiki.md:1:1: start: no step named "begin"']],
  ])('%s', (_name, r, expected) => {
    expect(lint(r)).toEqual(expected);
  });

  it('with cycles allowed, a loop with an exit passes and one without does not', () => {
    const ask: RunbookStep = {
      id: 'fixed',
      kind: 'ask',
      title: null,
      next: null,
      line: 4,
      question: 'Fixed?',
      help: null,
      choices: [
        { label: 'Yes', value: 'yes', next: 'z' },
        { label: 'No', value: 'no', next: 'retry' },
      ],
    };
    expect(lint(runbook([note('retry', 'fixed', 1), ask, end('z', 9)], { allowCycles: true }))).toEqual([]);
    expect(lint(runbook([note('a', 'b', 1), note('b', 'c', 2), note('c', 'b', 3), end('z', 9)], { allowCycles: true }))).toEqual([
      'wiki.md:9:1: step "z" cannot be reached from "a"',
      'wiki.md:1:1: step "a": no end can be reached from here; every path loops through "a", "b", "c" forever',
    ]);
  });

  it('commands: checked only when asked, through the injected lookup; a placeholder never checked', () => {
    const r = runbook([run('r', ['kubectl', 'get', 'pods'], 's', 2), run('s', ['/usr/bin/env', 'true'], 'z', 4), end('z', 6)]);
    expect(lint(r)).toEqual([]);
    expect(lint(r, { checkCommands: true, commandExists: (c: string) => c.startsWith('/') })).toEqual([
      'wiki.md:2:1: warning: step "r": command not found: kubectl',
    ]);
  });

  it('commandOnPath finds programs on PATH and by path', () => {
    expect(commandOnPath('node')).toBe(true);
    expect(commandOnPath(process.execPath)).toBe(true);
    expect(commandOnPath('incident-no-such-program-xyz')).toBe(false);
    expect(commandOnPath('node', { PATH: '/nonexistent' })).toBe(false);
    expect(commandOnPath('./no/such/file')).toBe(false);
  });
});

describe('walkOrder and closeMatches', () => {
  it('walks depth first in choice order, then the unreachable steps', () => {
    const ask: RunbookStep = {
      id: 'q',
      kind: 'ask',
      title: null,
      next: null,
      line: 1,
      question: '?',
      help: null,
      choices: [
        { label: 'Yes', value: 'yes', next: 'y' },
        { label: 'No', value: 'no', next: 'n' },
      ],
    };
    expect(walkOrder(runbook([ask, end('n', 2), note('y', 'done', 3), end('done', 4), end('orphan', 5)]))).toEqual([
      'q',
      'y',
      'done',
      'n',
      'orphan',
    ]);
  });

  it('suggests typos, prefixes and shared words', () => {
    expect(closeMatches('db-unreachabel', ['db-unreachable', 'tls-expired'])).toEqual(['db-unreachable']);
    expect(closeMatches('tls', ['db-unreachable', 'tls-expired'])).toEqual(['tls-expired']);
    expect(closeMatches('oom', ['oom-crash-loop', 'severity'])).toEqual(['oom-crash-loop']);
    expect(closeMatches('zzz', ['severity'])).toEqual([]);
  });
});

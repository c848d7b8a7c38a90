import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  choiceValue,
  formatProblem,
  loadRunbookFile,
  parseRunbookYaml,
  MAX_RUNBOOK_BYTES,
  type Problem,
} from '../../src/runbooks/load-runbook.js';
import { builtinRunbooksDir } from '../../src/runbooks/runbooks-dir.js';
import { makeTempDir } from '../helpers/temp.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'runbooks');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');
const parse = (name: string, options = {}) => parseRunbookYaml(fixture(name), name, 'flag', options);
const lines = (problems: Problem[]) => problems.map(formatProblem);

let tmp: { dir: string; cleanup: () => void };
beforeEach(() => (tmp = makeTempDir('incident-runbook-')));
afterEach(() => tmp.cleanup());

describe('parseRunbookYaml: each bad input, one by one', () => {
  it.each([
    ['YAML syntax error', 'syntax-error.yaml', 'syntax-error.yaml:5:14: step "a": YAML syntax: this " quote is never closed', 'a'],
    ['tab indentation', 'tab-indent.yaml', 'tab-indent.yaml:6:1: tab used for indentation at line 6; YAML needs spaces', null],
    ['a duplicate key', 'duplicate-key.yaml', 'duplicate-key.yaml:8:5: step "a": duplicate key "next"', 'a'],
    ['a duplicate step id', 'duplicate-step.yaml', 'duplicate-step.yaml:7:3: step "a" is defined twice; step ids must be unique', 'a'],
    [
      'a next to a missing step',
      'missing-next.yaml',
      'missing-next.yaml:5:27: step "a": next goes to "check_logs", which does not exist (did you mean "check_log"?)',
      'a',
    ],
    [
      'a choice to a missing step',
      'missing-choice.yaml',
      'missing-choice.yaml:9:30: step "q": choice "No" goes to "nowhere", which does not exist',
      'q',
    ],
    ['an unreachable step', 'unreachable.yaml', 'unreachable.yaml:6:3: step "orphan" cannot be reached from "a"', 'orphan'],
    [
      'an undeclared cycle',
      'cycle.yaml',
      'cycle.yaml:10:30: step "b": cycle a → b → a; add `cycles: allowed` if the loop is intended',
      'b',
    ],
    [
      'no ending (a step that just stops)',
      'no-ending.yaml',
      'no-ending.yaml:10:3: step "stuck": no next step and not an end; every path must reach an end (add next: or make it an end)',
      'stuck',
    ],
    [
      'no ending (a declared loop with no way out)',
      'loops-forever.yaml',
      'loops-forever.yaml:6:3: step "a": no end can be reached from here; every path loops through "a", "b", "c" forever',
      'a',
    ],
    [
      'an undeclared parameter',
      'undeclared-param.yaml',
      'undeclared-param.yaml:8:45: step "restart": parameter {{service}} is not declared under params',
      'restart',
    ],
    [
      'an alias bomb',
      'alias-bomb.yaml',
      'alias-bomb.yaml:5:14: too many YAML aliases: expanding them would exceed the limit of 50 (an alias bomb?)',
      null,
    ],
    [
      'an unknown check name',
      'unknown-check.yaml',
      'unknown-check.yaml:5:15: step "a": unknown check "disk-space"; known checks: health, recent-commits, tls-expiry',
      'a',
    ],
  ])('%s', (_name, file, expected, step) => {
    const { runbook, problems } = parse(file);
    expect(runbook).toBeNull();
    expect(lines(problems)).toEqual([expected]);
    expect(problems[0]!.step).toBe(step);
  });

  it('an unknown top-level key, and a misspelt step key with a suggestion', () => {
    const { runbook, problems } = parse('unknown-key.yaml');
    expect(runbook).toBeNull();
    expect(lines(problems)).toEqual([
      'unknown-key.yaml:3:1: unknown key "owner" (expected id, title, summary, applies_when, phase, params, cycles, start, steps)',
      'unknown-key.yaml:6:21: step "a": unknown key "nxt" (did you mean "next"?)',
    ]);
    expect(problems.map((p) => p.step)).toEqual([null, 'a']);
  });

  it('a command that is not installed is a warning, and only when asked for', () => {
    const checked = parse('command-not-found.yaml', { checkCommands: true });
    expect(lines(checked.problems)).toEqual([
      'command-not-found.yaml:6:18: warning: step "a": command not found: incident-no-such-program-xyz',
    ]);
    expect(checked.problems[0]).toMatchObject({ step: 'a', level: 'warning' });
    expect(checked.runbook).not.toBeNull();
    expect(parse('command-not-found.yaml').problems).toEqual([]);
  });

  it('a declared cycle passes', () => {
    const { runbook, problems } = parse('cycle-allowed.yaml');
    expect(problems).toEqual([]);
    expect(runbook?.allowCycles).toBe(true);
  });

  it('a file over 256 KiB is refused before it is parsed', () => {
    const big = `id: big\ntitle: Big\nstart: a\nsteps:\n  a: { end: { text: Done } }\n# ${'x'.repeat(MAX_RUNBOOK_BYTES)}\n`;
    expect(lines(parseRunbookYaml(big, 'big.yaml', 'flag').problems)).toEqual([
      'big.yaml:1:1: file is 257 KiB; a runbook may be at most 256 KiB',
    ]);
    const file = join(tmp.dir, 'big.yaml');
    writeFileSync(file, big);
    expect(lines(loadRunbookFile(file, 'flag').problems)).toEqual([`${file}:1:1: file is 257 KiB; a runbook may be at most 256 KiB`]);
  });

  it.each([
    [
      'a step with two kinds',
      'a: { note: x, check: health, next: b }',
      'x.yaml:5:3: step "a": a step needs exactly one of ask, check, do, checklist, note, end (found check and note)',
    ],
    [
      'a step with no kind',
      'a: { next: b }',
      'x.yaml:5:3: step "a": a step needs exactly one of ask, check, do, checklist, note, end (found next)',
    ],
    [
      'a bad timeout',
      'a: { do: { argv: [ls], timeout: 5 minutes }, next: b }',
      'x.yaml:5:35: step "a": do.timeout: a timeout is a whole number with ms, s or m: 500ms, 30s, 2m',
    ],
    [
      'a number in argv',
      'a: { do: { argv: [sleep, 5] }, next: b }',
      'x.yaml:5:28: step "a": do.argv.1: expected text, got a number (5); put it in quotes',
    ],
    [
      'an end with nothing in it',
      'a: { end: {} }',
      'x.yaml:5:8: step "a": end: an end needs at least one of severity, because, recommendation, containment, text',
    ],
    [
      'a question with one choice',
      'a: { ask: Sure?, choices: [{ label: "Yes", next: b }] }',
      'x.yaml:5:20: step "a": choices: needs at least 2 items',
    ],
    [
      'a choice without next',
      'a: { ask: Sure?, choices: [{ label: "Yes", next: b }, { label: "No" }] }',
      'x.yaml:5:57: step "a": choices.1.next is required',
    ],
    [
      'an unknown severity',
      'a: { end: { severity: SEV-7 } }',
      'x.yaml:5:25: step "a": end.severity: expected one of SEV-1, SEV-2, SEV-3, SEV-4, got "SEV-7"',
    ],
    [
      'two choices with the same value',
      'a: { ask: Sure?, choices: [{ label: "Yes", next: b }, { label: "yes!", next: b }] }',
      'x.yaml:5:57: step "a": choices 1 and 2 have the same value "yes"',
    ],
    [
      'a program from a parameter',
      'a: { do: { argv: ["{{tool}}"] }, next: b }',
      'x.yaml:5:21: step "a": the program to run (argv[0]) cannot come from a parameter',
    ],
    ['an unclosed flow map', 'a: { note: x, next: b', 'x.yaml:5:6: step "a": YAML syntax: this { is never closed with }'],
    ['a bad step id', '"a b": { note: x, next: b }', 'x.yaml:5:3: step id "a b": a step id is letters, digits, "_" and "-"'],
  ])('%s', (_name, stepA, expected) => {
    const text = `id: x\ntitle: X\nstart: a\nsteps:\n  ${stepA}\n  b: { end: { text: Done } }\nparams:\n  tool: { prompt: Which tool? }\n`;
    const { runbook, problems } = parseRunbookYaml(text, 'x.yaml', 'flag');
    expect(runbook).toBeNull();
    expect(lines(problems.filter((p) => p.level !== 'warning'))).toEqual([expected]);
  });

  it('top-level fields: missing, wrong type, bad id', () => {
    const { problems } = parseRunbookYaml('id: Not Kebab\ntitle: [a]\nsteps: {}\n', 'x.yaml', 'flag');
    expect(lines(problems)).toEqual([
      'x.yaml:1:5: id: an id is kebab-case: lowercase letters and digits joined by "-"',
      'x.yaml:2:1: title: expected text, got a list',
      'x.yaml:1:1: start is required',
    ]);
  });

  it('a file that is not a map, and an unused parameter (a warning)', () => {
    expect(lines(parseRunbookYaml('- a\n- b\n', 'x.yaml', 'flag').problems)).toEqual([
      'x.yaml:1:1: a runbook is a map with id, title, start and steps',
    ]);
    const unused = parseRunbookYaml(
      'id: x\ntitle: X\nparams:\n  region: { prompt: Which region? }\nstart: a\nsteps:\n  a: { end: { text: Done } }\n',
      'x.yaml',
      'flag',
    );
    expect(lines(unused.problems)).toEqual(['x.yaml:4:3: warning: parameter "region" is declared but no command uses {{region}}']);
    expect(unused.runbook).not.toBeNull();
  });
});

describe('the Runbook it builds', () => {
  it('reads every kind of step, with defaults', () => {
    const { runbook, problems } = parseRunbookYaml(fixture('good.yaml'), 'good.yaml', 'repo');
    expect(problems).toEqual([]);
    expect(runbook).toEqual({
      id: 'good-runbook',
      title: 'A runbook that passes every check',
      summary: 'Exercises every kind of step.',
      appliesWhen: ['checkout returns 500', 'error rate spike'],
      phase: 'contain',
      params: [{ name: 'service', prompt: 'Which deployment?', example: 'checkout-api' }],
      start: 'first',
      allowCycles: false,
      source: { file: 'good.yaml', format: 'yaml', origin: 'repo' },
      steps: {
        first: { id: 'first', kind: 'note', title: 'Before you start', next: 'q', line: 11, markdown: 'Read **this** first.' },
        q: {
          id: 'q',
          kind: 'ask',
          title: null,
          next: null,
          line: 12,
          question: 'Did it start after a deploy?',
          help: 'Compare the deploy time with the first error.',
          choices: [
            { label: 'Yes', value: 'yes', next: 'a' },
            { label: 'No', value: 'no', next: 'b' },
          ],
        },
        a: { id: 'a', kind: 'check', title: null, next: 'd', line: 18, check: 'health', text: 'Is the service answering?' },
        d: {
          id: 'd',
          kind: 'do',
          title: null,
          next: 'e',
          line: 19,
          argv: ['kubectl', 'rollout', 'undo', 'deployment/{{service}}'],
          destructive: true,
          timeoutMs: 60_000,
          text: 'Rolls back to the previous revision.',
        },
        e: {
          id: 'e',
          kind: 'checklist',
          title: null,
          next: 'f',
          line: 23,
          items: ['error rate back to normal', 'no new alerts'],
          text: null,
        },
        b: {
          id: 'b',
          kind: 'end',
          title: null,
          next: null,
          line: 24,
          outcome: {
            severity: 'SEV-2',
            because: 'not a deploy',
            recommendation: 'investigate',
            containment: 'investigate',
            text: 'Debug the code path',
          },
        },
        f: {
          id: 'f',
          kind: 'end',
          title: null,
          next: null,
          line: 25,
          outcome: { severity: null, because: null, recommendation: null, containment: null, text: 'Done' },
        },
      },
    });
  });

  it('a command without timeout or destructive gets 30s and false; timeouts in ms, s and m', () => {
    const text = (timeout: string) =>
      `id: x\ntitle: X\nstart: a\nsteps:\n  a: { do: { argv: [ls]${timeout ? `, timeout: ${timeout}` : ''} }, next: b }\n  b: { end: { text: Done } }\n`;
    const timeoutOf = (t: string) => {
      const step = parseRunbookYaml(text(t), 'x.yaml', 'flag').runbook?.steps.a;
      return step?.kind === 'do' ? [step.timeoutMs, step.destructive] : null;
    };
    expect(timeoutOf('')).toEqual([30_000, false]);
    expect(timeoutOf('500ms')).toEqual([500, false]);
    expect(timeoutOf('2m')).toEqual([120_000, false]);
  });

  it('choice values default to a slug of the label', () => {
    expect(choiceValue('Yes')).toBe('yes');
    expect(choiceValue('Roll back now!')).toBe('roll-back-now');
    expect(choiceValue('Déjà vu')).toBe('deja-vu');
    expect(choiceValue('?')).toBe('');
  });

  it('the shipped severity tree loads with the general loader too', () => {
    const file = join(builtinRunbooksDir(), 'severity.yaml');
    const { runbook, problems } = loadRunbookFile(file, 'builtin');
    expect(problems).toEqual([]);
    expect(runbook?.steps.app_down).toMatchObject({
      kind: 'ask',
      choices: [{ label: 'Yes', value: 'yes', next: 'sev1_down' }, expect.anything()],
    });
    expect(runbook?.steps.sev3).toMatchObject({
      kind: 'end',
      outcome: { severity: 'SEV-3', because: 'a limited part of the product is impaired' },
    });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runbookLint, runbookList, runbookShow } from '../../src/commands/runbook.js';
import { UserError, type Output } from '../../src/commands/errors.js';
import type { Services } from '../../src/services.js';
import { makeTempDir } from '../helpers/temp.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'runbooks');
let tmp: { dir: string; cleanup: () => void };
let services: Services;
let out: string[];
let err: string[];
let opts: { env: NodeJS.ProcessEnv; builtinDir: string };
const io: Output = { out: (l) => out.push(l), err: (l) => err.push(l) };
const yaml = (id: string, title: string, phase = 'contain') =>
  `id: ${id}\ntitle: ${title}\nphase: ${phase}\nstart: a\nsteps:\n  a: { end: { text: Done } }\n`;
function put(dir: string, name: string, text: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), text);
}

beforeEach(() => {
  tmp = makeTempDir('incident-runbook-cmd-');
  const builtin = join(tmp.dir, 'builtin');
  mkdirSync(builtin);
  copyFileSync(join(fixtures, 'good.yaml'), join(builtin, 'good-runbook.yaml'));
  put(builtin, 'severity.yaml', yaml('severity', 'Severity decision tree', 'triage'));
  put(builtin, 'db-unreachable.yaml', yaml('db-unreachable', 'Database unreachable'));
  opts = { env: { XDG_CONFIG_HOME: join(tmp.dir, 'config'), HOME: join(tmp.dir, 'home') }, builtinDir: builtin };
  services = {
    stateDir: join(tmp.dir, 'state'),
    now: () => new Date('2026-11-25T02:10:00Z'),
    actor: 'ana@laptop',
    host: 'laptop',
    pid: process.pid,
    cwd: tmp.dir,
    repo: join(tmp.dir, 'repo'),
  };
  out = [];
  err = [];
});
afterEach(() => tmp.cleanup());

describe('incident runbook list', () => {
  it('a table of id, phase, title and origin, marking overrides', async () => {
    put(join(tmp.dir, 'repo', '.incident', 'runbooks'), 'db.yaml', yaml('db-unreachable', 'Our database runbook'));
    expect(await runbookList(services, opts, io)).toBe(0);
    expect(out).toEqual([
      'ID              PHASE    TITLE                              ORIGIN',
      'db-unreachable  contain  Our database runbook               repo (overrides built-in)',
      'good-runbook    contain  A runbook that passes every check  built-in',
      'severity        triage   Severity decision tree             built-in',
    ]);
    expect(err).toEqual([]);
  });

  it('--json: one object per runbook', async () => {
    put(join(tmp.dir, 'flag'), 'sev.yaml', yaml('severity', 'Our severity', 'triage'));
    expect(await runbookList(services, { ...opts, json: true, runbooks: 'flag' }, io)).toBe(0);
    const rows = JSON.parse(out.join('\n')) as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r.id, r.origin, r.overrides])).toEqual([
      ['db-unreachable', 'builtin', null],
      ['good-runbook', 'builtin', null],
      ['severity', 'flag', 'builtin'],
    ]);
    expect(rows[1]).toMatchObject({
      title: 'A runbook that passes every check',
      phase: 'contain',
      appliesWhen: ['checkout returns 500', 'error rate spike'],
      format: 'yaml',
    });
  });

  it('a broken runbook is reported on stderr; the others are listed', async () => {
    put(join(tmp.dir, 'config', 'incident', 'runbooks'), 'broken.yaml', 'id: broken\ntitle: Broken\nstart: a\nsteps:\n  a: { note: x }\n');
    expect(await runbookList(services, opts, io)).toBe(0);
    expect(out).toHaveLength(4);
    expect(err).toEqual([
      'config/incident/runbooks/broken.yaml:5:3: step "a": no next step and not an end; every path must reach an end (add next: or make it an end)',
      '1 runbook file could not be loaded; `incident runbook lint` checks them.',
    ]);
  });
});

describe('incident runbook show', () => {
  it('shows the runbook readably, steps in walk order', async () => {
    expect(await runbookShow(services, 'good-runbook', opts, io)).toBe(0);
    expect(out).toEqual([
      'good-runbook — A runbook that passes every check',
      'Phase: contain · built-in · builtin/good-runbook.yaml',
      '',
      'Exercises every kind of step.',
      '',
      'Applies when: checkout returns 500; error rate spike',
      '',
      'Parameters:',
      '  {{service}}  Which deployment? (e.g. checkout-api)',
      '',
      'Steps, from "first":',
      '',
      '  first  note — Before you start',
      '      Read **this** first.',
      '      → q',
      '',
      '  q  ask',
      '      Did it start after a deploy?',
      '      Compare the deploy time with the first error.',
      '      • Yes → a',
      '      • No → b',
      '',
      '  a  check health',
      '      Is the service answering?',
      '      → d',
      '',
      '  d  do',
      '      Rolls back to the previous revision.',
      '      $ kubectl rollout undo deployment/{{service}}  ⚠ destructive  (timeout 1m)',
      '      → e',
      '',
      '  e  checklist',
      '      [ ] error rate back to normal',
      '      [ ] no new alerts',
      '      → f',
      '',
      '  f  end',
      '      Done',
      '',
      '  b  end: SEV-2 · recommendation: investigate · containment: investigate',
      '      because not a deploy',
      '      Debug the code path',
    ]);
  });

  it('an unknown id is a UserError naming close matches', async () => {
    const failure = runbookShow(services, 'db-unreachabel', opts, io);
    await expect(failure).rejects.toBeInstanceOf(UserError);
    await expect(failure).rejects.toThrow(
      'No runbook "db-unreachabel". Did you mean "db-unreachable"? `incident runbook list` shows them all.',
    );
    await expect(runbookShow(services, 'nothing-like-it', opts, io)).rejects.toThrow(
      /^No runbook "nothing-like-it"\. `incident runbook list`/,
    );
  });

  it('a runbook whose file is broken says why', async () => {
    put(join(tmp.dir, 'flag'), 'broken.yaml', 'id: broken\ntitle: Broken\nstart: a\nsteps:\n  a: { note: x, next: b }\n');
    await expect(runbookShow(services, 'broken', { ...opts, runbooks: 'flag' }, io)).rejects.toThrow(
      'runbook "broken" cannot be loaded:\n  flag/broken.yaml:5:23: step "a": next goes to "b", which does not exist',
    );
  });

  it('control sequences in a runbook never reach the terminal', async () => {
    put(join(tmp.dir, 'flag'), 'evil.yaml', yaml('evil', 'Evil \u001b]0;pwned\u0007title'));
    await runbookShow(services, 'evil', { ...opts, runbooks: 'flag' }, io);
    expect(out[0]).toBe('evil — Evil title');
  });
});

describe('incident runbook lint', () => {
  it('no files: lints every discovered runbook; 0 when clean', async () => {
    expect(await runbookLint(services, [], opts, io)).toBe(0);
    expect(out).toEqual(['3 runbooks, 0 errors']);
  });

  it('no files, one broken: 1, each problem as file:line:col: message', async () => {
    put(
      join(tmp.dir, 'repo', '.incident', 'runbooks'),
      'loop.yaml',
      'id: loop\ntitle: Loop\nstart: a\nsteps:\n  a: { note: x, next: b }\n  b: { note: y, next: a }\n',
    );
    expect(await runbookLint(services, [], opts, io)).toBe(1);
    expect(out).toEqual([
      'repo/.incident/runbooks/loop.yaml:6:23: step "b": cycle a → b → a; add `cycles: allowed` if the loop is intended',
      '4 runbooks, 1 error',
    ]);
  });

  it('files: each one checked, commands included (a warning, which does not fail)', async () => {
    expect(await runbookLint(services, [join(fixtures, 'command-not-found.yaml')], opts, io)).toBe(0);
    expect(out).toEqual([
      `${join(fixtures, 'command-not-found.yaml')}:6:18: warning: step "a": command not found: incident-no-such-program-xyz`,
      '1 runbook, 0 errors, 1 warning',
    ]);
  });

  it('files: relative to the working directory, errors counted across files', async () => {
    services = { ...services, cwd: fixtures };
    expect(await runbookLint(services, ['unreachable.yaml', 'tab-indent.yaml', 'good.yaml', 'missing.yaml', 'notes.txt'], opts, io)).toBe(
      1,
    );
    expect(out).toEqual([
      'unreachable.yaml:6:3: step "orphan" cannot be reached from "a"',
      'tab-indent.yaml:6:1: tab used for indentation at line 6; YAML needs spaces',
      'missing.yaml:1:1: cannot read: ENOENT',
      'notes.txt:1:1: not a runbook: expected a .yaml, .yml, .md file',
      '5 runbooks, 4 errors',
    ]);
  });
});

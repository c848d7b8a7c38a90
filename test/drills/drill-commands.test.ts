// `incident drill --list [--json]`, `incident drill SCENARIO` (not wired yet)
// and `incident runbook lint` checking drill scenarios as well.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drillList, drillRun } from '../../src/commands/drill-list.js';
import { runbookLint } from '../../src/commands/runbook.js';
import { UserError, type Output } from '../../src/commands/errors.js';
import type { Services } from '../../src/services.js';
import { makeTempDir } from '../helpers/temp.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'drills');
let tmp: { dir: string; cleanup: () => void };
let services: Services;
let out: string[];
let err: string[];
let opts: { env: NodeJS.ProcessEnv; builtinDir: string };
const io: Output = { out: (l) => out.push(l), err: (l) => err.push(l) };
const good = (): string => readFileSync(join(fixtures, 'good.yaml'), 'utf8');
function put(dir: string, name: string, text: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), text);
}

beforeEach(() => {
  tmp = makeTempDir('incident-drill-cmd-');
  const builtin = join(tmp.dir, 'builtin');
  put(builtin, 'severity.yaml', 'id: severity\ntitle: Severity\nphase: triage\nstart: a\nsteps:\n  a: { end: { severity: SEV-1 } }\n');
  put(join(builtin, 'drills'), 'good-drill.yaml', good());
  put(
    join(builtin, 'drills'),
    'slow.yaml',
    good()
      .replace('id: good-drill', 'id: slow-api')
      .replace('title: A drill that passes every check', 'title: The API is slow')
      .replace('severity: SEV-2', 'severity: SEV-3'),
  );
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

describe('incident drill --list', () => {
  it('a table of id, expected severity, title and origin, marking what a team overrides', async () => {
    put(
      join(tmp.dir, 'repo', '.incident', 'runbooks', 'drills'),
      'ours.yaml',
      good().replace('title: A drill that passes every check', 'title: Our own drill'),
    );
    expect(await drillList(services, opts, io)).toBe(0);
    expect(out).toEqual([
      'ID          SEVERITY  TITLE            ORIGIN',
      'good-drill  SEV-2     Our own drill    repo (overrides built-in)',
      'slow-api    SEV-3     The API is slow  built-in',
    ]);
    expect(err).toEqual([]);
  });

  it('--json: one object per scenario, and nothing that gives the answer away', async () => {
    expect(await drillList(services, { ...opts, json: true }, io)).toBe(0);
    const rows = JSON.parse(out.join('\n')) as Array<Record<string, unknown>>;
    expect(rows).toEqual([
      {
        id: 'good-drill',
        title: 'A drill that passes every check',
        severity: 'SEV-2',
        service: 'tiny',
        origin: 'builtin',
        file: join(opts.builtinDir, 'drills', 'good-drill.yaml'),
        overrides: null,
      },
      {
        id: 'slow-api',
        title: 'The API is slow',
        severity: 'SEV-3',
        service: 'tiny',
        origin: 'builtin',
        file: join(opts.builtinDir, 'drills', 'slow.yaml'),
        overrides: null,
      },
    ]);
    expect(out.join('\n')).not.toMatch(/culprit|revert/);
  });

  it('a broken scenario is reported on stderr and the others are still listed', async () => {
    put(join(tmp.dir, 'mine', 'drills'), 'broken.yaml', readFileSync(join(fixtures, 'unknown-route.yaml'), 'utf8'));
    expect(await drillList(services, { ...opts, runbooks: 'mine' }, io)).toBe(0);
    expect(out).toHaveLength(3);
    expect(err).toEqual([
      'mine/drills/broken.yaml:30:14: no route "/helth" under service.routes (did you mean "/health"?)',
      '1 drill scenario file could not be loaded; `incident runbook lint` checks them.',
    ]);
  });

  it('no scenario anywhere', async () => {
    expect(await drillList(services, { ...opts, builtinDir: join(tmp.dir, 'nowhere') }, io)).toBe(0);
    expect(out).toEqual(['No drill scenarios found.']);
  });
});

describe('incident drill SCENARIO', () => {
  it('an unknown scenario gets a suggestion; a known one needs a terminal; --speed must be a positive number', async () => {
    await expect(drillRun(services, 'slow-ap', opts, io)).rejects.toThrow(
      new UserError('No drill scenario "slow-ap". Did you mean "slow-api"? `incident drill --list` shows them all.'),
    );
    // Checked before anything starts: no world is built for a run that cannot be shown.
    await expect(drillRun(services, 'slow-api', opts, io)).rejects.toThrow(/a drill needs an interactive terminal/);
    for (const speed of ['0', '-2', 'fast', ''])
      await expect(drillRun(services, 'slow-api', { ...opts, speed }, io)).rejects.toMatchObject({
        message: expect.stringMatching(/^--speed must be a positive number/),
        exitCode: 2,
      });
  });
});

describe('incident runbook lint, with drills', () => {
  it('checks the drill scenarios found with the runbooks and counts them', async () => {
    put(join(tmp.dir, 'repo', '.incident', 'runbooks', 'drills'), 'broken.yaml', readFileSync(join(fixtures, 'two-culprits.yaml'), 'utf8'));
    expect(await runbookLint(services, [], opts, io)).toBe(1);
    expect(out).toEqual([
      'repo/.incident/runbooks/drills/broken.yaml:24:14: only one commit can be the culprit',
      '1 runbook, 3 drill scenarios, 1 error',
    ]);
  });

  it('files given: a scenario in a drills/ folder, or with service: and history: at the top, is linted as one', async () => {
    put(join(tmp.dir, 'drills'), 'a.yaml', readFileSync(join(fixtures, 'unknown-flag.yaml'), 'utf8'));
    put(tmp.dir, 'elsewhere.yaml', good());
    put(tmp.dir, 'runbook.yaml', 'id: r\ntitle: R\nstart: a\nsteps:\n  a: { end: { text: Done } }\n');
    expect(await runbookLint(services, ['drills/a.yaml', 'elsewhere.yaml', 'runbook.yaml'], opts, io)).toBe(1);
    expect(out).toEqual(['drills/a.yaml:40:18: no flag "moed" under service.flags (known: mode)', '1 runbook, 2 drill scenarios, 1 error']);
  });
});

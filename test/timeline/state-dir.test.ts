import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensurePrivateDir, incidentDir, resolveStateDir } from '../../src/timeline/state-dir.js';
import { makeTempDir, modeOf } from '../helpers/temp.js';

describe('resolveStateDir', () => {
  const home = '/home/ana';
  it.each([
    [{ INCIDENT_STATE_DIR: '/srv/inc', XDG_STATE_HOME: '/x' }, '/srv/inc'],
    [{ XDG_STATE_HOME: '/x/state' }, '/x/state/incident'],
    [{ XDG_STATE_HOME: 'relative/state' }, '/home/ana/.local/state/incident'],
    [{ XDG_STATE_HOME: '' }, '/home/ana/.local/state/incident'],
    [{}, '/home/ana/.local/state/incident'],
  ])('%j → %s', (env, expected) => {
    expect(resolveStateDir(env, home)).toBe(expected);
  });
});

describe('incidentDir', () => {
  it('puts incidents under <state>/incidents', () => {
    expect(incidentDir('/s', '01J0ABC')).toBe('/s/incidents/01J0ABC');
  });
  it.each(['', '.', '..', '../x', 'a/b'])('refuses %j', (id) => {
    expect(() => incidentDir('/s', id)).toThrow(/not a valid incident id/);
  });
});

describe('ensurePrivateDir', () => {
  let cleanup = (): void => {};
  afterEach(() => cleanup());

  it('creates nested directories with 0700 and says nothing', () => {
    const t = makeTempDir();
    cleanup = t.cleanup;
    const dir = path.join(t.dir, 'a', 'b');
    expect(ensurePrivateDir(dir)).toBeNull();
    expect(modeOf(dir)).toBe(0o700);
  });

  it('tightens an existing loose directory and warns', () => {
    const t = makeTempDir();
    cleanup = t.cleanup;
    const dir = path.join(t.dir, 'loose');
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o755);
    expect(ensurePrivateDir(dir)).toBe(`fixed permissions of ${dir}: was 0755`);
    expect(modeOf(dir)).toBe(0o700);
  });
});

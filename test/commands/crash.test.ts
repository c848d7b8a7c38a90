// An unexpected error: one line, and the details in a private debug log under
// the state folder — masked, since an error message can quote what it choked on.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { crashLine, reportCrash, writeCrashLog } from '../../src/crash.js';
import { leaks, PLANTED } from '../helpers/planted-secrets.js';
import { makeTempDir, modeOf } from '../helpers/temp.js';

let tmp: { dir: string; cleanup: () => void };
beforeEach(() => (tmp = makeTempDir('incident-crash-')));
afterEach(() => {
  vi.restoreAllMocks();
  tmp.cleanup();
});

const at = new Date('2026-11-25T02:11:05.123Z');

describe('writeCrashLog', () => {
  it('writes debug/<time>.log in the state folder, 0600, with the stack, versions, platform and incident, secrets masked', () => {
    const stateDir = path.join(tmp.dir, 'state');
    const error = new Error(`cannot parse ${PLANTED.map((p) => p.text).join(' ')}`, { cause: new Error('underneath') });
    const file = writeCrashLog(error, { stateDir, incidentId: '2026-11-25-db-down' }, at);
    expect(file).toBe(path.join(stateDir, 'debug', '2026-11-25T02-11-05.123Z.log'));
    expect(modeOf(file!)).toBe(0o600);
    expect(modeOf(path.dirname(file!))).toBe(0o700);
    const text = fs.readFileSync(file!, 'utf8');
    expect(text).toMatch(/^incident \S+ crashed at 2026-11-25T02:11:05\.123Z$/m);
    expect(text).toMatch(new RegExp(`^node ${process.version.replace(/\./g, '\\.')} · ${process.platform} ${process.arch}`, 'm'));
    expect(text).toContain('incident: 2026-11-25-db-down');
    expect(text).toContain('cannot parse AKIA****');
    expect(text).toMatch(/^\s+at .+crash\.test\.ts:\d+:\d+/m);
    expect(text).toContain('caused by: Error: underneath');
    expect(leaks(text)).toEqual([]);
  });

  it('a second crash in the same millisecond gets its own file; a state folder that cannot be written falls back to the temp folder', () => {
    const stateDir = path.join(tmp.dir, 'state');
    const first = writeCrashLog(new Error('one'), { stateDir }, at);
    const second = writeCrashLog(new Error('two'), { stateDir }, at);
    expect(second).not.toBe(first);
    expect(fs.readFileSync(second!, 'utf8')).toContain('Error: two');

    const blocked = path.join(tmp.dir, 'a-file');
    fs.writeFileSync(blocked, '');
    const elsewhere = writeCrashLog(new Error('three'), { stateDir: blocked }, at);
    expect(elsewhere).toMatch(/incident-crash-2026-11-25T02-11-05\.123Z-\d+\.log$/);
    expect(modeOf(elsewhere!)).toBe(0o600);
    fs.rmSync(elsewhere!);
  });
});

describe('crashLine and reportCrash', () => {
  it('is one line: the message (masked, on one line), that nothing is lost, and where the details are', () => {
    expect(crashLine(new Error('boom.\n  token=abcdef123456'), '/s/debug/x.log')).toBe(
      'incident crashed: boom. token=****. Everything recorded is safe; `incident` resumes. Details: /s/debug/x.log',
    );
    expect(crashLine('a string', null)).toBe('incident crashed: a string. Everything recorded is safe; `incident` resumes.');
  });

  it('prints exactly that line and returns 1', () => {
    const said: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (said.push(String(chunk)), true));
    expect(reportCrash(new Error(`bad ${PLANTED[0]!.text}`), { stateDir: path.join(tmp.dir, 'state') })).toBe(1);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^incident crashed: bad .*Details: .*\/state\/debug\/.*\.log\n$/);
    expect(leaks(said.join(''))).toEqual([]);
  });
});

// An unexpected error's message can quote what it choked on; the details file is private.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportCrash } from '../../src/crash.js';
import { leaks, PLANTED } from '../helpers/planted-secrets.js';

const file = path.join(os.tmpdir(), `incident-crash-${process.pid}.log`);
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(file, { force: true });
});

describe('reportCrash', () => {
  it('masks secrets in the message and the details file, which is 0600 even if it was left looser', () => {
    fs.writeFileSync(file, 'old', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const said: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (said.push(String(chunk)), true));
    const error = new Error(`cannot parse ${PLANTED.map((p) => p.text).join(' ')}`);
    expect(reportCrash(error)).toBe(1);
    const details = fs.readFileSync(file, 'utf8');
    expect(details).toContain('cannot parse AKIA****');
    expect(leaks(details)).toEqual([]);
    expect(leaks(said.join(''))).toEqual([]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});

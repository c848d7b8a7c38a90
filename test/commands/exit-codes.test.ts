// Exit statuses: one table, storage failures told as one line with status 3,
// and the README's "Exit codes" section saying exactly what the table says.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../../src/commands/exit-codes.js';
import { describeStorageError } from '../../src/commands/storage-error.js';
import { main } from '../../src/main.js';
import { makeTempDir } from '../helpers/temp.js';

const fsError = (code: string, file: string, syscall = 'open'): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: failed, ${syscall} '${file}'`), { code, path: file, syscall });

describe('describeStorageError', () => {
  const state = '/home/ana/.local/state/incident';

  it.each([
    ['EACCES', /permission denied\. Give yourself write access to it/],
    ['EPERM', /permission denied/],
    ['EROFS', /the file system is read-only\. Use a writable place/],
    ['ENOSPC', /the disk is full\. Free some space/],
    ['EDQUOT', /quota/],
    ['ENOTDIR', /a file is in the way/],
  ])('%s in the state folder: the path, what to do, and INCIDENT_STATE_DIR', (code, advice) => {
    const line = describeStorageError(fsError(code, `${state}/incidents/x/events.jsonl`), state);
    expect(line).toMatch(advice);
    expect(line).toMatch(/^incident: cannot write \/home\/ana\/\.local\/state\/incident\/incidents\/x\/events\.jsonl: /);
    expect(line).toContain(`set INCIDENT_STATE_DIR to another folder (the state folder is ${state})`);
    expect(line).not.toContain('\n');
  });

  it('mkdir over a file is the same "file in the way"; a path outside the state folder suggests another place', () => {
    expect(describeStorageError(fsError('EEXIST', state, 'mkdir'), state)).toMatch(/a file is in the way.*INCIDENT_STATE_DIR/);
    expect(describeStorageError(fsError('EACCES', '/repo/docs/incidents/x.md'), state)).toMatch(
      /x\.md: permission denied.*or choose another place\./,
    );
  });

  it('is null for anything that is not the file system refusing to store', () => {
    expect(describeStorageError(fsError('ENOENT', '/x'), state)).toBeNull();
    expect(describeStorageError(fsError('EEXIST', '/x', 'open'), state)).toBeNull();
    expect(describeStorageError(new Error('boom'), state)).toBeNull();
    expect(describeStorageError('EACCES', state)).toBeNull();
  });
});

describe('a state folder that cannot be written', () => {
  let tmp: { dir: string; cleanup: () => void };
  const saved = process.env.INCIDENT_STATE_DIR;
  beforeEach(() => (tmp = makeTempDir('incident-exit-')));
  afterEach(() => {
    if (saved === undefined) delete process.env.INCIDENT_STATE_DIR;
    else process.env.INCIDENT_STATE_DIR = saved;
    vi.restoreAllMocks();
    tmp.cleanup();
  });

  it.each([[['note', 'restarted api-3']], [['declare', 'Checkout returns 500']], [['list']]])(
    'incident %j exits 3 with one line naming the path',
    async (argv) => {
      // Root may write anywhere, so the folder is made unusable the way permissions cannot undo: a file in its place.
      const blocked = path.join(tmp.dir, 'not-a-folder');
      fs.writeFileSync(blocked, '');
      process.env.INCIDENT_STATE_DIR = path.join(blocked, 'state');
      const said: string[] = [];
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (said.push(String(chunk)), true));
      expect(await main(argv)).toBe(EXIT.storage);
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(
        /^incident: cannot write .*not-a-folder.*: a file is in the way where a folder is needed\. .*INCIDENT_STATE_DIR/,
      );
    },
  );
});

describe('README', () => {
  it('documents every exit status the code uses, in its "Exit codes" section', () => {
    const readme = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md'), 'utf8');
    const section = /^### Exit codes\n([\s\S]*?)(?=^#)/m.exec(readme)?.[1];
    expect(section, 'a "### Exit codes" section').toBeDefined();
    for (const code of Object.values(EXIT)) expect(section).toMatch(new RegExp(`\`${code}\``));
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendUpdate, copyToClipboard } from '../../src/session/share-update.js';
import { makeTempDir } from '../helpers/temp.js';

let tmp: { dir: string; cleanup: () => void };
beforeEach(() => (tmp = makeTempDir('incident-share-')));
afterEach(() => tmp.cleanup());

describe('sharing a status update', () => {
  it('copies with the first clipboard tool on PATH (a real process reading stdin)', async () => {
    const out = join(tmp.dir, 'clipboard.txt');
    const tool = join(tmp.dir, 'wl-copy');
    writeFileSync(tool, `#!/bin/sh\nexec /bin/cat > '${out}'\n`);
    chmodSync(tool, 0o755);
    expect(await copyToClipboard('[SEV-2] Investigating — x', { PATH: tmp.dir })).toBe('wl-copy');
    expect(readFileSync(out, 'utf8')).toBe('[SEV-2] Investigating — x');
  });

  it('says there is no clipboard when no tool is found, or the tool fails', async () => {
    expect(await copyToClipboard('x', { PATH: join(tmp.dir, 'nothing-here') })).toBeNull();
    const tool = join(tmp.dir, 'pbcopy');
    writeFileSync(tool, '#!/bin/sh\nexit 3\n');
    chmodSync(tool, 0o755);
    expect(await copyToClipboard('x', { PATH: tmp.dir })).toBeNull();
    // More than a pipe holds: the write meets the closed pipe (EPIPE), which is a failed copy, not a crash.
    expect(await copyToClipboard('x'.repeat(1024 * 1024), { PATH: tmp.dir })).toBeNull();
  });

  it('appends posted updates to updates.md, private', () => {
    const { file, warning } = appendUpdate(tmp.dir, { at: '2026-11-25T02:14:00.000Z', kind: 'investigating', text: 'first' });
    expect(warning).toBeNull();
    appendUpdate(tmp.dir, { at: '2026-11-25T02:44:00.000Z', kind: 'identified', text: 'second' });
    expect(readFileSync(file, 'utf8')).toBe(
      '## 2026-11-25T02:14:00.000Z — investigating\n\nfirst\n\n## 2026-11-25T02:44:00.000Z — identified\n\nsecond\n\n',
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

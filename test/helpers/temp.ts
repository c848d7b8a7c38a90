import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh real directory under the OS temp dir, and its cleanup. */
export function makeTempDir(prefix = 'incident-timeline-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const modeOf = (p: string): number => fs.statSync(p).mode & 0o777;

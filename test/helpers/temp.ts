import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh real directory under the OS temp dir, and its cleanup. */
export function makeTempDir(prefix = 'incident-timeline-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  // An index write the test did not wait for may still land while the folder is removed: retry.
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 }) };
}

export const modeOf = (p: string): number => fs.statSync(p).mode & 0o777;

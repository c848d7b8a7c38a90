// An unexpected error: one line for the person, the details in a file.
import { closeSync, fchmodSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanText } from './domain/sanitize.js';

export function reportCrash(error: unknown): number {
  const path = join(tmpdir(), `incident-crash-${process.pid}.log`);
  // An error message can quote what it choked on: a URL with its token, a config line.
  const message = cleanText(error instanceof Error ? error.message : String(error));
  const detail = error instanceof Error ? cleanText(error.stack ?? error.message) : message;
  try {
    const fd = openSync(path, 'w', 0o600);
    try {
      // A file left by an earlier process with the same pid keeps its mode on open.
      fchmodSync(fd, 0o600);
      writeFileSync(fd, `${new Date().toISOString()}\n${detail}\n`);
    } finally {
      closeSync(fd);
    }
    process.stderr.write(`incident: unexpected error: ${message} (details: ${path}). Your timeline is safe.\n`);
  } catch {
    process.stderr.write(`incident: unexpected error: ${detail}\n`);
  }
  return 1;
}

// An unexpected error: one line for the person, the details in a file.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function reportCrash(error: unknown): number {
  const path = join(tmpdir(), `incident-crash-${process.pid}.log`);
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  try {
    writeFileSync(path, `${new Date().toISOString()}\n${detail}\n`, { mode: 0o600 });
    process.stderr.write(
      `incident: unexpected error: ${error instanceof Error ? error.message : String(error)} (details: ${path}). Your timeline is safe.\n`,
    );
  } catch {
    process.stderr.write(`incident: unexpected error: ${detail}\n`);
  }
  return 1;
}

// An unexpected error: one line for the person, the details in a private file
// under the state folder (`debug/<time>.log`), where a bug report can take it from.
import { closeSync, fchmodSync, openSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { cleanText, oneLine } from './domain/sanitize.js';
import { ensurePrivateDir } from './timeline/private-mode.js';
import { resolveStateDir } from './timeline/state-dir.js';
import { EXIT } from './commands/exit-codes.js';
import { VERSION } from './version.js';

export interface CrashContext {
  /** Where `debug/` goes; default: the state folder of this environment. */
  stateDir?: string;
  /** The incident open when it happened, if any. */
  incidentId?: string | null;
}

function describe(error: unknown): { message: string; detail: string } {
  if (!(error instanceof Error)) return { message: String(error), detail: String(error) };
  const cause =
    error.cause === undefined
      ? ''
      : `\ncaused by: ${error.cause instanceof Error ? (error.cause.stack ?? error.cause.message) : String(error.cause)}`;
  return { message: error.message, detail: `${error.stack ?? error.message}${cause}` };
}

/** `2026-11-25T02-11-05.123Z`: sorts by time, and no colon (not allowed in file names everywhere). */
const fileStamp = (at: Date) => at.toISOString().replace(/:/g, '-');

function writePrivate(path: string, text: string): void {
  // 'wx': never append to, or follow a link planted at, a name we did not create.
  const fd = openSync(path, 'wx', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeFileSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the details of `error` and returns the file's path (null when nothing
 * could be written). An error message can quote what it choked on — a URL with
 * its token, a config line — so everything in the file is masked.
 */
export function writeCrashLog(error: unknown, ctx: CrashContext = {}, at: Date = new Date()): string | null {
  const { detail } = describe(error);
  const text = cleanText(
    [
      `incident ${VERSION} crashed at ${at.toISOString()}`,
      `node ${process.version} · ${process.platform} ${process.arch} · ${os.release()}`,
      `command: incident ${process.argv.slice(2).join(' ')}`,
      `incident: ${ctx.incidentId ?? '(none open)'}`,
      `pid: ${process.pid}`,
      '',
      detail,
      '',
    ].join('\n'),
  );
  const debugDir = () => {
    const dir = join(ctx.stateDir ?? resolveStateDir(process.env), 'debug');
    ensurePrivateDir(dir);
    return dir;
  };
  const places = [
    () => join(debugDir(), `${fileStamp(at)}.log`),
    // Two crashes in the same millisecond (two terminals): the pid tells them apart.
    () => join(debugDir(), `${fileStamp(at)}-${process.pid}.log`),
    // A state folder that cannot be written is often why it crashed.
    () => join(os.tmpdir(), `incident-crash-${fileStamp(at)}-${process.pid}.log`),
  ];
  for (const place of places) {
    try {
      const path = place();
      writePrivate(path, text);
      return path;
    } catch {
      // Try the next place.
    }
  }
  return null;
}

/** The one line shown for a crash. */
export function crashLine(error: unknown, path: string | null): string {
  const message = oneLine(cleanText(describe(error).message)).replace(/[.\s]+$/, '') || 'an unknown error';
  const where = path ? ` Details: ${path}` : '';
  return `incident crashed: ${message}. Everything recorded is safe; \`incident\` resumes.${where}`;
}

/** Writes the details, prints the one line, and returns the exit status. */
export function reportCrash(error: unknown, ctx: CrashContext = {}): number {
  const path = writeCrashLog(error, ctx);
  process.stderr.write(`${crashLine(error, path)}\n`);
  return EXIT.failure;
}

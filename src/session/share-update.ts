// Getting a status update out of the terminal: onto the clipboard where there
// is one, and into updates.md beside the incident's log (a record to paste from).
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, openSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { PostedUpdate } from '../domain/status-update.js';
import { cleanText } from '../domain/sanitize.js';
import { PRIVATE_FILE_MODE, tightenOpenFile } from '../timeline/private-mode.js';

const CLIPBOARDS: readonly string[][] = [['wl-copy'], ['xclip', '-selection', 'clipboard'], ['xsel', '--clipboard', '--input'], ['pbcopy']];

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, command)));
}

/** Copies `text` with the first clipboard tool found; the tool's name, or null when there is none (or it failed). */
export function copyToClipboard(text: string, env: NodeJS.ProcessEnv = process.env, timeoutMs = 2000): Promise<string | null> {
  const argv = CLIPBOARDS.find(([command]) => onPath(command!, env));
  if (!argv) return Promise.resolve(null);
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'ignore', 'ignore'], env, detached: false });
    // Some tools (xclip) stay alive to serve the selection: a clean write is success, the timer only ends a hung one.
    const timer = setTimeout(() => {
      child.kill();
      resolve(null);
    }, timeoutMs);
    timer.unref();
    child.on('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? argv[0]! : null);
    });
    // A tool that exits without reading (it failed) closes the pipe: EPIPE here
    // must not become an uncaught error; the exit code already says it failed.
    child.stdin.on('error', () => undefined);
    child.stdin.end(text);
  });
}

/**
 * Appends a posted update to `<incident dir>/updates.md` (private like the
 * log, masked like it: this is the file people copy from). `warning` says
 * when an existing updates.md was readable by others and was tightened.
 */
export function appendUpdate(dir: string, update: PostedUpdate): { file: string; warning: string | null } {
  const file = join(dir, 'updates.md');
  const fd = openSync(file, 'a', PRIVATE_FILE_MODE);
  try {
    const warning = tightenOpenFile(fd, file);
    appendFileSync(fd, `## ${update.at} — ${update.kind}\n\n${cleanText(update.text)}\n\n`);
    return { file, warning };
  } finally {
    closeSync(fd);
  }
}

// Entry point, and the only CommonJS file: Node starts a CommonJS main
// without its ES module loader (~5 ms), so `--version` and `incident note`
// never pay for it. Everything else is ES modules (dist/*.mjs), imported
// from here. It answers --version before loading anything, and maps NO_COLOR /
// TERM=dumb to FORCE_COLOR=0 before any colour library loads.
import type * as Main from './main.js';
import type * as Crash from './crash.js';
import type * as NoteFast from './commands/note-fast.js';

declare const __INCIDENT_VERSION__: string | undefined;

// Node 22.1+ caches compiled code between runs; on Node 20 this is absent and skipped.
(require('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // Not imported from version.ts: that is an ES module shared with main.
  writeLine(typeof __INCIDENT_VERSION__ === 'string' ? __INCIDENT_VERSION__ : '0.0.0-dev');
} else {
  if (process.env.NO_COLOR !== undefined || process.env.TERM === 'dumb') process.env.FORCE_COLOR = '0';
  void run();
}

async function run(): Promise<void> {
  // Should the work ever stop short of process.exit (a promise that never settles), the exit is not 0.
  process.exitCode = 1;
  try {
    // The common `incident note "TEXT"` skips the command-line parser and the index's bookkeeping.
    if (argv[0] === 'note') {
      // A single-file CommonJS bundle of its own (scripts/build.mjs).
      const { fastNote } = require('./note-fast.cjs') as typeof NoteFast;
      const code = fastNote(argv.slice(1), writeLine);
      if (code !== null) process.exit(code);
    }
    const { main } = (await importBeside('main.mjs')) as typeof Main;
    const code = await main(argv);
    // Ink, timers and sockets must not keep a finished command alive.
    process.exit(code);
  } catch (error) {
    let code = 1;
    try {
      code = ((await importBeside('crash.mjs')) as typeof Crash).reportCrash(error);
    } catch {
      // Not even the crash report loads (an incomplete install): one line, still no stack.
      process.stderr.write(`incident: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.exit(code);
  }
}

/** An ES module of the build, by URL so that esbuild leaves the import to run time. */
function importBeside(file: string): Promise<unknown> {
  const { pathToFileURL } = require('node:url') as typeof import('node:url');
  return import(pathToFileURL(require('node:path').join(__dirname, file)).href);
}

/**
 * One short line to stdout without creating process.stdout (for a pipe, that
 * stream loads net: ~3 ms). Written whole before the process exits: a full
 * non-blocking pipe is waited on (up to a second), a closed one is ignored.
 */
function writeLine(text: string): void {
  const fs = require('node:fs') as typeof import('node:fs');
  const bytes = Buffer.from(`${text}\n`);
  const giveUpAt = Date.now() + 1000;
  let done = 0;
  while (done < bytes.length) {
    try {
      done += fs.writeSync(1, bytes, done);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN' || Date.now() > giveUpAt) return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

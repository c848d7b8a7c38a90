// Entry point. Answers --version before loading anything else, and maps
// NO_COLOR / TERM=dumb to FORCE_COLOR=0 before any colour library loads.
import module from 'node:module';
import { VERSION } from './version.js';

// Node 22.1+ caches compiled code between runs; on Node 20 this is absent and skipped.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  if (process.env.NO_COLOR !== undefined || process.env.TERM === 'dumb') process.env.FORCE_COLOR = '0';
  try {
    // The common `incident note "TEXT"` skips the command-line parser and the index's bookkeeping.
    if (argv[0] === 'note') {
      // Its own single-file bundle (scripts/build.mjs), loaded by URL so it stays out of the split chunks.
      const { fastNote } = (await import(new URL('./note-fast.js', import.meta.url).href)) as typeof import('./commands/note-fast.js');
      const code = fastNote(argv.slice(1), (line) => process.stdout.write(`${line}\n`));
      if (code !== null) process.exit(code);
    }
    const { main } = await import('./main.js');
    const code = await main(argv);
    // Ink, timers and sockets must not keep a finished command alive.
    process.exit(code);
  } catch (error) {
    const { reportCrash } = await import('./crash.js');
    process.exit(reportCrash(error));
  }
}

// Stands in for a login shell in a terminal that is closed: it is the session
// leader, so the kernel sends it SIGHUP when the terminal goes away, and like
// bash it passes SIGHUP on to the program it runs. A plain `sh -c` wrapper
// would die of the SIGHUP before it could record the program's exit status.
// Usage: node hangup-forwarder.mjs <status file> <program> [args…]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

const [statusFile, program, ...args] = process.argv.slice(2);
const child = spawn(program, args, { stdio: 'inherit' });
process.on('SIGHUP', () => child.kill('SIGHUP'));
child.on('exit', (code, signal) => {
  fs.writeFileSync(statusFile, `${code ?? 128 + os.constants.signals[signal]}\n`);
  // Node 20 aborts on exit when it cannot reset a terminal that has gone (nodejs/node#51519): close it first.
  for (const fd of [0, 1, 2]) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
  }
  process.exit(0);
});

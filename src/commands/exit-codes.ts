// Every exit status the CLI uses, in one place; README "Exit codes" lists them.
// The signal ones follow the shell's 128 + signal number, so a script cannot
// tell "incident ended itself after SIGTERM" from "SIGTERM killed it".
export const EXIT = {
  ok: 0,
  /** The command ran and the answer is no: an unhealthy probe, a lint error, no open incident. */
  failure: 1,
  /** A mistake in the command line, or the guided mode without a terminal. */
  usage: 2,
  /** The state folder (or a file asked for) cannot be written: permissions, read-only, disk full. */
  storage: 3,
  /** The terminal was closed (SIGHUP). */
  hangup: 129,
  /** SIGINT from outside (`kill -INT`); Ctrl-C inside the guided mode is "leave", 0. */
  interrupted: 130,
  /** SIGTERM. */
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The signals the guided mode ends on, after saving and restoring the terminal. */
export const SIGNAL_EXIT = { SIGHUP: EXIT.hangup, SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated } as const;

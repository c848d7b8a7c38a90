// How the guided mode ends when the person does not choose to: the terminal
// closed (SIGHUP), a kill (SIGTERM, SIGINT from outside), an uncaught error —
// and how it steps aside for Ctrl-Z. Whatever the way out, in this order:
// the session closes (drafts flushed, runbook commands' process groups and
// probes stopped, the lock released), the terminal is given back (the editor's
// alternate screen left, Ink unmounted, raw mode off, cursor shown), one line
// is said, and the process exits with its status — within a second, even if
// the index write it waits for hangs.
import fs from 'node:fs';
import { EXIT, SIGNAL_EXIT } from './exit-codes.js';
import type { TerminalLender } from './terminal-lender.js';
import { crashLine, writeCrashLog, type CrashContext } from '../crash.js';

const SHOW_CURSOR = '\u001B[?25h';
const HIDE_CURSOR = '\u001B[?25l';
const CLEAR_SCREEN = '\u001B[2J\u001B[H';
/** How long the pending index write may take before the process exits anyway. */
export const EXIT_GRACE_MS = 700;

type Signal = keyof typeof SIGNAL_EXIT;

export interface LifecycleDeps {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  lender: TerminalLender;
  /** Closes whatever the screen has open. Synchronous: a closed terminal leaves no time for more. */
  close: () => void;
  /** Writes still pending (the incidents index). */
  flush: () => Promise<void>;
  crashContext: () => CrashContext;
  /** Said after a signal, e.g. how to resume. */
  farewell: (signal: Signal) => string | null;
  /** process.exit, for tests. */
  exit?: (code: number) => void;
}

export class Lifecycle {
  private app: { unmount: () => void } | null = null;
  private redraw: (() => void) | null = null;
  private endingWith: number | null = null;
  /** Our own stop is being resumed from: its SIGCONT needs no second redraw. */
  private selfResumed = false;
  private readonly handlers = {
    SIGHUP: () => this.signal('SIGHUP'),
    SIGTERM: () => this.signal('SIGTERM'),
    SIGINT: () => this.signal('SIGINT'),
    SIGTSTP: () => this.suspend(),
    SIGCONT: () => this.onContinue(),
    uncaughtException: (error: unknown) => this.crash(error),
    unhandledRejection: (error: unknown) => this.crash(error),
  } as const;

  constructor(private readonly deps: LifecycleDeps) {}

  install(): void {
    for (const [event, handler] of Object.entries(this.handlers)) process.on(event, handler);
  }

  uninstall(): void {
    for (const [event, handler] of Object.entries(this.handlers)) process.off(event, handler);
  }

  /** The Ink app to unmount when ending. */
  attach(app: { unmount: () => void }): void {
    this.app = app;
  }

  /** Draws the whole frame again (after the screen was cleared). */
  setRedraw(redraw: () => void): void {
    this.redraw = redraw;
  }

  /** The exit status once a signal or a crash is ending the process; null otherwise. */
  get ending(): number | null {
    return this.endingWith;
  }

  signal(signal: Signal): void {
    // Ctrl-C typed in the editor reaches our process group too: the editor handles it.
    if (signal === 'SIGINT' && this.deps.lender.lent) return;
    // Already ending (a crash, a first signal): the farewell may do work (a drill keeps its report), once.
    if (this.endingWith !== null) return;
    this.end(SIGNAL_EXIT[signal], this.deps.farewell(signal));
  }

  crash(error: unknown): void {
    // A second error while ending (a write to a closed terminal, say) changes nothing: the exit is under way.
    if (this.endingWith !== null) return;
    const path = writeCrashLog(error, this.deps.crashContext());
    this.end(EXIT.failure, crashLine(error, path));
  }

  end(code: number, line: string | null): void {
    if (this.endingWith !== null) return;
    this.endingWith = code;
    const deadline = setTimeout(() => this.exit(code), EXIT_GRACE_MS);
    // After a hang-up every read and write of the terminal fails with EIO: nothing left to tell anyone.
    const ignore = () => {};
    for (const stream of [this.deps.stdin, this.deps.stdout, this.deps.stderr]) stream.on('error', ignore);
    try {
      this.deps.close();
    } catch {
      // The session closes step by step on its own; what failed cannot be helped now.
    }
    this.giveBackTerminal();
    if (line) this.deps.stderr.write(`${line}\n`);
    void this.deps
      .flush()
      .catch(() => undefined)
      .finally(() => {
        clearTimeout(deadline);
        this.exit(code);
      });
  }

  /** Ctrl-Z, or SIGTSTP from outside: the terminal as the shell wants it, stop; on `fg`, raw mode and a full redraw. */
  suspend(): void {
    if (this.endingWith !== null || process.platform === 'win32') return;
    // Ctrl-Z in the editor: it stops itself, and the shell sees the job stopped only once we are too.
    // The terminal is the editor's: nothing of ours to put away, or to draw on `fg`.
    if (this.deps.lender.lent) return this.stopHere();
    const { stdin, stdout } = this.deps;
    const raw = stdin.isTTY === true && stdin.isRaw;
    if (raw) stdin.setRawMode(false);
    stdout.write(SHOW_CURSOR);
    this.stopHere();
    // The SIGCONT that woke us is on its way to onContinue; this redraw is the one it would do.
    // (Without job control none comes, and the next one is skipped: one redraw fewer, harmless.)
    this.selfResumed = true;
    this.reclaim(raw);
  }

  /**
   * Without a listener SIGTSTP has its default action, and the process stops
   * inside kill() until continued. In a process group no shell controls (no
   * job control) the kernel drops it instead: we just carry on.
   */
  private stopHere(): void {
    process.off('SIGTSTP', this.handlers.SIGTSTP);
    try {
      process.kill(process.pid, 'SIGTSTP');
    } finally {
      process.on('SIGTSTP', this.handlers.SIGTSTP);
    }
  }

  private onContinue(): void {
    if (this.selfResumed) {
      this.selfResumed = false;
      return;
    }
    // Stopped by someone else (SIGSTOP): the shell has set the terminal its way meanwhile.
    this.reclaim(this.deps.stdin.isTTY === true && this.deps.stdin.isRaw);
  }

  private reclaim(raw: boolean): void {
    if (this.endingWith !== null || this.deps.lender.lent) return;
    if (raw) this.deps.stdin.setRawMode(true);
    // The shell wrote below the frame and may have scrolled it: start from a clean screen.
    this.deps.stdout.write(HIDE_CURSOR + CLEAR_SCREEN);
    this.redraw?.();
  }

  private giveBackTerminal(): void {
    const { stdin, stdout, lender } = this.deps;
    try {
      lender.reclaim();
      this.app?.unmount();
    } catch {
      // Ink could not draw its last frame: the modes below matter more.
    }
    try {
      if (stdin.isTTY === true && stdin.isRaw) stdin.setRawMode(false);
      stdout.write(SHOW_CURSOR);
    } catch {
      // A closed terminal has no modes left to restore.
    }
  }

  private exit(code: number): void {
    if (terminalGone(this.deps.stdout)) closeStdio();
    (this.deps.exit ?? ((c: number) => process.exit(c)))(code);
  }
}

/** True when the terminal has hung up: a write of nothing fails with EIO. */
function terminalGone(stdout: NodeJS.WriteStream): boolean {
  if (stdout.isTTY !== true) return false;
  try {
    fs.writeSync(1, '');
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EIO';
  }
}

/**
 * Node 20 resets the terminal's modes on exit and aborts (status 134, a core
 * dump) when the terminal is gone (nodejs/node#51519, fixed in later Node by
 * #58200). It skips descriptors that are closed, so after a hang-up they are.
 */
function closeStdio(): void {
  for (const fd of [0, 1, 2]) {
    try {
      fs.closeSync(fd);
    } catch {
      // Already closed.
    }
  }
}

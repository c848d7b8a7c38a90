// A small tmux driver for end-to-end tests of the built CLI in a real terminal.
//
// Every terminal runs on its own tmux server (a socket in a private temp dir,
// no user config), with `remain-on-exit` so the last screen and the exit status
// can be read after the process ends. Synchronisation is always a condition
// (`waitFor`, `waitForExit`) polled every ~50 ms — never a fixed sleep.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** True when a `tmux` binary is on PATH; suites use `describe.skipIf(!hasTmux)`. */
export const hasTmux: boolean = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const POLL_MS = 50;
const forwarder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'hangup-forwarder.mjs');
export const STEP_TIMEOUT_MS = 5_000;

export interface StartOptions {
  /** argv to run, e.g. [process.execPath, cliPath]; passed on as argv, never parsed by a shell. */
  command: string[];
  cwd: string;
  /** Extra environment for the program. `CI` is always removed unless given here. */
  env?: Record<string, string>;
  cols?: number;
  rows?: number;
  /**
   * Run it under a stand-in login shell that passes SIGHUP on when the terminal
   * is closed (`hangUp()`), and still records the exit status.
   */
  forwardHangup?: boolean;
}

export type Pattern = string | RegExp;

/**
 * The environment of a person at a terminal: no CI (Ink draws nothing until exit
 * when it is set), no test-runner variables, not nested in the caller's tmux.
 */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'CI' || k === 'TMUX' || k === 'TMUX_PANE' || k === 'NODE_ENV' || k.startsWith('VITEST')) continue;
    env[k] = v;
  }
  env.TERM = 'xterm-256color';
  return env;
}

function run(args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('tmux', args, { env: env ?? userEnv(), encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`tmux ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

const describePattern = (p: Pattern) => (typeof p === 'string' ? JSON.stringify(p) : String(p));
const matches = (screen: string, p: Pattern) => (typeof p === 'string' ? screen.includes(p) : p.test(screen));
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

let counter = 0;
const live = new Set<Terminal>();

export class Terminal {
  private constructor(
    private readonly dir: string,
    private readonly socket: string,
    readonly name: string,
  ) {}

  /** Starts `command` in a fresh detached tmux server sized cols × rows. */
  static async start(opts: StartOptions): Promise<Terminal> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-tmux-'));
    const socket = path.join(dir, 'sock');
    const conf = path.join(dir, 'tmux.conf');
    // status off: the pane is the whole terminal; remain-on-exit: the last screen stays readable after
    // the program ends, without tmux's own "Pane is dead" line.
    fs.writeFileSync(conf, 'set -g remain-on-exit on\nset -g remain-on-exit-format ""\nset -g status off\nset -g history-limit 5000\n');
    const name = `t${process.pid}-${++counter}`;
    const term = new Terminal(dir, socket, name);
    live.add(term);
    const extra = Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${v}`);
    const unsetCi = opts.env && 'CI' in opts.env ? [] : ['-u', 'CI'];
    await run([
      '-S',
      socket,
      '-f',
      conf,
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      String(opts.cols ?? 100),
      '-y',
      String(opts.rows ?? 30),
      '-c',
      opts.cwd,
      // tmux does not reliably record the exit status of some programs (node among them: #{pane_dead_status}
      // stays empty), so a shell writes it to a file once the program has ended.
      '--',
      ...(opts.forwardHangup ? [process.execPath, forwarder, term.statusFile] : ['sh', '-c', '"$@"; echo "$?" >"$0"', term.statusFile]),
      'env',
      ...unsetCi,
      ...extra,
      ...opts.command,
    ]);
    return term;
  }

  private tmux(...args: string[]): Promise<string> {
    return run(['-S', this.socket, ...args]);
  }

  /** Types text literally (no key names are interpreted), as one chunk. */
  async type(text: string): Promise<void> {
    await this.tmux('send-keys', '-t', this.name, '-l', '--', text);
  }

  /** Resizes the terminal, as a person dragging the window's corner does (the program gets SIGWINCH). */
  async resize(cols: number, rows: number): Promise<void> {
    await this.tmux('resize-window', '-t', this.name, '-x', String(cols), '-y', String(rows));
  }

  /** Presses keys by tmux name, one send per key: 'Enter', 'Space', 'Down', 'C-c', 'Escape', '1'. */
  async press(...keys: string[]): Promise<void> {
    for (const key of keys) await this.tmux('send-keys', '-t', this.name, key);
  }

  /** The visible screen as text (wrapped lines joined, trailing spaces trimmed). */
  async screen(opts: { history?: boolean } = {}): Promise<string> {
    const out = await this.tmux('capture-pane', '-p', '-J', ...(opts.history ? ['-S', '-'] : []), '-t', this.name);
    return out
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => !/^Pane is dead \(.*\)$/.test(l)) // tmux < 3.3 has no remain-on-exit-format
      .join('\n')
      .replace(/\n+$/, '\n');
  }

  /**
   * Polls the screen until every pattern matches; returns that screen. On
   * timeout the error shows what was on the screen instead.
   */
  async waitFor(patterns: Pattern | Pattern[], opts: { timeout?: number; history?: boolean } = {}): Promise<string> {
    const list = Array.isArray(patterns) ? patterns : [patterns];
    const deadline = Date.now() + (opts.timeout ?? STEP_TIMEOUT_MS);
    for (;;) {
      const screen = await this.screen({ history: opts.history });
      if (list.every((p) => matches(screen, p))) return screen;
      if (Date.now() > deadline) {
        const missing = list
          .filter((p) => !matches(screen, p))
          .map(describePattern)
          .join(', ');
        throw new Error(
          `timed out after ${opts.timeout ?? STEP_TIMEOUT_MS} ms waiting for ${missing} on the screen:\n${frame(screen)}\n${await this.processes()}`,
        );
      }
      await delay(POLL_MS);
    }
  }

  /**
   * The processes in the pane, with their state (R running, S sleeping, T stopped…),
   * what they wait in, and their CPU time: a stuck screen then tells a busy
   * loop from a blocked or stopped process.
   */
  async processes(): Promise<string> {
    try {
      const pid = Number((await this.tmux('display-message', '-p', '-t', this.name, '#{pane_pid}')).trim());
      const lines: string[] = [];
      const visit = (p: number, depth: number) => {
        const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
        // Fields after the parenthesised name: state is the 1st, utime/stime the 12th/13th.
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const wchan = fs.readFileSync(`/proc/${p}/wchan`, 'utf8');
        const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 80);
        const ticks = Number(rest[11]) + Number(rest[12]);
        lines.push(`${'  '.repeat(depth)}${p} ${rest[0]} wchan=${wchan || '-'} cpu=${ticks}t threads=${rest[17]} ${cmd}`);
        for (const child of fs.readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
          visit(Number(child), depth + 1);
        }
      };
      visit(pid, 0);
      return `processes in the pane:\n${lines.join('\n')}`;
    } catch (error) {
      return `processes in the pane: unavailable (${(error as Error).message})`;
    }
  }

  private get statusFile(): string {
    return path.join(this.dir, 'exit-status');
  }

  /** Exit status (128 + n after signal n) once the program has ended, else null. */
  exitStatus(): number | null {
    let text: string;
    try {
      text = fs.readFileSync(this.statusFile, 'utf8');
    } catch {
      return null;
    }
    return /^\d+\n$/.test(text) ? Number(text) : null;
  }

  /** Waits until the program ends; returns its exit status and the whole screen, history included. */
  async waitForExit(opts: { timeout?: number } = {}): Promise<{ status: number; screen: string }> {
    const deadline = Date.now() + (opts.timeout ?? STEP_TIMEOUT_MS);
    for (;;) {
      const status = this.exitStatus();
      if (status !== null) return { status, screen: await this.screen({ history: true }) };
      if (Date.now() > deadline) {
        throw new Error(
          `timed out after ${opts.timeout ?? STEP_TIMEOUT_MS} ms waiting for the program to exit; the screen:\n${frame(await this.screen())}`,
        );
      }
      await delay(POLL_MS);
    }
  }

  /** Whether the terminal shows its cursor (a TUI hides it while drawing and must show it again). */
  async cursorVisible(): Promise<boolean> {
    return (await this.tmux('display-message', '-p', '-t', this.name, '#{cursor_flag}')).trim() === '1';
  }

  /** Closes the terminal, as closing its window does: the session leader gets SIGHUP. The exit status stays readable. */
  async hangUp(): Promise<void> {
    await this.tmux('kill-session', '-t', this.name);
  }

  /**
   * Ends the tmux server (and the program in it) and removes its files. Safe to call twice.
   * Waits (up to 3 s) for the program to finish its own way out — on SIGHUP it still saves and
   * releases its lock — so the test's workspace is not removed while it is writing there.
   */
  async kill(): Promise<void> {
    if (!live.delete(this)) return;
    let pids: number[] = [];
    try {
      pids = descendants(Number((await this.tmux('display-message', '-p', '-t', this.name, '#{pane_pid}')).trim()));
      await this.tmux('kill-server');
    } catch {
      // Already gone.
    }
    const deadline = Date.now() + 3000;
    while (pids.some(alive) && Date.now() < deadline) await delay(POLL_MS);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Kills every terminal still running; call it in afterEach. */
export async function killAllTerminals(): Promise<void> {
  await Promise.all([...live].map((t) => t.kill()));
}

/** A process and everything it started, by pid (from `ps`). */
function descendants(root: number): number[] {
  if (!Number.isInteger(root) || root <= 0) return [];
  const table = spawnSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).stdout ?? '';
  const children = new Map<number, number[]>();
  for (const line of table.split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (pid && ppid !== undefined) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function frame(screen: string): string {
  return `┌${'─'.repeat(40)}\n${screen.replace(/^/gm, '│')}└${'─'.repeat(40)}`;
}

// Shared pieces of the end-to-end tests: the built CLI, a workspace (fresh
// state dir + a temp git repo), running the scripting commands, and a few
// one-step helpers for the TUI that always wait for the next screen.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { killAllTerminals, Terminal, type Pattern } from '../helpers/tmux.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const builtCli = path.join(root, 'dist', 'cli.js');

/** Names, sizes and mtimes of every file under dir: equal before and after a copy means nobody wrote meanwhile. */
function signature(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      const st = fs.statSync(file);
      return `${path.relative(dir, file)}:${st.size}:${st.mtimeMs}`;
    })
    .sort()
    .join('\n');
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Copies the built CLI (dist/ and the runbooks it loads) to a temp dir so that
 * a concurrent `npm run build` elsewhere, which deletes dist/ first, cannot
 * change it under a running test. A copy taken while a build is writing is
 * detected (the files changed during the copy) and taken again. Call in
 * beforeAll; call the returned cleanup in afterAll.
 */
export async function snapshotBuiltCli(): Promise<{ cli: string; cleanup: () => void }> {
  const dist = path.join(root, 'dist');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-e2e-cli-'));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  // Condition polling, not a fixed wait: a build in progress recreates dist/ within a second or two.
  const started = Date.now();
  for (;;) {
    try {
      if (fs.existsSync(builtCli)) {
        const before = signature(dist);
        fs.rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
        fs.cpSync(dist, path.join(dir, 'dist'), { recursive: true });
        if (signature(dist) === before && signature(path.join(dir, 'dist')).split('\n').length === before.split('\n').length) break;
      }
    } catch {
      // A file vanished mid-copy: a build is rewriting dist/. Try again.
    }
    const waited = Date.now() - started;
    if (waited > 10_000 || (waited > 2_000 && !fs.existsSync(builtCli))) {
      cleanup();
      throw new Error(
        `${path.relative(process.cwd(), builtCli)} is ${fs.existsSync(builtCli) ? 'changing all the time' : 'missing'}: the e2e tests run the built CLI. Run \`npm run build\` first (\`npm test\` does it).`,
      );
    }
    await pause(100);
  }
  fs.cpSync(path.join(root, 'runbooks'), path.join(dir, 'runbooks'), { recursive: true });
  return { cli: path.join(dir, 'dist', 'cli.js'), cleanup };
}

export interface Workspace {
  /** $INCIDENT_STATE_DIR for this test only. */
  state: string;
  /** A fresh `git init` repository: the cwd of every run, where post-mortems go. */
  repo: string;
  cleanup: () => void;
}

export function makeWorkspace(): Workspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-e2e-'));
  const state = path.join(dir, 'state');
  const repo = path.join(dir, 'repo');
  fs.mkdirSync(state, { mode: 0o700 });
  fs.mkdirSync(repo);
  execFileSync('git', ['init', '-q', repo], { stdio: 'ignore' });
  // The app may still be saving (its SIGHUP handler) when tmux is gone: retry the removal.
  return { state, repo, cleanup: () => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }) };
}

function cliEnv(ws: Workspace): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, INCIDENT_STATE_DIR: ws.state };
  delete env.NODE_ENV; // set by vitest; a user's shell has none
  return env;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `incident ARGS` with pipes for stdin/stdout/stderr (no TTY), cwd = the workspace repo. */
export function runCli(cli: string, ws: Workspace, args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd: ws.repo, env: cliEnv(ws), encoding: 'utf8', timeout: 10_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `incident ARGS --json`, parsed; fails the test with stderr when the command fails. */
export async function cliJson<T>(cli: string, ws: Workspace, args: string[]): Promise<T> {
  const r = await runCli(cli, ws, [...args, '--json']);
  if (r.code !== 0) throw new Error(`incident ${args.join(' ')} --json exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** `incident` (the guided mode) in a new tmux terminal. */
export function startTui(
  cli: string,
  ws: Workspace,
  opts: { cols?: number; rows?: number; env?: Record<string, string>; args?: string[]; forwardHangup?: boolean } = {},
): Promise<Terminal> {
  return Terminal.start({
    forwardHangup: opts.forwardHangup,
    command: [process.execPath, cli, ...(opts.args ?? [])],
    cwd: ws.repo,
    env: { INCIDENT_STATE_DIR: ws.state, ...opts.env },
    cols: opts.cols ?? 100,
    rows: opts.rows ?? 30,
  });
}

/** True when bash is on PATH: the suites that need a shell with job control skip without it. */
export const hasBash: boolean = (() => {
  try {
    execFileSync('bash', ['-c', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export const SHELL_PROMPT = 'shell$ ';

/**
 * An interactive bash in a new terminal, with job control (Ctrl-Z, `fg`), for
 * what only a shell shows: the exit status, and the terminal's modes after.
 */
export async function startShell(ws: Workspace, opts: { cols?: number; rows?: number } = {}): Promise<Terminal> {
  const term = await Terminal.start({
    command: ['bash', '--norc', '--noprofile', '-i'],
    cwd: ws.repo,
    env: { INCIDENT_STATE_DIR: ws.state, PS1: SHELL_PROMPT },
    cols: opts.cols ?? 100,
    rows: opts.rows ?? 30,
  });
  await waitForPrompt(term);
  return term;
}

/** Waits until the shell's prompt is the last line on the screen: what ran in it has ended (or stopped). */
export function waitForPrompt(term: Terminal, timeout?: number): Promise<string> {
  const last = new RegExp(`^${escapeRegExp(SHELL_PROMPT.trimEnd())}\\s*$(?![\\s\\S]*\\S)`, 'm');
  return term.waitFor(last, { timeout });
}

/**
 * Once the program in the shell has ended: its exit status and whether the
 * terminal is back in cooked mode (line editing, as a shell expects it).
 */
export async function shellReport(term: Terminal): Promise<{ status: number; cooked: boolean }> {
  await term.type('echo "status=$? mode=$(stty -a | grep -q -- -icanon && echo raw || echo cooked)"');
  await term.press('Enter');
  const screen = await term.waitFor(/status=\d+ mode=(raw|cooked)/);
  const m = /status=(\d+) mode=(raw|cooked)/.exec(screen)!;
  return { status: Number(m[1]), cooked: m[2] === 'cooked' };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Types an answer, waits until the field shows it, presses Enter, waits for the next screen. */
export async function answer(term: Terminal, text: string, next: Pattern | Pattern[]): Promise<string> {
  if (text !== '') {
    await term.type(text);
    // At the start of a line: the header's "› triage › contain" would match a short answer anywhere.
    await term.waitFor(new RegExp(`^› ${escapeRegExp(text)}`, 'm'));
  }
  await term.press('Enter');
  return term.waitFor(next);
}

/** Presses a key (a digit on a choice screen), then waits for the next screen. */
export async function choose(term: Terminal, key: string, next: Pattern | Pattern[]): Promise<string> {
  await term.press(key);
  return term.waitFor(next);
}

/** Screen text with Ink's line wrapping undone: every run of whitespace is one space. */
export const flat = (screen: string) => screen.replace(/\s+/g, ' ');

/** No JavaScript stack trace or React error dump on a screen or in stderr. */
export const STACK_TRACE = /^\s+at .*:\d+:\d+\)?$|The above error occurred/m;

export interface TimelineEvent {
  id: string;
  seq: number;
  at: string;
  phase: string;
  type: string;
  data: Record<string, unknown>;
}

export interface IncidentRow {
  id: string;
  title: string;
  severity: string | null;
  status: string;
  phase: string;
  postmortemPath?: string | null;
}

/**
 * The set-up every e2e suite shares: one copy of the built CLI per suite, a
 * fresh workspace per test, every terminal killed after it.
 */
export function useE2e(use: (cli: string, ws: Workspace) => void): void {
  let cli = '';
  let dropCli: (() => void) | undefined;
  let ws: Workspace | undefined;
  beforeAll(async () => ({ cli, cleanup: dropCli } = await snapshotBuiltCli()));
  afterAll(() => dropCli?.());
  beforeEach(() => {
    ws = makeWorkspace();
    use(cli, ws);
  });
  afterEach(async () => {
    await killAllTerminals();
    ws?.cleanup();
  });
}

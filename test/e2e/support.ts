// Shared pieces of the end-to-end tests: the built CLI, a workspace (fresh
// state dir + a temp git repo), running the scripting commands, and a few
// one-step helpers for the TUI that always wait for the next screen.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Terminal, type Pattern } from '../helpers/tmux.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const builtCli = path.join(root, 'dist', 'cli.js');

/**
 * Copies the built CLI (dist/ and the runbooks it loads) to a temp dir so that
 * a concurrent `npm run build`, which deletes dist/ first, cannot pull it out
 * from under a running test. Call in beforeAll; the returned cleanup in afterAll.
 */
export function snapshotBuiltCli(): { cli: string; cleanup: () => void } {
  if (!fs.existsSync(builtCli)) {
    throw new Error(`${path.relative(process.cwd(), builtCli)} is missing: the e2e tests run the built CLI. Run \`npm run build\` first (\`npm test\` does it).`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-e2e-cli-'));
  fs.cpSync(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true });
  fs.cpSync(path.join(root, 'runbooks'), path.join(dir, 'runbooks'), { recursive: true });
  return { cli: path.join(dir, 'dist', 'cli.js'), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
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
  return { state, repo, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
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
    execFile(process.execPath, [cli, ...args], { cwd: ws.repo, env: cliEnv(ws), encoding: 'utf8', timeout: 10_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `incident ARGS --json`, parsed; fails the test with stderr when the command fails. */
export async function cliJson<T>(cli: string, ws: Workspace, args: string[]): Promise<T> {
  const r = await runCli(cli, ws, [...args, '--json']);
  if (r.code !== 0) throw new Error(`incident ${args.join(' ')} --json exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** `incident` (the guided mode) in a new tmux terminal. */
export function startTui(cli: string, ws: Workspace, opts: { cols?: number; rows?: number; env?: Record<string, string>; args?: string[] } = {}): Promise<Terminal> {
  return Terminal.start({
    command: [process.execPath, cli, ...(opts.args ?? [])],
    cwd: ws.repo,
    env: { INCIDENT_STATE_DIR: ws.state, ...opts.env },
    cols: opts.cols ?? 100,
    rows: opts.rows ?? 30,
  });
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Types an answer, waits until the field shows it, presses Enter, waits for the next screen. */
export async function answer(term: Terminal, text: string, next: Pattern | Pattern[]): Promise<string> {
  if (text !== '') {
    await term.type(text);
    await term.waitFor(new RegExp(`› ${escapeRegExp(text)}`));
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
export const STACK_TRACE = /^\s+at .+[(:]\d+|\n\s+at |Error: .*\n\s+at|The above error occurred/m;

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

// One way to run git for the whole tool: simple-git with a deadline, no
// prompts, no pager, no optional locks (reading never writes to the
// repository, so a `.git/index.lock` left by a crashed editor is no obstacle),
// and failures turned into a GitClientError whose message can be shown as is.
//
// Each call gets its own simple-git instance, because simple-git's abort
// signal belongs to an instance and kills everything running through it; a
// client still runs at most two git processes at a time.
//
// simple-git 4 strips GIT_* (and PAGER, EDITOR …) variables inherited from the
// environment — which also keeps a GIT_DIR set by a hook from pointing us at
// another repository — and rejects any passed explicitly unless allowed; the
// three we set are allowed below.
import { GitConstructError, GitPluginError, simpleGit, type SimpleGit } from 'simple-git';

export type GitFailureKind =
  'no-such-directory' | 'not-a-repository' | 'no-commits' | 'git-not-found' | 'timed-out' | 'aborted' | 'bad-revision' | 'failed';

export class GitClientError extends Error {
  constructor(
    readonly kind: GitFailureKind,
    message: string,
    /** git's own words (its first lines of output, newline-separated), when there were any. */
    readonly detail: string | null = null,
  ) {
    super(message);
    this.name = 'GitClientError';
  }
}

export interface GitClientOptions {
  /** Deadline for each git process, in ms (default 10 s). */
  timeoutMs?: number;
  /** Cancels every git process of this client (e.g. the screen that asked was left). */
  signal?: AbortSignal;
  /** The git executable (default `git` on PATH). Tests point it at a missing file or a script that hangs. */
  binary?: string;
  /** Base environment for git (default process.env); guarded GIT_* and pager/editor keys are dropped. */
  env?: NodeJS.ProcessEnv;
}

export interface RawOptions {
  /** Stop reading (and stop git) after this many bytes of output; `truncated` says so. */
  maxBytes?: number;
}

export interface GitClient {
  readonly repoDir: string;
  /** `git --no-pager <args>` in repoDir; its stdout. Throws GitClientError. */
  raw(args: readonly string[]): Promise<string>;
  /** Like raw(), but keeps at most `maxBytes` of output and ends git there. */
  rawCapped(args: readonly string[], opts: RawOptions): Promise<{ text: string; truncated: boolean }>;
}

export const DEFAULT_GIT_TIMEOUT_MS = 10_000;
const MAX_CONCURRENT = 2;
/** simple-git stops git with SIGINT; if that is ignored the promise is settled anyway after this grace. */
const KILL_GRACE_MS = 1_000;

const GUARDED_PLAIN = new Set(['editor', 'pager', 'prefix', 'ssh_askpass', 'visual']);
const FIXED_ENV = {
  GIT_TERMINAL_PROMPT: '0', // never ask for credentials on a terminal nobody is watching
  GIT_OPTIONAL_LOCKS: '0', // reading must not refresh (write) the index
  LC_ALL: 'C', // English messages, so failures can be recognised
};

function childEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    const k = key.toLowerCase();
    if (value === undefined || k.startsWith('git_') || GUARDED_PLAIN.has(k) || k === 'lc_all' || k === 'language') continue;
    env[key] = value;
  }
  return { ...env, ...FIXED_ENV };
}

export { isCommitId } from '../domain/rollback-checks.js';

/** A counting semaphore for the client's git processes. */
function limiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** git's words: non-empty lines, trimmed, at most 20. */
function gitLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, 20);
}

/** One line for a message: the first two lines that are not hints. */
function oneLineOf(lines: string[]): string {
  return lines
    .filter((l) => !l.startsWith('hint:'))
    .slice(0, 2)
    .join(' ');
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

function timedOut(ctx: { repoDir: string; command: string; timeoutMs: number }): GitClientError {
  return new GitClientError(
    'timed-out',
    `git ${ctx.command} did not finish within ${seconds(ctx.timeoutMs)} in ${ctx.repoDir} (a slow disk, a network file system or a hung git?)`,
  );
}

/** Turns whatever simple-git threw into a GitClientError with a message a person can act on. */
export function toGitClientError(
  error: unknown,
  ctx: { repoDir: string; command: string; timeoutMs: number; binary: string; timedOut: boolean },
): GitClientError {
  if (error instanceof GitClientError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (ctx.timedOut) return timedOut(ctx);
  if (error instanceof GitConstructError)
    return new GitClientError('no-such-directory', `${ctx.repoDir} does not exist or is not a directory`);
  if (error instanceof GitPluginError && error.plugin === 'abort') return new GitClientError('aborted', `git ${ctx.command} was cancelled`);
  if (/\bspawn\b.*\bENOENT\b/.test(message) || /\bENOENT\b/.test(message)) {
    return new GitClientError(
      'git-not-found',
      ctx.binary === 'git' ? 'git is not installed or not on PATH' : `git was not found at ${ctx.binary}`,
      gitLines(message)[0] ?? null,
    );
  }
  if (/\bEACCES\b/.test(message)) {
    return new GitClientError('git-not-found', `git at ${ctx.binary} cannot be run (permission denied)`, gitLines(message)[0] ?? null);
  }
  const lines = gitLines(message);
  const detail = lines.join('\n');
  const said = oneLineOf(lines);
  if (/not a git repository/i.test(message))
    return new GitClientError('not-a-repository', `${ctx.repoDir} is not a git repository`, detail);
  if (/does not have any commits yet|bad default revision 'HEAD'|ambiguous argument 'HEAD'/i.test(message)) {
    return new GitClientError('no-commits', `${ctx.repoDir} has no commits yet`, detail);
  }
  if (/unknown revision|bad revision|bad object|invalid object name|not a valid object name/i.test(message)) {
    return new GitClientError('bad-revision', `git ${ctx.command}: ${said}`, detail);
  }
  return new GitClientError('failed', `git ${ctx.command} failed in ${ctx.repoDir}: ${said || 'no message'}`, detail || null);
}

/** A git runner bound to one directory, with the options above. Creating one starts nothing. */
export function gitClient(repoDir: string, opts: GitClientOptions = {}): GitClient {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
  const binary = opts.binary ?? 'git';
  const env = childEnv(opts.env ?? process.env);
  const limit = limiter(MAX_CONCURRENT);

  async function run(args: readonly string[], maxBytes: number | null): Promise<{ text: string; truncated: boolean }> {
    const command = args.find((a) => !a.startsWith('-')) ?? 'command';
    const deadline = AbortSignal.timeout(timeoutMs);
    const stop = new AbortController();
    const signals = [deadline, stop.signal, ...(opts.signal ? [opts.signal] : [])];
    const ctx = () => ({ repoDir, command, timeoutMs, binary, timedOut: deadline.aborted && !(opts.signal?.aborted ?? false) });
    if (opts.signal?.aborted) throw new GitClientError('aborted', `git ${command} was cancelled`);

    let git: SimpleGit;
    try {
      git = simpleGit({
        baseDir: repoDir,
        binary,
        maxConcurrentProcesses: MAX_CONCURRENT,
        abort: AbortSignal.any(signals),
        allowEnvironment: Object.keys(FIXED_ENV),
        trimmed: false,
      }).env(env);
    } catch (error) {
      throw toGitClientError(error, ctx());
    }

    // Capped reads: count stdout ourselves and stop git once there is enough.
    const chunks: Buffer[] = [];
    let kept = 0;
    let truncated = false;
    if (maxBytes !== null) {
      git.outputHandler((_cmd, stdout) => {
        stdout.on('data', (chunk: Buffer) => {
          if (truncated) return;
          const room = maxBytes - kept;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            kept = maxBytes;
            truncated = true;
            stop.abort();
          } else {
            chunks.push(chunk);
            kept += chunk.length;
          }
        });
      });
    }

    let timer: NodeJS.Timeout | undefined;
    const backstop = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timedOut(ctx())), timeoutMs + KILL_GRACE_MS);
    });
    try {
      const text = await Promise.race([git.raw(['--no-pager', ...args]), backstop]);
      return maxBytes === null ? { text, truncated: false } : { text: Buffer.concat(chunks).toString('utf8'), truncated };
    } catch (error) {
      if (truncated) return { text: Buffer.concat(chunks).toString('utf8'), truncated: true };
      throw toGitClientError(error, ctx());
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    repoDir,
    raw: (args) => limit(() => run(args, null)).then((r) => r.text),
    rawCapped: (args, o) => limit(() => run(args, o.maxBytes ?? null)),
  };
}

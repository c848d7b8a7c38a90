// Runs one runbook command: an argv, never a shell string.
//
// - spawn(argv[0], argv.slice(1), { shell: false }): `;`, `$(…)`, `&&` in an
//   argument are bytes, not syntax (see domain/placeholders.ts).
// - The command gets its own process group (detached: true). On timeout or
//   abort the whole group gets SIGTERM, then SIGKILL after a grace period, so
//   `sh -c 'sleep 100 & wait'` leaves no sleeping grandchild behind.
// - "Done" means the main process exited AND nothing it started is left in
//   its group: once it has exited, output still held open by a leftover
//   (`sh -c 'server &'`) gets a short drain window, then the group is stopped
//   the same way. A command started from a runbook never outlives its step.
// - Output is read as it arrives and kept within a fixed budget per stream
//   (the first half and the last half of maxOutputBytes, with a
//   "… N bytes omitted …" marker between), so 50 MB of output costs 64 KiB.
//   Control sequences are stripped and secrets masked, in the result and in
//   what onOutput sees.
// - It never throws for a failing command: not found, not executable, a
//   crash, a timeout are all results.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { describeArgv } from '../domain/placeholders.js';
import { stripControl } from '../domain/sanitize.js';
import { MASK, maskSecrets } from '../domain/secrets.js';

export type CommandErrorKind = 'not-found' | 'not-executable' | 'spawn';

export interface CommandError {
  kind: CommandErrorKind;
  message: string;
}

export interface CommandResult {
  /** The argv as given (unmasked): mask `describeArgv(argv)` before storing it. */
  argv: string[];
  /** null when the process was killed by a signal or never started. */
  exitCode: number | null;
  /** The signal that ended the process (`SIGTERM`, `SIGKILL`, …), or null. */
  signal: string | null;
  durationMs: number;
  /** Captured output: capped, control sequences stripped, secrets masked. */
  stdout: string;
  stderr: string;
  /** Some output was left out of stdout or stderr (see the marker in it). */
  truncated: boolean;
  /** The timeout fired and the process group was killed. */
  timedOut: boolean;
  /** The command could not be started; exitCode and signal are null then. */
  error: CommandError | null;
}

export interface RunCommandOptions {
  timeoutMs: number;
  cwd: string;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Budget per stream (stdout and stderr each); default 64 KiB. */
  maxOutputBytes?: number;
  /** Aborting stops the command like a timeout does (timedOut stays false). */
  signal?: AbortSignal;
  /** Live output, both streams: whole lines where possible, stripped and masked. */
  onOutput?: (chunk: string) => void;
  /** Between SIGTERM and SIGKILL; default 2 s. */
  killGraceMs?: number;
}

export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;
export const DEFAULT_KILL_GRACE_MS = 2_000;
/** After the main process exits, how long its output may stay open (held by a leftover child). */
const DRAIN_MS = 250;
/** How often a leftover process group is checked while it is being stopped. */
const POLL_MS = 25;
/** After SIGKILL, how long to wait before giving up on a process that will not die (D state). */
const GIVE_UP_MS = 1_000;
/** A partial line shown live after this long without more output. */
const LIVE_FLUSH_MS = 200;
/** A partial line shown live once it is this long. */
const LIVE_MAX_LINE = 8 * 1024;
const MAX_TIMER_MS = 2 ** 31 - 1;

export function runCommand(argv: string[], opts: RunCommandOptions): Promise<CommandResult> {
  const started = performance.now();
  const given = [...argv];
  const elapsed = (): number => Math.round(performance.now() - started);
  const failed = (error: CommandError): CommandResult => ({
    argv: given,
    exitCode: null,
    signal: null,
    durationMs: elapsed(),
    stdout: '',
    stderr: '',
    truncated: false,
    timedOut: false,
    error,
  });

  const command = given[0];
  if (command === undefined || command === '') {
    return Promise.resolve(failed({ kind: 'spawn', message: 'no command to run (the argv is empty)' }));
  }
  if (opts.signal?.aborted) {
    return Promise.resolve(failed({ kind: 'spawn', message: `cancelled before ${show(command)} started` }));
  }

  const env = opts.env ?? process.env;
  const maxBytes = Math.max(
    16,
    Math.floor(Number.isFinite(opts.maxOutputBytes) ? (opts.maxOutputBytes as number) : DEFAULT_MAX_OUTPUT_BYTES),
  );
  const graceMs = Math.max(0, opts.killGraceMs ?? DEFAULT_KILL_GRACE_MS);

  return new Promise<CommandResult>((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(command, given.slice(1), {
        cwd: opts.cwd,
        env,
        shell: false,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (err) {
      // Invalid arguments (a NUL byte in an argument, a bad cwd type) throw synchronously.
      resolve(failed({ kind: 'spawn', message: `cannot start ${show(command)}: ${errorMessage(err)}` }));
      return;
    }

    const stdout = new OutputCapture(maxBytes);
    const stderr = new OutputCapture(maxBytes);
    const onOutput = opts.onOutput;
    const emit = (text: string): void => {
      if (text === '' || onOutput === undefined) return;
      try {
        onOutput(text);
      } catch {
        // A failing display must not break the run.
      }
    };
    const liveOut = onOutput ? new LiveOutput(emit) : null;
    const liveErr = onOutput ? new LiveOutput(emit) : null;

    let spawnError: CommandError | null = null;
    let exitCode: number | null = null;
    let exitSignal: string | null = null;
    let exited = false;
    let timedOut = false;
    let stopping = false;
    let settled = false;
    const timers = new Set<NodeJS.Timeout>();
    const later = (ms: number, fn: () => void): void => {
      const t = setTimeout(
        () => {
          timers.delete(t);
          fn();
        },
        Math.min(ms, MAX_TIMER_MS),
      );
      timers.add(t);
    };

    const pgid = child.pid;
    const signalGroup = (sig: NodeJS.Signals): void => {
      if (pgid === undefined) return;
      try {
        process.kill(-pgid, sig);
      } catch {
        // ESRCH: the group is already gone.
      }
    };
    /** SIGTERM to the group now, SIGKILL after the grace period, give up after that. */
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      signalGroup('SIGTERM');
      later(graceMs, () => {
        signalGroup('SIGKILL');
        // Something holds the pipes and survives SIGKILL (uninterruptible
        // sleep, or it left the group with setsid): stop waiting for it.
        later(GIVE_UP_MS, () => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          child.unref();
          void finish();
        });
      });
    };

    const onAbort = (): void => stop();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (Number.isFinite(opts.timeoutMs) && opts.timeoutMs > 0) {
      later(opts.timeoutMs, () => {
        if (exited) return; // only leftovers: the drain window handles them
        timedOut = true;
        stop();
      });
    }

    child.stdout?.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      liveOut?.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      liveErr?.push(chunk);
    });
    // Errors on the pipes themselves (EPIPE, destroy) end the stream; nothing to report.
    child.stdout?.on('error', () => {});
    child.stderr?.on('error', () => {});

    child.on('error', (err: NodeJS.ErrnoException) => {
      // Only a failed spawn reports here (we never use child.kill/send).
      if (pgid === undefined && spawnError === null) spawnError = explainSpawnError(err, command, opts.cwd, env);
    });
    child.on('exit', (code, sig) => {
      exited = true;
      exitCode = code;
      exitSignal = sig;
      // Output still open after the main process is gone: a leftover holds it.
      if (!settled) later(DRAIN_MS, stop);
    });
    child.on('close', () => void finish());

    async function finish(): Promise<void> {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      opts.signal?.removeEventListener('abort', onAbort);
      liveOut?.end();
      liveErr?.end();
      if (pgid !== undefined) await stopLeftovers(pgid, graceMs, stopping);
      if (spawnError !== null) {
        resolve(failed(spawnError));
        return;
      }
      resolve({
        argv: given,
        exitCode,
        signal: exitSignal,
        durationMs: elapsed(),
        stdout: stdout.text(),
        stderr: stderr.text(),
        truncated: stdout.truncated || stderr.truncated,
        timedOut,
        error: null,
      });
    }
  });
}

/**
 * Processes of the group still running after the main process and its
 * output are gone (a backgrounded child that closed its output): SIGTERM,
 * then SIGKILL after the grace period (at once if SIGTERM was already sent).
 */
async function stopLeftovers(pgid: number, graceMs: number, alreadyTermed: boolean): Promise<void> {
  if (!groupAlive(pgid)) return;
  if (!alreadyTermed) {
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {
      return;
    }
    if (await waitGone(pgid, graceMs)) return;
  }
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    return;
  }
  await waitGone(pgid, GIVE_UP_MS);
}

async function waitGone(pgid: number, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (!groupAlive(pgid)) return true;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return !groupAlive(pgid);
}

/**
 * Is any process of the group still running? A zombie does not count: it is
 * dead and waits for its (new) parent to reap it, which for an orphaned
 * grandchild is init — on some containers a slow one.
 */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  try {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      // "pid (comm) state ppid pgrp …": comm may contain spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[2] === String(pgid) && fields[0] !== 'Z' && fields[0] !== 'X') return true;
    }
    return false;
  } catch {
    return true;
  }
}

function explainSpawnError(err: NodeJS.ErrnoException, command: string, cwd: string, env: NodeJS.ProcessEnv): CommandError {
  const name = show(command);
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR') {
    // libuv reports a missing working directory as ENOENT for the command too.
    if (!isDirectory(cwd)) return { kind: 'spawn', message: `cannot start ${name}: working directory not found: ${show(cwd)}` };
    const file = command.includes('/') ? path.resolve(cwd, command) : findOnPath(command, env.PATH, cwd);
    if (file !== null && exists(file)) {
      return { kind: 'not-found', message: `cannot run ${name}: its interpreter (the #! line of ${show(file)}) was not found` };
    }
    return command.includes('/')
      ? { kind: 'not-found', message: `command not found: ${name} (no such file)` }
      : { kind: 'not-found', message: `command not found: ${name} (is it installed and on PATH?)` };
  }
  if (err.code === 'EACCES' || err.code === 'EPERM') {
    return { kind: 'not-executable', message: `not executable: ${name} (is it a file with execute permission?)` };
  }
  return { kind: 'spawn', message: `cannot start ${name}: ${err.code ?? errorMessage(err)}` };
}

function findOnPath(command: string, pathVar: string | undefined, cwd: string): string | null {
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    const file = path.resolve(cwd, dir === '' ? '.' : dir, command);
    if (exists(file)) return file;
  }
  return null;
}

function exists(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** A command name or path as it may appear in a message: one line, no escapes. */
function show(word: string): string {
  return describeArgv([word]);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// ---------------------------------------------------------------------------
// Output

/** Removes control sequences, then masks secrets. */
function clean(text: string): string {
  return maskSecrets(stripControl(text));
}

const KEY_BEGIN = /-----BEGIN [A-Z0-9 ]{0,20}PRIVATE KEY[A-Z ]{0,10}-----/g;
const KEY_END = /-----END [A-Z0-9 ]{0,20}PRIVATE KEY[A-Z ]{0,10}-----/g;

/**
 * Masks a private key split across two pieces of text. `inKey`: the text
 * starts inside a key body (the BEGIN line was in an earlier piece, or was
 * cut away with the omitted middle): everything up to the END line goes.
 * Returns whether the text ends inside a key body.
 */
function maskKeyPieces(text: string, inKey: boolean): { text: string; inKey: boolean } {
  let out = text;
  if (inKey) {
    KEY_END.lastIndex = 0;
    const end = KEY_END.exec(out);
    if (end === null) return { text: '', inKey: true };
    out = `${MASK}\n${out.slice(end.index)}`;
  }
  const lastBegin = lastIndexOf(out, KEY_BEGIN);
  const lastEnd = lastIndexOf(out, KEY_END);
  return { text: clean(out), inKey: lastBegin > lastEnd };
}

function lastIndexOf(text: string, pattern: RegExp): number {
  let last = -1;
  for (const m of text.matchAll(pattern)) last = m.index;
  return last;
}

/** An END line with no BEGIN before it: the text starts inside a key. */
function startsInKey(text: string): boolean {
  KEY_END.lastIndex = 0;
  const end = KEY_END.exec(text);
  if (end === null) return false;
  KEY_BEGIN.lastIndex = 0;
  const begin = KEY_BEGIN.exec(text);
  return begin === null || begin.index > end.index;
}

/**
 * A fixed budget for one output stream: the first half of maxBytes and a ring
 * of the last half. Memory never exceeds maxBytes however much is pushed.
 */
export class OutputCapture {
  private readonly headLimit: number;
  private readonly tailLimit: number;
  private head: Buffer | null = null;
  private headLen = 0;
  private ring: Buffer | null = null;
  private ringStart = 0;
  private ringLen = 0;
  /** Bytes pushed in total. */
  totalBytes = 0;

  constructor(readonly maxBytes: number) {
    this.headLimit = Math.floor(maxBytes / 2);
    this.tailLimit = maxBytes - this.headLimit;
  }

  /** Bytes held now (never more than maxBytes). */
  get retainedBytes(): number {
    return this.headLen + this.ringLen;
  }

  get truncated(): boolean {
    return this.totalBytes > this.maxBytes;
  }

  push(chunk: Buffer): void {
    this.totalBytes += chunk.length;
    let rest = chunk;
    if (this.headLen < this.headLimit) {
      this.head ??= Buffer.alloc(this.headLimit);
      const take = Math.min(this.headLimit - this.headLen, rest.length);
      rest.copy(this.head, this.headLen, 0, take);
      this.headLen += take;
      rest = rest.subarray(take);
    }
    if (rest.length > 0) this.pushTail(rest);
  }

  private pushTail(bytes: Buffer): void {
    const cap = this.tailLimit;
    if (cap === 0) return;
    this.ring ??= Buffer.alloc(cap);
    let data = bytes;
    if (data.length >= cap) {
      data.copy(this.ring, 0, data.length - cap);
      this.ringStart = 0;
      this.ringLen = cap;
      return;
    }
    let pos = (this.ringStart + this.ringLen) % cap;
    while (data.length > 0) {
      const n = Math.min(data.length, cap - pos);
      data.copy(this.ring, pos, 0, n);
      data = data.subarray(n);
      pos = (pos + n) % cap;
    }
    const len = this.ringLen + bytes.length;
    if (len > cap) {
      this.ringStart = (this.ringStart + len - cap) % cap;
      this.ringLen = cap;
    } else {
      this.ringLen = len;
    }
  }

  private tailBytes(): Buffer {
    if (this.ring === null || this.ringLen === 0) return Buffer.alloc(0);
    const end = this.ringStart + this.ringLen;
    if (end <= this.ring.length) return this.ring.subarray(this.ringStart, end);
    return Buffer.concat([this.ring.subarray(this.ringStart), this.ring.subarray(0, end - this.ring.length)]);
  }

  /** The kept output as text: stripped, masked, with the omission marker when truncated. */
  text(): string {
    const head = this.head === null ? Buffer.alloc(0) : this.head.subarray(0, this.headLen);
    const tail = this.tailBytes();
    if (!this.truncated) return clean(Buffer.concat([head, tail]).toString('utf8'));

    // Cut at line (or word) boundaries so no half line, half escape sequence
    // or half secret sits next to the marker; at least at a UTF-8 boundary.
    const headKept = head.subarray(0, headCut(head));
    const tailKept = tail.subarray(tailCut(tail));
    const omitted = this.totalBytes - headKept.length - tailKept.length;
    const first = maskKeyPieces(headKept.toString('utf8'), false).text;
    const lastRaw = tailKept.toString('utf8');
    const last = maskKeyPieces(lastRaw, startsInKey(lastRaw)).text;
    const marker = `… ${omitted.toLocaleString('en-US')} bytes omitted …`;
    return `${first}${first === '' || first.endsWith('\n') ? '' : '\n'}${marker}\n${last}`;
  }
}

const NL = 0x0a;
const BOUNDARY_WINDOW = 1024;
const WORD_WINDOW = 256;
const isSpace = (b: number | undefined): boolean => b === 0x20 || b === 0x09;
const isContinuation = (b: number | undefined): boolean => b !== undefined && (b & 0xc0) === 0x80;

/** Where the kept head ends: after its last newline (or space) near the end, else at a character boundary. */
function headCut(buf: Buffer): number {
  const nl = buf.lastIndexOf(NL);
  if (nl >= 0 && nl >= buf.length - BOUNDARY_WINDOW) return nl + 1;
  for (let i = buf.length - 1; i >= Math.max(0, buf.length - WORD_WINDOW); i--) if (isSpace(buf[i])) return i + 1;
  let cut = buf.length;
  // Back up over a multi-byte character that was cut short.
  let i = cut - 1;
  while (i >= 0 && isContinuation(buf[i])) i--;
  if (i >= 0) {
    const lead = buf[i] ?? 0;
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (cut - i < need) cut = i;
  }
  return cut;
}

/** Where the kept tail starts: after its first newline (or space) near the start, else at a character boundary. */
function tailCut(buf: Buffer): number {
  const nl = buf.indexOf(NL);
  if (nl >= 0 && nl < BOUNDARY_WINDOW) return nl + 1;
  for (let i = 0; i < Math.min(buf.length, WORD_WINDOW); i++) if (isSpace(buf[i])) return i + 1;
  let i = 0;
  while (i < buf.length && isContinuation(buf[i])) i++;
  return i;
}

/**
 * Live output for one stream: decoded as UTF-8 across chunks, passed on in
 * whole lines (so an escape sequence or a secret is never split between two
 * calls), a partial line after a short pause or once it is long. Private key
 * bodies spanning several chunks stay masked.
 */
class LiveOutput {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private inKey = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly emit: (text: string) => void) {}

  push(chunk: Buffer): void {
    this.pending += this.decoder.write(chunk);
    let cut = this.pending.lastIndexOf('\n') + 1;
    if (cut === 0) {
      // A progress line rewritten with CR; a CR at the very end may be half of CRLF.
      const cr = this.pending.lastIndexOf('\r', this.pending.length - 2);
      cut = cr + 1;
    }
    if (cut === 0 && this.pending.length >= LIVE_MAX_LINE) cut = this.pending.length;
    if (cut > 0) {
      const ready = this.pending.slice(0, cut);
      this.pending = this.pending.slice(cut);
      this.send(ready);
    }
    this.schedule();
  }

  end(): void {
    this.pending += this.decoder.end();
    this.flush();
  }

  private schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending !== '') this.timer = setTimeout(() => this.flush(), LIVE_FLUSH_MS);
  }

  private flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const ready = this.pending;
    this.pending = '';
    if (ready !== '') this.send(ready);
  }

  private send(raw: string): void {
    const { text, inKey } = maskKeyPieces(raw, this.inKey);
    this.inKey = inKey;
    this.emit(text);
  }
}

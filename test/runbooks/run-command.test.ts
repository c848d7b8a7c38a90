// Real processes, no mocks. Short timeouts keep the suite fast.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveArgv } from '../../src/domain/placeholders.js';
import { OutputCapture, runCommand, type CommandResult } from '../../src/runbooks/run-command.js';

const NODE = process.execPath;
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'run-command-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const run = (argv: string[], extra: Partial<Parameters<typeof runCommand>[1]> = {}): Promise<CommandResult> =>
  runCommand(argv, { timeoutMs: 5_000, cwd: dir, ...extra });
const node = (script: string, ...args: string[]): string[] => [NODE, '-e', script, ...args];

/**
 * Is the process still running? A zombie is not: it is dead and waits to be
 * reaped by its new parent (init, for an orphaned grandchild; on some
 * containers init reaps late, so kill(pid, 0) alone would still succeed).
 */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

describe('runCommand: exit status and output', () => {
  it('captures stdout of a successful command', async () => {
    const r = await run(node('console.log("hello"); console.log("world")'));
    expect(r).toMatchObject({
      exitCode: 0,
      signal: null,
      stdout: 'hello\nworld\n',
      stderr: '',
      truncated: false,
      timedOut: false,
      error: null,
    });
    expect(r.argv[0]).toBe(NODE);
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a non-zero exit with stderr, without throwing', async () => {
    const r = await run(node('console.error("boom: db unreachable"); process.exit(3)'));
    expect(r).toMatchObject({ exitCode: 3, signal: null, stdout: '', stderr: 'boom: db unreachable\n', timedOut: false, error: null });
  });

  it('reports a process killed by a signal', async () => {
    const r = await run(['sh', '-c', 'kill -9 $$']);
    expect(r).toMatchObject({ exitCode: null, signal: 'SIGKILL', timedOut: false, error: null });
  });

  it('runs in cwd with the given env', async () => {
    const r = await run(node('console.log(process.cwd(), process.env.INCIDENT_TEST_VAR)'), {
      env: { INCIDENT_TEST_VAR: 'v1', PATH: process.env.PATH },
    });
    expect(r.stdout.trim()).toBe(`${dir} v1`);
  });

  it('gives the command no stdin (a prompt reads EOF instead of hanging)', async () => {
    const r = await run(['sh', '-c', 'read answer; echo "read=$? answer=[$answer]"']);
    expect(r.stdout).toBe('read=1 answer=[]\n');
  });
});

describe('runCommand: commands that cannot start', () => {
  it('command not found is a clear result', async () => {
    const r = await run(['definitely-not-a-command-9f3b', '--help']);
    expect(r).toMatchObject({ exitCode: null, signal: null, stdout: '', stderr: '', timedOut: false });
    expect(r.error).toEqual({
      kind: 'not-found',
      message: 'command not found: definitely-not-a-command-9f3b (is it installed and on PATH?)',
    });
  });

  it('a path that does not exist', async () => {
    const r = await run(['./missing-script.sh']);
    expect(r.error).toEqual({ kind: 'not-found', message: 'command not found: ./missing-script.sh (no such file)' });
  });

  it('a script whose #! interpreter is missing', async () => {
    const file = path.join(dir, 'bad-shebang.sh');
    writeFileSync(file, '#!/nonexistent/interpreter\necho hi\n');
    chmodSync(file, 0o755);
    const r = await run([file]);
    expect(r.error?.kind).toBe('not-found');
    expect(r.error?.message).toContain('interpreter');
  });

  it('a file without execute permission', async () => {
    const file = path.join(dir, 'not-executable.sh');
    writeFileSync(file, '#!/bin/sh\necho hi\n');
    chmodSync(file, 0o644);
    const r = await run([file]);
    expect(r.error).toEqual({ kind: 'not-executable', message: `not executable: ${file} (is it a file with execute permission?)` });
  });

  it('a directory', async () => {
    const r = await run([dir]);
    expect(r.error?.kind).toBe('not-executable');
  });

  it('a working directory that does not exist is not reported as a missing command', async () => {
    const r = await run(['ls'], { cwd: path.join(dir, 'no-such-dir') });
    expect(r.error?.kind).toBe('spawn');
    expect(r.error?.message).toContain('working directory not found');
  });

  it('an empty argv', async () => {
    expect((await run([])).error).toEqual({ kind: 'spawn', message: 'no command to run (the argv is empty)' });
    expect((await run([''])).error?.kind).toBe('spawn');
  });

  it('a NUL byte in an argument is a result, not a throw', async () => {
    const r = await run(['echo', 'a\u0000b']);
    expect(r.error?.kind).toBe('spawn');
  });
});

describe('runCommand: timeout and abort stop the whole process group', () => {
  it('a timeout kills the group, grandchild included', async () => {
    const started = performance.now();
    const r = await run(['sh', '-c', 'sleep 30 & echo $!; wait'], { timeoutMs: 300 });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(r).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGTERM', error: null });
    const grandchild = Number(r.stdout.trim());
    expect(grandchild).toBeGreaterThan(0);
    expect(running(grandchild)).toBe(false);
  });

  it('SIGKILL follows when SIGTERM is ignored', async () => {
    const r = await run(['sh', '-c', 'trap "" TERM; sleep 30 & echo $!; wait'], { timeoutMs: 200, killGraceMs: 200 });
    expect(r).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
    expect(running(Number(r.stdout.trim()))).toBe(false);
  });

  it('an abort signal stops it (not a timeout)', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const started = performance.now();
    const r = await run(['sh', '-c', 'sleep 30 & echo $!; wait'], { signal: ac.signal });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(r).toMatchObject({ timedOut: false, exitCode: null, signal: 'SIGTERM', error: null });
    expect(running(Number(r.stdout.trim()))).toBe(false);
  });

  it('an already aborted signal starts nothing', async () => {
    const r = await run(['sh', '-c', 'echo started'], { signal: AbortSignal.abort() });
    expect(r.stdout).toBe('');
    expect(r.error?.kind).toBe('spawn');
  });

  it('a leftover background process does not outlive the command', async () => {
    // The main process exits at once; its background child closed its output.
    const r = await run(['sh', '-c', 'sleep 30 >/dev/null 2>&1 & echo $!']);
    expect(r).toMatchObject({ exitCode: 0, timedOut: false, error: null });
    expect(running(Number(r.stdout.trim()))).toBe(false);
  });

  it('a leftover holding the output open is stopped after a short drain, not at the timeout', async () => {
    const started = performance.now();
    const r = await run(['sh', '-c', 'sleep 30 & echo $!'], { timeoutMs: 5_000 });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(r).toMatchObject({ exitCode: 0, timedOut: false });
    expect(running(Number(r.stdout.trim()))).toBe(false);
  });
});

describe('runCommand: output is capped, stripped and masked', () => {
  it('10 MB of output is capped; memory stays bounded', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // Array buffer memory is swept concurrently after a GC: settle it before reading.
    const settle = async (): Promise<NodeJS.MemoryUsage> => {
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 20));
      }
      return process.memoryUsage();
    };
    // Warm up first: compiled regexes and code paths are a one-time cost, not output held.
    await run(node('process.stdout.write("x".repeat(200000)); console.error("warm")'), { onOutput: () => {} });
    const before = await settle();
    const total = 10 * 1024 * 1024;
    // The command prints 10 MB, then stays alive a moment: memory is measured
    // once its last line has been read, while the run (and whatever it holds) is live.
    const script = `process.stdout.write("first line\\n" + "x".repeat(${total} - 22) + "\\nlast line\\n"); setTimeout(() => {}, 400)`;
    const measured: { during?: Promise<NodeJS.MemoryUsage> } = {};
    const r = await run(node(script), {
      onOutput: (chunk) => {
        if (chunk.includes('last line')) measured.during ??= settle();
      },
    });
    if (measured.during === undefined) throw new Error('the last line was never seen');
    const mid = await measured.during;
    expect(r.exitCode).toBe(0);
    expect(r.truncated).toBe(true);
    expect(r.stdout.startsWith('first line\nxxx')).toBe(true);
    expect(r.stdout.endsWith('xxx\nlast line\n')).toBe(true);
    const marker = /… ([\d,]+) bytes omitted …/.exec(r.stdout);
    expect(marker).not.toBeNull();
    const kept = Buffer.byteLength(r.stdout.replace(/\n?… [\d,]+ bytes omitted …\n/, ''));
    expect(Number(marker?.[1]?.replaceAll(',', '')) + kept).toBe(total);
    expect(Buffer.byteLength(r.stdout)).toBeLessThanOrEqual(64 * 1024 + 100);
    // While it runs, the 10 MB that went through is not held (the cap is 64 KiB per stream).
    const retained = mid.heapUsed + mid.arrayBuffers - (before.heapUsed + before.arrayBuffers);
    expect(retained).toBeLessThan(2 * 1024 * 1024);
  });

  it('caps each stream separately at maxOutputBytes', async () => {
    const r = await run(node('process.stdout.write("o".repeat(5000)); process.stderr.write("short")'), { maxOutputBytes: 1000 });
    expect(r.truncated).toBe(true);
    expect(r.stdout).toMatch(/^o{500}\n… 4,000 bytes omitted …\no{500}$/);
    expect(r.stderr).toBe('short');
  });

  it('masks secrets in stdout and stderr', async () => {
    const token = `ghp_${'A1b2C3d4'.repeat(5)}`;
    const r = await run(['sh', '-c', `echo "token ${token}"; echo "password=hunter2" >&2`]);
    expect(r.stdout).toBe('token ghp_****\n');
    expect(r.stderr).toBe('password=****\n');
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/hunter2|A1b2C3d4/);
  });

  it('strips ANSI colours and OSC sequences', async () => {
    const r = await run([
      'printf',
      '\\033[31mred\\033[0m \\033]0;pwned\\007title \\033]8;;https://evil.example\\033\\\\link\\033]8;;\\033\\\\\\r\\n',
    ]);
    expect(r.stdout).toBe('red title link\n');
  });

  it('keeps a private key masked when the cap cuts through it', async () => {
    const body = Array.from({ length: 30 }, (_, i) => `MIIEpAIBAAKCAQEA${String(i).padStart(48, '7')}`).join('\n');
    const script = `process.stdout.write("-----BEGIN RSA PRIVATE KEY-----\\n" + ${JSON.stringify(body)} + "\\n-----END RSA PRIVATE KEY-----\\n")`;
    const r = await run(node(script), { maxOutputBytes: 1200 });
    expect(r.truncated).toBe(true);
    expect(r.stdout).not.toContain('MIIEpAIBAAKCAQEA');
    expect(r.stdout).toContain('-----END RSA PRIVATE KEY-----');
  });
});

describe('runCommand: onOutput', () => {
  it('passes whole lines, stripped and masked, even when a secret is written in two pieces', async () => {
    const seen: string[] = [];
    const script =
      'process.stdout.write("\\u001b[32mok\\u001b[0m\\npassw"); setTimeout(() => process.stdout.write("ord=hunter2\\ndone\\n"), 50)';
    const r = await run(node(script), { onOutput: (chunk) => seen.push(chunk) });
    expect(seen.join('')).toBe('ok\npassword=****\ndone\n');
    expect(seen.join('')).not.toContain('hunter2');
    expect(r.stdout).toBe('ok\npassword=****\ndone\n');
  });

  it('shows a partial line after a pause', async () => {
    const seen: string[] = [];
    const script = 'process.stdout.write("waiting for lock..."); setTimeout(() => process.stdout.write(" ok\\n"), 400)';
    await run(node(script), {
      onOutput: (chunk) => seen.push(chunk),
    });
    expect(seen[0]).toBe('waiting for lock...');
    expect(seen.join('')).toBe('waiting for lock... ok\n');
  });

  it('a throwing onOutput does not break the run', async () => {
    const r = await run(['echo', 'hi'], {
      onOutput: () => {
        throw new Error('display broke');
      },
    });
    expect(r).toMatchObject({ exitCode: 0, stdout: 'hi\n' });
  });
});

describe('runCommand with resolveArgv: a parameter value stays one literal argument', () => {
  it.each<[string, string]>([
    ['shell syntax', 'api; $(rm -rf /) && echo pwned'],
    ['backticks and pipes', '`reboot` | sh'],
    ['quotes and newline', `it's "two"\nlines`],
    ['a glob', '*'],
  ])('%s', async (_name, value) => {
    const resolved = resolveArgv(node('console.log(JSON.stringify(process.argv.slice(1)))', '{{service}}', '--ns={{service}}'), {
      service: value,
    });
    if (!resolved.ok) throw new Error('unresolved');
    const r = await run(resolved.argv);
    expect(JSON.parse(r.stdout)).toEqual([value, `--ns=${value}`]);
  });
});

describe('OutputCapture', () => {
  it('never holds more than maxBytes, whatever is pushed', () => {
    const cap = new OutputCapture(4096);
    let total = 0;
    for (let i = 0; total < 50 * 1024 * 1024; i++) {
      const size = [1, 7, 4095, 4096, 65536, 100_003][i % 6] ?? 1;
      cap.push(Buffer.alloc(size, 97 + (i % 26)));
      total += size;
      expect(cap.retainedBytes).toBeLessThanOrEqual(4096);
    }
    expect(cap.totalBytes).toBe(total);
    expect(cap.truncated).toBe(true);
  });

  it('keeps everything under the cap, byte for byte', () => {
    const cap = new OutputCapture(64);
    for (const piece of ['line one\n', 'line two\n', 'café\n']) cap.push(Buffer.from(piece));
    expect(cap.truncated).toBe(false);
    expect(cap.text()).toBe('line one\nline two\ncafé\n');
  });

  it('keeps the first and last lines around the marker', () => {
    const cap = new OutputCapture(40);
    const lines = Array.from({ length: 20 }, (_, i) => `line ${String(i).padStart(2, '0')}`).join('\n') + '\n';
    for (const ch of Buffer.from(lines)) cap.push(Buffer.from([ch]));
    expect(cap.text()).toBe('line 00\nline 01\n… 128 bytes omitted …\nline 18\nline 19\n');
  });

  it('never splits a multi-byte character at the cut', () => {
    const cap = new OutputCapture(33);
    cap.push(Buffer.from('é'.repeat(100)));
    const text = cap.text();
    expect(text).not.toContain('\uFFFD');
    expect(text).toMatch(/^é+\n… \d+ bytes omitted …\né+$/);
  });
});

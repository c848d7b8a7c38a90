// Real processes against one real file: what a crash (kill -9) or a second
// terminal running `incident note` does to the log.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLog, eventsPath } from '../../src/timeline/event-log.js';
import { makeTempDir } from '../helpers/temp.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const childScript = path.join(here, '..', 'helpers', 'append-child.mjs');

let root: string;
let cleanup: () => void;
let bundle: string;

// The child cannot import TypeScript: bundle the real module once.
beforeAll(async () => {
  ({ dir: root, cleanup } = makeTempDir('incident-procs-'));
  bundle = path.join(root, 'event-log.mjs');
  await build({
    entryPoints: [path.join(here, '..', '..', 'src', 'timeline', 'event-log.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    logLevel: 'silent',
  });
});
afterAll(() => cleanup());

interface Child {
  proc: ChildProcess;
  /** `seq id` pairs acknowledged so far (complete lines only). */
  acks: { seq: number; id: string }[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function startChild(dir: string, count: number, actor: string, onAck?: (n: number) => void): Child {
  const proc = spawn(process.execPath, [childScript, bundle, dir, String(count), actor], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acks: Child['acks'] = [];
  let buffered = '';
  let stderr = '';
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const [seq, id] = line.split(' ');
      acks.push({ seq: Number(seq), id: id! });
    }
    onAck?.(acks.length);
  });
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    proc.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { proc, acks, exited };
}

describe('EventLog across processes', () => {
  it('keeps every acknowledged event when the writer is killed with SIGKILL', async () => {
    const dir = path.join(root, 'killed');
    const file = eventsPath(dir);
    const acknowledged: string[] = [];
    for (const killAfter of [40, 150, 300]) {
      const child = startChild(dir, 1_000_000, 'victim@host', (n) => {
        if (n >= killAfter) child.proc.kill('SIGKILL');
      });
      const { signal, stderr } = await child.exited;
      expect(stderr).toBe('');
      expect(signal).toBe('SIGKILL');
      acknowledged.push(...child.acks.map((a) => a.id));

      const { entries, warnings } = EventLog.read(file);
      const ids = new Set(entries.map((e) => e.id));
      expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
      expect(ids.size).toBe(entries.length);
      // At most a torn last line; with one write() per line there is usually none.
      expect(warnings.length).toBeLessThanOrEqual(1);
      for (const w of warnings) expect(w).toMatch(/torn last line/);
    }
    // The next writer (here: this process) repairs and appends cleanly.
    const log = EventLog.open(dir, { actor: 'ana@laptop', now: () => new Date() });
    const last = log.append({ phase: 'triage', type: 'note.added', data: {} });
    log.close();
    const { entries, warnings } = EventLog.read(file);
    expect(warnings).toEqual([]);
    expect(entries.at(-1)).toEqual(last);
  });

  it('loses nothing when two processes append 500 events each at once', async () => {
    const dir = path.join(root, 'two-writers');
    const file = eventsPath(dir);
    const a = startChild(dir, 500, 'a@host');
    const b = startChild(dir, 500, 'b@host');
    const [ra, rb] = await Promise.all([a.exited, b.exited]);
    expect(ra).toEqual({ code: 0, signal: null, stderr: '' });
    expect(rb).toEqual({ code: 0, signal: null, stderr: '' });

    const raw = fs.readFileSync(file, 'utf8');
    expect(raw.endsWith('\n')).toBe(true);
    // A writer that opened while the other's line was still arriving starts its
    // own on a new line: a blank line, which readers skip. Nothing else may differ.
    const lines = raw
      .slice(0, -1)
      .split('\n')
      .filter((l) => l !== '');
    expect(lines).toHaveLength(1000);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();

    const { entries, warnings } = EventLog.read(file);
    expect(warnings).toEqual([]);
    expect(new Set(entries.map((e) => e.id)).size).toBe(1000);
    for (const actor of ['a@host', 'b@host']) {
      const mine = entries.filter((e) => e.actor === actor);
      // Each writer's own events stay in order and its seqs only go up.
      expect(mine.map((e) => e.data.i)).toEqual([...Array(500).keys()]);
      expect(mine.every((e, i) => i === 0 || e.seq > mine[i - 1]!.seq)).toBe(true);
    }
    // The append lock: every event has its own seq, 1 to 1000 in file order.
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });
});

// Start-up and append benchmark for `incident`. Prints figures next to their
// aims; never fails because an aim is missed (exit 1 only if it cannot run).
//
//   npm run bench            (builds dist/ first)
//   node bench/run.mjs       (uses the dist/ already built)
//
// Every whole-process figure is a median over several runs, shown with its
// ratio to bare `node -e ''` measured in the same run, interleaved with it, so
// machine load and Node version mostly cancel out.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from './bundle-ts.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 15;
const WARMUP = 2;
const PTY_RUNS = 10;
const PTY_WARMUP = 2;
const APPENDS = 500;
const NEEDLE = 'What is broken?';
/** Only Ink's frame has the keys' footer; the painted first question does not. */
const INK_NEEDLE = 'C leave';

// ---------------------------------------------------------------- helpers

const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 2 : 1)} ms` : 'n/a');
const ratio = (x, base) => (Number.isFinite(x) && base > 0 ? `${(x / base).toFixed(2)}×` : 'n/a');
const verdict = (value, limit) => (!Number.isFinite(value) ? '' : value <= limit ? 'met' : 'MISSED');

/** The environment of every measured child process. */
function benchEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  // Set on these machines; makes every Node start-up read a CA bundle (~50 ms).
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.NODE_OPTIONS;
  // Ink (is-in-ci) draws nothing until exit when any of these is present.
  for (const key of Object.keys(env)) {
    if (key === 'CI' || key === 'CONTINUOUS_INTEGRATION' || key.startsWith('CI_')) delete env[key];
  }
  if (!env.TERM || env.TERM === 'dumb') env.TERM = 'xterm-256color';
  delete env.NO_COLOR;
  return env;
}

/**
 * dist/ is rebuilt (rm -rf, then written) by anyone running `npm test` or
 * `npm run build`. Measure a private copy, laid out like the published package
 * (dist/ + runbooks/ + package.json), and check every chunk it imports exists.
 */
function snapshotDist(into) {
  for (let attempt = 1; ; attempt++) {
    fs.rmSync(into, { recursive: true, force: true });
    fs.mkdirSync(into, { recursive: true });
    let problem = null;
    try {
      for (const name of ['dist', 'runbooks', 'package.json']) {
        fs.cpSync(path.join(root, name), path.join(into, name), { recursive: true });
      }
      problem = missingImports(path.join(into, 'dist'));
    } catch (error) {
      problem = error.message;
    }
    if (!problem) return;
    if (attempt === 5) throw new Error(`dist/ is incomplete (${problem}); run \`npm run build\``);
    spawnSync('sleep', ['1']);
  }
}

function missingImports(dist) {
  const files = fs.readdirSync(dist, { recursive: true }).filter((f) => /\.[cm]?js$/.test(f));
  if (!files.includes('cli.js')) return 'no dist/cli.js';
  for (const file of files) {
    const text = fs.readFileSync(path.join(dist, file), 'utf8');
    // Only esbuild's own chunk imports ("./chunk-….js"); bundled libraries quote other paths in their text.
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/(?:[^"']+\/)?[\w.-]+-[A-Z0-9]{8}\.mjs)["']/g)) {
      const target = path.join(dist, path.dirname(file), m[1]);
      if (!fs.existsSync(target)) return `${file} imports missing ${m[1]}`;
    }
  }
  return null;
}

/** Wall time of one `node …` run in ms, or an Error if it did not exit 0. */
function runOnce(args, opts) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) return r.error;
  if (r.status !== 0) {
    const shown = args.map((a) => (a === cli ? 'dist/cli.js' : a)).join(' ');
    return new Error(`\`node ${shown}\` exited ${r.status ?? r.signal}: ${(r.stderr || r.stdout).trim().slice(0, 300)}`);
  }
  return elapsed;
}

/** Runs the cases round-robin (A B C A B C …) and returns each one's times; a failing case is dropped. */
function measureInterleaved(cases) {
  const times = cases.map(() => []);
  const failed = new Set();
  for (let i = 0; i < WARMUP + RUNS; i++) {
    cases.forEach((c, k) => {
      if (failed.has(k)) return;
      const t = runOnce(c.args, c.opts);
      if (t instanceof Error) {
        failed.add(k);
        times[k] = [];
        notes.push(t.message);
      } else if (i >= WARMUP) times[k].push(t);
    });
  }
  return times;
}

function fsType(dir) {
  const r = spawnSync('stat', ['-f', '-c', '%T', dir], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

function hasPython() {
  return spawnSync('python3', ['-c', 'import pty, fcntl, termios'], { stdio: 'ignore' }).status === 0;
}

// ---------------------------------------------------------------- main

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-bench-'));
const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

const started = Date.now();
const loadBefore = os.loadavg()[0];
const rows = []; // { label, samples: ms[], limit?: aim as a multiple of bare node }
const notes = [];

try {
  snapshotDist(path.join(tmp, 'pkg'));
} catch (error) {
  console.error(`bench: ${error.message}`);
  process.exit(1);
}
const cli = path.join(tmp, 'pkg', 'dist', 'cli.js');
const cwd = path.join(tmp, 'cwd'); // neutral working directory, no .git
fs.mkdirSync(cwd);

// 1–3. Whole processes: bare node, --version, note.
const noteState = path.join(tmp, 'state-note');
const env = benchEnv({ INCIDENT_STATE_DIR: noteState });
const declared = runOnce([cli, 'declare', 'bench incident'], { cwd, env });
if (declared instanceof Error) notes.push(declared.message);
const [bare, version, note] = measureInterleaved([
  { args: ['-e', ''], opts: { cwd, env } },
  { args: [cli, '--version'], opts: { cwd, env } },
  { args: [cli, 'note', 'bench: checked the dashboards, error rate back to baseline'], opts: { cwd, env } },
]);
const base = median(bare);
rows.push({ label: "bare node -e ''", samples: bare });
rows.push({ label: 'incident --version', samples: version, limit: 1.5 });
rows.push({ label: 'incident note "…" (1 open incident)', samples: note, limit: 1.5 });

// 4, 6. First interactive frame in a pseudo-terminal, and the TUI's peak RSS.
if (hasPython()) {
  const cfg = {
    runs: PTY_RUNS,
    warmup: PTY_WARMUP,
    timeout_s: 10,
    cols: 120,
    rows: 40,
    state_base: tmp,
    cwd,
    cases: [
      { name: 'bare', argv: [process.execPath, '-e', ''], env: benchEnv(), needle: null },
      { name: 'tui', argv: [process.execPath, cli], env: benchEnv(), needle: NEEDLE, fresh_state_dir: true },
      // The question is painted before Ink loads; Ink's own frame (with the keys' footer) comes after.
      { name: 'ink', argv: [process.execPath, cli], env: benchEnv(), needle: INK_NEEDLE, fresh_state_dir: true },
    ],
  };
  const r = spawnSync('python3', [path.join(root, 'bench', 'pty-first-frame.py'), JSON.stringify(cfg)], {
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  if (r.status !== 0) {
    notes.push(`pty measurement failed: ${(r.stderr || r.stdout).trim().slice(0, 500)}`);
  } else {
    const { cases } = JSON.parse(r.stdout);
    rows.push({ label: "bare node -e '' in a pty (to exit)", samples: cases.bare.ms });
    rows.push({ label: `first frame: incident → "${NEEDLE}"`, samples: cases.tui.ms, limit: 4 });
    rows.push({ label: `Ink drawn: incident → "${INK_NEEDLE}"`, samples: cases.ink.ms });
    const ptyBase = median(cases.bare.ms);
    const frame = median(cases.tui.ms);
    if (Number.isFinite(frame) && Number.isFinite(ptyBase)) {
      notes.push(`first frame is ${ratio(frame, ptyBase)} bare node timed by the same pty harness`);
    }
    if (cases.ink.rss_kb.length > 0) {
      const rss = median(cases.ink.rss_kb) / 1024;
      notes.push(`TUI peak RSS (VmHWM once Ink has drawn, median): ${rss.toFixed(1)} MB (aim ≤ 80 MB)`);
    }
    for (const [name, c] of Object.entries(cases)) {
      if (c.failures.length > 0) notes.push(`pty ${name}: ${c.failures.length} failed run(s); first: ${c.failures[0]}`);
    }
  }
} else {
  notes.push('first frame: skipped, python3 with the pty module is not available');
}

// 5. Durable append latency, in-process, against the real EventLog.
const appendRows = [];
try {
  const { EventLog } = await importTs('event-log', ["export { EventLog } from './src/timeline/event-log.ts';"]);
  const dir = path.join(tmp, 'state-append', 'incidents', 'bench');
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const log = EventLog.open(dir, { actor: 'bench@localhost', now: () => new Date() });
  const entry = (i) => ({
    phase: 'triage',
    type: 'note.added',
    data: { text: `bench note ${i}: p99 latency on /checkout back under 300 ms after the rollback` },
  });
  let count = 0;
  // Up to 10k through the real append (fsync each); beyond, the lines are written in bulk — what is timed is the
  // next append on a log that long, not how long it took to get there.
  const fillTo = (n) => {
    while (count < Math.min(n, 10_000)) log.append(entry(count++));
    const lines = [];
    while (count < n) {
      const at = new Date().toISOString();
      lines.push(
        JSON.stringify({
          id: `01BENCH${String(count).padStart(19, '0')}`,
          seq: count + 1,
          at,
          actor: 'bench@localhost',
          ...entry(count++),
        }),
      );
      if (lines.length === 10_000) fs.appendFileSync(log.path, `${lines.splice(0).join('\n')}\n`);
    }
    if (lines.length > 0) fs.appendFileSync(log.path, `${lines.join('\n')}\n`);
  };
  const timeAppends = () => {
    const out = [];
    for (let i = 0; i < APPENDS; i++) {
      const t0 = process.hrtime.bigint();
      log.append(entry(count++));
      out.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return out;
  };
  for (const at of [1_000, 10_000, 100_000]) {
    fillTo(at);
    const size = fs.statSync(log.path).size;
    appendRows.push({ at, size, samples: timeAppends() });
  }
  log.close();
  const type = fsType(dir);
  notes.push(
    `appends: fsync'd to ${type}${type === 'tmpfs' || type === 'ramfs' ? ' — fsync is a no-op there, figures are optimistic' : ''}`,
  );
} catch (error) {
  notes.push(`append latency: skipped (${error.message.split('\n')[0]})`);
}

// ---------------------------------------------------------------- report

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const line = (cols) => cols.map(([s, n, right]) => (right ? lpad(s, n) : pad(s, n))).join('  ');

console.log('');
console.log(`incident start-up benchmark — node ${process.version}, ${os.cpus().length} CPU, ${os.platform()} ${os.release()}`);
console.log(
  `Child processes run with NODE_EXTRA_CA_CERTS, NODE_OPTIONS, CI/CI_*/CONTINUOUS_INTEGRATION unset (the CA bundle alone costs ~50 ms per start).`,
);
console.log(
  `Whole-process figures: median of ${RUNS} runs after ${WARMUP} warm-ups, interleaved with bare node; pty figures: ${PTY_RUNS} runs after ${PTY_WARMUP}.`,
);
console.log('');
const W = [42, 10, 10, 10, 8, 8, 7];
console.log(
  line([
    ['', W[0]],
    ['median', W[1], 1],
    ['min', W[2], 1],
    ['max', W[3], 1],
    ['× node', W[4], 1],
    ['aim', W[5], 1],
    ['', W[6]],
  ]),
);
console.log('-'.repeat(W.reduce((a, b) => a + b + 2, -2)));
for (const r of rows) {
  const m = median(r.samples);
  const x = m / base;
  console.log(
    line([
      [r.label, W[0]],
      [ms(m), W[1], 1],
      [ms(Math.min(...r.samples)), W[2], 1],
      [ms(Math.max(...r.samples)), W[3], 1],
      [ratio(m, base), W[4], 1],
      [r.limit ? `≤ ${r.limit}×` : '', W[5], 1],
      [r.limit ? verdict(x, r.limit) : '', W[6]],
    ]),
  );
}
if (appendRows.length > 0) {
  console.log('');
  console.log(`Durable append (EventLog.append, write + fsync), ${APPENDS} timed appends each, in-process:`);
  const A = [42, 10, 10, 10, 8, 8, 7];
  console.log(
    line([
      ['', A[0]],
      ['p50', A[1], 1],
      ['p99', A[2], 1],
      ['max', A[3], 1],
      ['', A[4]],
      ['aim p99', A[5], 1],
      ['', A[6]],
    ]),
  );
  console.log('-'.repeat(A.reduce((a, b) => a + b + 2, -2)));
  for (const r of appendRows) {
    const p99 = quantile(r.samples, 0.99);
    console.log(
      line([
        [`after ${r.at.toLocaleString('en-US')} events (${(r.size / 1024 / 1024).toFixed(1)} MiB)`, A[0]],
        [ms(median(r.samples)), A[1], 1],
        [ms(p99), A[2], 1],
        [ms(Math.max(...r.samples)), A[3], 1],
        ['', A[4]],
        ['≤ 2 ms', A[5], 1],
        [verdict(p99, 2), A[6]],
      ]),
    );
  }
}
console.log('');
for (const n of notes) console.log(`- ${n}`);
const load = [loadBefore, os.loadavg()[0]].map((x) => x.toFixed(2)).join(' → ');
const busy = Math.max(loadBefore, os.loadavg()[0]) > os.cpus().length / 2;
console.log(
  `- 1-min load average during the run: ${load} on ${os.cpus().length} CPU${busy ? ' — the machine was busy, expect noisy figures (compare min columns, or re-run)' : ''}`,
);
console.log(`- aims are printed, not enforced; whole bench took ${((Date.now() - started) / 1000).toFixed(1)} s`);

// `incident diagnose` over a large repository: 50,000 commits, a few hundred
// of them in the 48 h before the incident. Prints figures next to the aim
// (≤ 500 ms); never fails because the aim is missed (exit 1 only if it cannot run).
//
//   node bench/diagnose.mjs
//
// The repository is generated once with `git fast-import` (deterministic, a few
// seconds) and cached under node_modules/.cache/; delete it to regenerate.
// The TypeScript sources are bundled with esbuild, as scripts/build.mjs does.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from './bundle-ts.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.join(root, 'node_modules', '.cache');
const COMMITS = 50_000;
const RECENT = 300; // commits in the last 48 h
const FILES = 3_000;
const RUNS = 5;
const AIM_MS = 500;
/** The incident's start; every commit date is fixed relative to it. */
const START = new Date('2026-03-10T12:00:00Z');
const HOUR = 3_600_000;
const repoDir = path.join(cacheDir, `incident-bench-repo-${COMMITS}-${RECENT}-v1`);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const ms = (x) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;

// ---------------------------------------------------------------- the repository

/** A small deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function filePath(i) {
  if (i === 0) return 'package.json';
  if (i === 1) return 'config/production.yml';
  if (i === 2) return 'Dockerfile';
  if (i % 97 === 0) return `db/migrate/${String(i).padStart(5, '0')}_change.sql`;
  if (i % 13 === 0) return `docs/page-${i}.md`;
  if (i % 7 === 0) return `test/unit/mod-${i}.test.ts`;
  return `src/area-${i % 40}/mod-${i}.ts`;
}

/** The date of commit k (0-based, oldest first): two years of history, then RECENT commits in the last 48 h. */
function commitTime(k) {
  const old = COMMITS - RECENT;
  if (k < old) {
    const span = 2 * 365 * 24 * HOUR;
    return START.getTime() - 48 * HOUR - span + Math.floor((k / old) * span);
  }
  return START.getTime() - 48 * HOUR + Math.floor(((k - old + 1) / (RECENT + 1)) * 48 * HOUR);
}

async function generate() {
  const tmp = `${repoDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const git = (args) => {
    const r = spawnSync('git', args, { cwd: tmp, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  git(['init', '-q', '-b', 'main']);
  const fi = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: tmp, stdio: ['pipe', 'inherit', 'inherit'] });
  const exited = new Promise((resolve, reject) => {
    fi.on('error', reject);
    fi.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}`))));
  });
  const write = (s) => (fi.stdin.write(s) ? Promise.resolve() : new Promise((r) => fi.stdin.once('drain', r)));

  const random = rng(42);
  const contents = Array.from({ length: FILES }, (_, i) => Array.from({ length: 12 }, (_, l) => `// ${filePath(i)} line ${l}`));
  const authors = ['Ana Lee <ana@example.com>', 'Bo Chen <bo@example.com>', 'Cy Diaz <cy@example.com>', 'Dee Okafor <dee@example.com>'];
  let buf = '';
  for (let k = 0; k < COMMITS; k++) {
    const when = Math.floor(commitTime(k) / 1000);
    const who = authors[k % authors.length];
    const touched = new Set();
    const count = 1 + Math.floor(random() * random() * 6);
    while (touched.size < count) touched.add(Math.floor(random() * FILES));
    if (k >= COMMITS - RECENT && k % 50 === 0) touched.add(0); // a dependency bump now and then
    const msg = `Change ${k}: ${[...touched].map(filePath).join(', ')}\n`;
    buf += `commit refs/heads/main\nmark :${k + 1}\nauthor ${who} ${when} +0000\ncommitter ${who} ${when} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}`;
    if (k > 0) buf += `from :${k}\n`;
    const ids = k === 0 ? contents.map((_, i) => i) : [...touched];
    for (const i of ids) {
      const lines = contents[i];
      if (k > 0) {
        const edits = 1 + Math.floor(random() * 4);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(random() * lines.length);
          if (random() < 0.3) lines.splice(at, 0, `// added in ${k}`);
          else lines[at] = `// changed in ${k} ${Math.floor(random() * 1e6)}`;
        }
      }
      const body = `${lines.join('\n')}\n`;
      buf += `M 100644 inline ${filePath(i)}\ndata ${Buffer.byteLength(body)}\n${body}`;
    }
    buf += '\n';
    if (k % 1000 === 999 && k >= COMMITS - RECENT - 1) buf += `reset refs/tags/v${k + 1}\nfrom :${k + 1}\n\n`;
    if (k >= COMMITS - RECENT && k % 60 === 0) buf += `reset refs/tags/release-${k}\nfrom :${k + 1}\n\n`;
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(`${buf}done\n`);
  fi.stdin.end();
  await exited;
  fs.writeFileSync(path.join(tmp, '.git', 'incident-bench-ready'), `${COMMITS}\n`);
  fs.rmSync(repoDir, { recursive: true, force: true });
  fs.renameSync(tmp, repoDir);
}

// ---------------------------------------------------------------- the code under test

// ---------------------------------------------------------------- main

const notes = [];
fs.mkdirSync(cacheDir, { recursive: true });
if (!fs.existsSync(path.join(repoDir, '.git', 'incident-bench-ready'))) {
  const t0 = performance.now();
  process.stdout.write(`Generating a ${COMMITS.toLocaleString('en-US')}-commit repository with git fast-import (once)… `);
  try {
    await generate();
  } catch (error) {
    console.error(`\nbench: could not generate the repository: ${error.message}`);
    process.exit(1);
  }
  console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

let loadRecentCommits, rankCommits, diagnose;
try {
  ({ loadRecentCommits, rankCommits, diagnose } = await importTs('diagnose', [
    "export { loadRecentCommits, diffOf } from './src/git/recent-commits.ts';",
    "export { rankCommits, riskSignals } from './src/domain/culprit.ts';",
    "export { diagnose } from './src/commands/diagnose.ts';",
  ]));
} catch (error) {
  console.error(`bench: could not bundle the sources: ${error.message}`);
  process.exit(1);
}

const rows = [];
async function measure(label, fn, aim) {
  await fn(); // warm-up: page cache, first spawn
  const times = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    last = await fn();
    times.push(performance.now() - t0);
  }
  rows.push({ label, times, aim });
  return last;
}

const inWindow = await measure(
  'loadRecentCommits + rankCommits (48 h)',
  async () => {
    const { commits } = await loadRecentCommits(repoDir, { until: START, sinceHours: 48 });
    return rankCommits(commits, START, { windowHours: 48 });
  },
  AIM_MS,
);
await measure(
  'diagnose() --json (+ diffs of the top 5)',
  async () => {
    const lines = [];
    const services = {
      stateDir: os.tmpdir(),
      now: () => START,
      actor: 'bench@localhost',
      host: 'localhost',
      pid: process.pid,
      cwd: repoDir,
      repo: repoDir,
    };
    const code = await diagnose(services, { json: true }, { out: (l) => lines.push(l), err: () => {} });
    if (code !== 0) throw new Error(`diagnose exited ${code}`);
    return lines;
  },
  AIM_MS,
);
await measure('loadRecentCommits (24 h)', () => loadRecentCommits(repoDir, { until: START, sinceHours: 24 }));
const total = spawnSync('git', ['rev-list', '--count', 'HEAD'], { cwd: repoDir, encoding: 'utf8' }).stdout.trim();
const files = inWindow.reduce((n, c) => n + c.files.length, 0);
notes.push(
  `repository: ${Number(total).toLocaleString('en-US')} commits (${repoDir.replace(root + path.sep, '')}); ${inWindow.length} in the 48 h window, ${files} file changes`,
);

// The built CLI, when `diagnose` is wired into it (a whole process, so node start-up included).
const cli = path.join(root, 'dist', 'cli.js');
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS; // ~50 ms per node start on these machines
delete env.NODE_OPTIONS;
const args = [cli, 'diagnose', '--repo', repoDir, '--at', START.toISOString(), '--json'];
if (fs.existsSync(cli) && spawnSync(process.execPath, args, { env, stdio: 'ignore' }).status === 0) {
  const bare = [];
  const whole = [];
  for (let i = 0; i < RUNS + 1; i++) {
    for (const [list, argv] of [
      [bare, ['-e', '']],
      [whole, args],
    ]) {
      const t0 = performance.now();
      spawnSync(process.execPath, argv, { env, stdio: 'ignore' });
      if (i > 0) list.push(performance.now() - t0);
    }
  }
  rows.push({ label: "bare node -e ''", times: bare });
  rows.push({ label: 'incident diagnose --json (whole process)', times: whole, aim: AIM_MS });
  notes.push(`whole process is ${(median(whole) / median(bare)).toFixed(1)}× bare node`);
} else {
  notes.push('whole-process run skipped: dist/cli.js has no working `diagnose` (run `npm run build` once it is wired)');
}

console.log('');
console.log(
  `incident diagnose benchmark — node ${process.version}, git ${spawnSync('git', ['--version'], { encoding: 'utf8' })
    .stdout.trim()
    .replace(/^git version /, '')}, ${os.cpus().length} CPU`,
);
console.log(`median of ${RUNS} runs after a warm-up, in-process unless marked`);
console.log('');
const W = [44, 10, 10, 10, 9, 7];
const pad = (s, n, right) => (right ? String(s).padStart(n) : String(s).padEnd(n));
console.log([pad('', W[0]), pad('median', W[1], 1), pad('min', W[2], 1), pad('max', W[3], 1), pad('aim', W[4], 1), ''].join('  '));
console.log('-'.repeat(W.reduce((a, b) => a + b + 2, -2)));
for (const r of rows) {
  const m = median(r.times);
  const verdict = r.aim === undefined ? '' : m <= r.aim ? 'met' : 'MISSED';
  console.log(
    [
      pad(r.label, W[0]),
      pad(ms(m), W[1], 1),
      pad(ms(Math.min(...r.times)), W[2], 1),
      pad(ms(Math.max(...r.times)), W[3], 1),
      pad(r.aim === undefined ? '' : `≤ ${r.aim} ms`, W[4], 1),
      verdict,
    ].join('  '),
  );
}
console.log('');
for (const n of notes) console.log(`- ${n}`);
console.log(`- 1-min load average: ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} CPU; aims are printed, not enforced`);

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { diffOf, loadRecentCommits } from '../../src/git/recent-commits.js';
import { GitClientError, gitClient } from '../../src/git/git-client.js';
import { rankCommits, riskSignals } from '../../src/domain/culprit.js';
import { diagnose } from '../../src/commands/diagnose.js';
import type { Output } from '../../src/commands/errors.js';
import type { Services } from '../../src/services.js';
import { fakeGit, initRepo, lines, shallowClone, tempRoot, type TestRepo } from '../helpers/git-repo.js';

const START = new Date('2026-03-10T12:00:00.000Z');
const before = (minutes: number) => new Date(START.getTime() - minutes * 60_000).toISOString();

let root: { dir: string; cleanup: () => void };
let repo: TestRepo;
const sha = {} as Record<'ancient' | 'big' | 'feature' | 'rename' | 'merge' | 'culprit' | 'docs' | 'after' | 'risky', string>;

beforeAll(() => {
  root = tempRoot();
  repo = initRepo(path.join(root.dir, 'app'));
  sha.ancient = repo.commit({ message: 'Initial import', at: before(72 * 60), files: { 'src/app.ts': lines(10), 'README.md': '# app\n' } });
  sha.big = repo.commit({
    message: 'Rewrite the order pipeline',
    at: before(40 * 60),
    files: { 'src/orders.ts': lines(1500, 'order'), 'src/payments.ts': lines(900, 'pay') },
  });
  repo.tag('v1.4.0', { message: 'Release 1.4.0', at: before(40 * 60) });
  repo.git(['checkout', '-q', '-b', 'feature/flags']);
  sha.feature = repo.commit({
    message: 'Feature flag for the new checkout',
    at: before(90),
    files: { 'src/flags.ts': 'export const newCheckout = true;\n' },
  });
  repo.git(['checkout', '-q', 'main']);
  sha.rename = repo.commit({
    message: 'Move logo',
    at: before(80),
    renames: { 'README.md': 'docs/README.md' },
    files: { 'assets/logo.png': Buffer.from([0, 1, 2, 3, 0, 255]) },
  });
  sha.merge = repo.merge('feature/flags', before(60));
  repo.tag('v1.5.0', { at: before(60) });
  sha.culprit = repo.commit({
    message: 'Lower the DB pool size',
    at: before(10),
    files: {
      'config/database.yml': 'pool: 2\n',
      'src/db.ts': 'const url = process.env.DATABASE_REPLICA_URL;\nexport const pool = { size: Number(process.env.DB_POOL_SIZE) };\n',
    },
  });
  sha.docs = repo.commit({ message: 'Document the runbook', at: before(5), files: { 'docs/runbook.md': lines(30, 'step') } });
  sha.after = repo.commit({ message: 'Hotfix after the alert', at: before(-30), files: { 'config/database.yml': 'pool: 20\n' } });
});
afterAll(() => root.cleanup());

describe('loadRecentCommits', () => {
  it('reads the window with files, line counts, tags and merge parents in one pass', async () => {
    const { commits, warnings } = await loadRecentCommits(repo.dir, { until: START, sinceHours: 48 });
    expect(warnings).toEqual([]);
    // Newest first; the commit after the start and the one 72 h before are outside [start − 48 h, start].
    expect(commits.map((c) => c.subject)).toEqual([
      'Document the runbook',
      'Lower the DB pool size',
      "Merge branch 'feature/flags'",
      'Move logo',
      'Feature flag for the new checkout',
      'Rewrite the order pipeline',
    ]);
    const culprit = commits.find((c) => c.sha === sha.culprit)!;
    expect(culprit).toMatchObject({
      shortSha: expect.stringMatching(/^[0-9a-f]{7,}$/),
      author: 'Ana Lee',
      at: before(10),
      parents: [sha.merge],
      isMerge: false,
      tags: [],
    });
    expect(culprit.files).toEqual([
      { path: 'config/database.yml', added: 1, deleted: 0, status: 'A' },
      { path: 'src/db.ts', added: 2, deleted: 0, status: 'A' },
    ]);

    const merge = commits.find((c) => c.sha === sha.merge)!;
    expect(merge.isMerge).toBe(true);
    expect(merge.parents).toEqual([sha.rename, sha.feature]);
    expect(merge.tags).toEqual(['v1.5.0']);
    // Against the first parent: what `git revert -m 1` would undo.
    expect(merge.files).toEqual([{ path: 'src/flags.ts', added: 1, deleted: 0, status: 'A' }]);

    const moved = commits.find((c) => c.sha === sha.rename)!;
    expect(moved.files).toEqual([
      { path: 'assets/logo.png', added: null, deleted: null, status: 'A' },
      { path: 'docs/README.md', added: 0, deleted: 0, status: 'R100' },
    ]);
    expect(commits.find((c) => c.sha === sha.big)!.tags).toEqual(['v1.4.0']);
  });

  it('honours the window and the commit cap', async () => {
    const short = await loadRecentCommits(repo.dir, { until: START, sinceHours: 1 });
    expect(short.commits.map((c) => c.sha)).toEqual([sha.docs, sha.culprit, sha.merge]);
    const capped = await loadRecentCommits(repo.dir, { until: START, sinceHours: 48, maxCommits: 2 });
    expect(capped.commits.map((c) => c.sha)).toEqual([sha.docs, sha.culprit]);
    expect(capped.warnings).toEqual([expect.stringMatching(/More than 2 commits in the window: only the newest 2/)]);
  });

  it('ranks the config change 10 min before the start above a docs commit 5 min before and a big commit 40 h before', async () => {
    const { commits } = await loadRecentCommits(repo.dir, { until: new Date(START.getTime() + 5 * 60_000), sinceHours: 48 });
    const ranked = rankCommits(commits, START, { windowHours: 48 });
    expect(ranked[0]!.sha).toBe(sha.culprit);
    expect(ranked[0]!.reasons).toEqual(expect.arrayContaining(['10 min before the start', 'changes config/env: config/database.yml']));
    const at = (s: string) => ranked.findIndex((c) => c.sha === s);
    expect(at(sha.culprit)).toBeLessThan(at(sha.docs));
    expect(at(sha.culprit)).toBeLessThan(at(sha.big));
    expect(ranked.find((c) => c.sha === sha.docs)!.reasons).toContain('docs only');
    // The hotfix 30 min after the start is not a cause.
    expect(ranked.map((c) => c.sha)).not.toContain(sha.after);
  });

  it('is not confused by an ambient GIT_DIR, and never writes (index.lock present)', async () => {
    const other = initRepo(path.join(root.dir, 'other'));
    other.commit({ message: 'elsewhere', at: before(3), files: { 'x.txt': 'x\n' } });
    const lock = path.join(repo.dir, '.git', 'index.lock');
    fs.writeFileSync(lock, '');
    const headBefore = repo.head();
    const statusBefore = repo.git(['status', '--porcelain', '--untracked-files=no']);
    try {
      const { commits } = await loadRecentCommits(repo.dir, {
        until: START,
        sinceHours: 1,
        env: { ...process.env, GIT_DIR: path.join(other.dir, '.git'), GIT_WORK_TREE: other.dir },
      });
      expect(commits.map((c) => c.subject)).toContain('Lower the DB pool size');
      expect(fs.existsSync(lock)).toBe(true);
    } finally {
      fs.rmSync(lock);
    }
    expect(repo.head()).toBe(headBefore);
    expect(repo.git(['status', '--porcelain', '--untracked-files=no'])).toBe(statusBefore);
  });

  it('strips terminal escapes from subjects and authors', async () => {
    const r = initRepo(path.join(root.dir, 'escapes'));
    r.commit({
      message: 'Fix \x1b]0;pwned\x07login \x1b[31mred\x1b[0m',
      at: before(2),
      files: { 'a.ts': 'a\n' },
      author: 'Eve \x1b[2J <eve@example.com>',
    });
    const { commits } = await loadRecentCommits(r.dir, { until: START });
    expect(commits[0]!.subject).toBe('Fix login red');
    expect(commits[0]!.author).not.toContain('\x1b');
  });
});

describe('loadRecentCommits on bad input', () => {
  it('a directory that is not a repository', async () => {
    const dir = path.join(root.dir, 'plain');
    fs.mkdirSync(dir);
    await expect(loadRecentCommits(dir, { until: START })).rejects.toMatchObject({
      kind: 'not-a-repository',
      message: `${dir} is not a git repository`,
    });
  });

  it('a directory that does not exist', async () => {
    await expect(loadRecentCommits(path.join(root.dir, 'nope'), { until: START })).rejects.toMatchObject({ kind: 'no-such-directory' });
  });

  it('a repository with no commits yet', async () => {
    const empty = initRepo(path.join(root.dir, 'empty'));
    await expect(loadRecentCommits(empty.dir, { until: START })).rejects.toMatchObject({
      kind: 'no-commits',
      message: `${empty.dir} has no commits yet`,
    });
  });

  it('a shallow clone: a warning, and the cut-off commit does not claim the whole tree', async () => {
    const clone = shallowClone(repo.dir, path.join(root.dir, 'shallow'));
    const { commits, warnings } = await loadRecentCommits(clone, { until: new Date(START.getTime() + 60 * 60_000), sinceHours: 48 });
    expect(commits.map((c) => c.sha)).toEqual([sha.after]);
    expect(commits[0]!.files).toEqual([]);
    expect(commits[0]!.parents).toEqual([]);
    expect(warnings[0]).toMatch(/shallow clone: history may be incomplete/);
    expect(warnings[1]).toMatch(/is where the shallow history is cut/);
  });

  it('git missing: a clear error, not a stack', async () => {
    const failure = loadRecentCommits(repo.dir, { until: START, binary: path.join(root.dir, 'no-such-bin', 'git') });
    await expect(failure).rejects.toBeInstanceOf(GitClientError);
    await expect(failure).rejects.toMatchObject({ kind: 'git-not-found', message: expect.stringMatching(/^git was not found at /) });
    const onPath = gitClient(repo.dir, { env: { ...process.env, PATH: path.join(root.dir, 'empty-path') } });
    await expect(onPath.raw(['log', '-1'])).rejects.toMatchObject({
      kind: 'git-not-found',
      message: 'git is not installed or not on PATH',
    });
  });

  it("other failures keep git's own words: one line in the message, the lines in detail", async () => {
    const broken = fakeGit(
      root.dir,
      'echo "fatal: bad config line 3 in file .git/config" >&2; echo "hint: fix it" >&2; exit 128',
      'broken-git',
    );
    await expect(gitClient(repo.dir, { binary: broken }).raw(['log'])).rejects.toMatchObject({
      kind: 'failed',
      message: `git log failed in ${repo.dir}: fatal: bad config line 3 in file .git/config`,
      detail: 'fatal: bad config line 3 in file .git/config\nhint: fix it',
    });
    const notExecutable = path.join(root.dir, 'not-executable-git');
    fs.writeFileSync(notExecutable, '#!/bin/sh\n', { mode: 0o644 });
    await expect(gitClient(repo.dir, { binary: notExecutable }).raw(['log'])).rejects.toMatchObject({
      kind: 'git-not-found',
      message: expect.stringMatching(/cannot be run \(permission denied\)/),
    });
  });

  it('git hanging: stopped at the deadline', async () => {
    const slow = fakeGit(root.dir, 'exec sleep 30');
    const t0 = Date.now();
    await expect(loadRecentCommits(repo.dir, { until: START, binary: slow, timeoutMs: 300 })).rejects.toMatchObject({
      kind: 'timed-out',
      message: expect.stringMatching(/did not finish within 300 ms/),
    });
    expect(Date.now() - t0).toBeLessThan(2_500);
  });

  it('git hanging and ignoring the interrupt: the promise still settles', async () => {
    const stubborn = fakeGit(root.dir, "trap '' INT; sleep 3", 'stubborn-git');
    const t0 = Date.now();
    await expect(gitClient(repo.dir, { binary: stubborn, timeoutMs: 200 }).raw(['log'])).rejects.toMatchObject({ kind: 'timed-out' });
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('a caller can cancel', async () => {
    const slow = fakeGit(root.dir, 'exec sleep 30');
    const controller = new AbortController();
    const pending = gitClient(repo.dir, { binary: slow, signal: controller.signal }).raw(['log']);
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
  });
});

describe('diffOf and risk signals from real diffs', () => {
  let r: TestRepo;
  beforeAll(() => {
    r = initRepo(path.join(root.dir, 'signals'));
    r.commit({
      message: 'base',
      at: before(120),
      files: {
        'package.json': '{\n  "name": "shop",\n  "dependencies": {\n    "express": "4.18.2",\n    "pg": "8.11.0"\n  }\n}\n',
        'src/pay.ts': 'export async function pay() {\n  try {\n    await charge();\n  } catch (error) {\n    log(error);\n  }\n}\n',
      },
    });
    sha.risky = r.commit({
      message: 'Payments v2',
      at: before(15),
      files: {
        'package.json':
          '{\n  "name": "shop",\n  "dependencies": {\n    "express": "5.0.0",\n    "pg": "8.11.0",\n    "stripe": "^14.0.0"\n  }\n}\n',
        'src/pay.ts': 'export async function pay() {\n  await charge(process.env.STRIPE_KEY);\n}\n',
        'db/migrate/20260310_drop_legacy.sql': 'ALTER TABLE orders DROP COLUMN legacy_total;\n',
      },
    });
  });

  it('finds the bump, the new dependency, the env var, the migration and the removed try/catch', async () => {
    const { diff, truncated } = await diffOf(r.dir, sha.risky);
    expect(truncated).toBe(false);
    expect(riskSignals(diff)).toEqual([
      'reads new environment variable STRIPE_KEY in src/pay.ts',
      'adds a migration: db/migrate/20260310_drop_legacy.sql',
      'destructive migration (DROP COLUMN) in db/migrate/20260310_drop_legacy.sql: rolling back will not bring the data back',
      'dependency bump in package.json: express 4.18.2 → 5.0.0',
      'new dependency in package.json: stripe ^14.0.0',
      'removes error handling (try/catch) in src/pay.ts',
    ]);
  });

  it('caps what it reads, ending at a whole line', async () => {
    const { diff, truncated } = await diffOf(r.dir, sha.risky, { maxBytes: 300 });
    expect(truncated).toBe(true);
    expect(diff.length).toBeLessThanOrEqual(300);
    expect(diff.endsWith('\n')).toBe(true);
  });

  it('a merge: the diff against its first parent', async () => {
    const { diff } = await diffOf(repo.dir, sha.merge);
    expect(diff).toContain('+++ b/src/flags.ts');
    expect(diff).not.toContain('logo');
  });

  it('refuses anything that is not a commit id before it reaches git', async () => {
    await expect(diffOf(r.dir, '--output=/tmp/x')).rejects.toMatchObject({ kind: 'bad-revision' });
    await expect(diffOf(r.dir, 'deadbeefdeadbeef')).rejects.toMatchObject({ kind: 'bad-revision' });
  });
});

describe('incident diagnose', () => {
  let out: string[];
  let err: string[];
  const io: Output = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const services = (repoDir: string | null, cwd = root.dir): Services => ({
    stateDir: path.join(root.dir, 'state'),
    now: () => new Date(START.getTime() + 20 * 60_000),
    actor: 'ana@laptop',
    host: 'laptop',
    pid: process.pid,
    cwd,
    repo: repoDir,
  });
  const run = async (repoDir: string | null, opts: Parameters<typeof diagnose>[1]) => {
    out = [];
    err = [];
    return diagnose(services(repoDir), opts, io);
  };

  it('prints the ranked commits as JSON, with reasons and signals', async () => {
    expect(await run(repo.dir, { at: '20 min ago', json: true })).toBe(0);
    const report = JSON.parse(out.join('\n'));
    expect(report).toMatchObject({
      at: START.toISOString(),
      window: { from: new Date(START.getTime() - 48 * 3_600_000).toISOString(), to: START.toISOString(), hours: 48 },
      repo: repo.dir,
      site: null,
      error: null,
      commitsInWindow: 6,
      warnings: [],
    });
    expect(report.commits[0]).toMatchObject({
      sha: sha.culprit,
      subject: 'Lower the DB pool size',
      signals: ['reads new environment variables DATABASE_REPLICA_URL, DB_POOL_SIZE in src/db.ts'],
    });
    expect(report.commits[0].reasons).toContain('1 risk signal in the diff');
  });

  it('--url: the site is probed beside git (an unhealthy site is a finding, not a failure)', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('boom');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await run(repo.dir, { at: '20 min ago', url: `http://127.0.0.1:${port}/health`, json: true })).toBe(0);
      const report = JSON.parse(out.join('\n'));
      expect(report.site).toMatchObject({ status: 500, healthy: false });
      expect(report.commits[0].sha).toBe(sha.culprit);
      expect(await run(repo.dir, { at: '20 min ago', url: `http://127.0.0.1:${port}/health` })).toBe(0);
      expect(out[1]).toMatch(/^Site: unhealthy .*HTTP 500/);
    } finally {
      server.close();
    }
  });

  it('a secret in a commit subject is printed masked, in the report and in JSON', async () => {
    const leaky = initRepo(path.join(root.dir, 'leaky'));
    const token = 'ghp_' + 'abcdefghijklmnopqrstuvwxyz0123456789';
    leaky.commit({ message: `Use ${token} for the registry`, at: before(30), files: { '.npmrc': 'x\n' } });
    expect(await run(leaky.dir, { at: '20 min ago' })).toBe(0);
    expect(out.join('\n')).toContain('Use ghp_**** for the registry');
    expect(await run(leaky.dir, { at: '20 min ago', json: true })).toBe(0);
    expect(JSON.parse(out.join('\n')).commits[0].subject).toBe('Use ghp_**** for the registry');
    expect(out.join('\n')).not.toContain(token);
  });

  it('a readable report without --json', async () => {
    expect(await run(repo.dir, { at: '2026-03-10T12:00:00Z', since: '2h' })).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/Commits in .* from the 2 h before the start: 5/);
    expect(text).toMatch(/ 1\. \[ *\d+\] [0-9a-f]{7,} .*Lower the DB pool size/);
    expect(text).toContain('- 10 min before the start');
    expect(text).toContain('! reads new environment variables');
  });

  it('git failing: the report still prints, with the error, exit 1', async () => {
    const plain = path.join(root.dir, 'plain-2');
    fs.mkdirSync(plain);
    expect(await run(null, { repo: plain, json: true })).toBe(1);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ commits: [], error: `${plain} is not a git repository` });
    expect(await run(null, {})).toBe(1);
    expect(err.join('\n')).toMatch(/is not inside a git repository \(use --repo DIR\)/);
  });

  it('an empty repository is an answer, not a failure', async () => {
    const empty = initRepo(path.join(root.dir, 'empty-2'));
    expect(await run(empty.dir, { json: true })).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ commits: [], error: null, warnings: [`${empty.dir} has no commits yet`] });
  });

  it.each([
    [{ since: 'forever' }, /--since "forever" is not a duration/],
    [{ since: '0h' }, /--since "0h" is not a duration/],
    [{ at: 'whenever' }, /--at: /],
    [{ url: 'ftp://x' }, /--url: /],
    [{ repo: 'no/such/dir' }, /--repo: .* is not a directory/],
    [{ limit: 'ten' }, /--limit "ten"/],
  ])('usage mistakes exit 2: %j', async (opts, message) => {
    const failure = run(repo.dir, opts);
    await expect(failure).rejects.toThrow(message);
    await expect(failure).rejects.toMatchObject({ exitCode: 2 });
  });
});

// The rollback against REAL temporary repositories: each case asserts what is
// in the repository afterwards, not only what the functions returned.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  abortRevert,
  commitRevert,
  findExistingRevert,
  isSafePushArgv,
  preflight,
  push,
  pushPlan,
  revertInProgress,
  startRevert,
} from '../../src/git/rollback.js';
import { git, initRepo, shallowClone, tempRoot, type TestRepo } from '../helpers/git-repo.js';

const INCIDENT = '2026-03-10-checkout-500s';

let root: { dir: string; cleanup: () => void };
let n = 0;
const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };

beforeAll(() => {
  root = tempRoot('incident-rollback-');
  // The code under test runs git with the ambient environment: keep this
  // machine's ~/.gitconfig (signing, hooks paths, aliases) out of it.
  const home = path.join(root.dir, 'home');
  fs.mkdirSync(home);
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = path.join(home, '.config');
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  root.cleanup();
});

function newRepo(): TestRepo {
  return initRepo(path.join(root.dir, `repo-${++n}`));
}

/** A repository with three commits: base, the culprit (changes a.txt, adds c.txt), a later one. */
function culpritRepo(): { repo: TestRepo; base: string; culprit: string; later: string } {
  const repo = newRepo();
  const base = repo.commit({ files: { 'a.txt': 'alpha\n', 'b.txt': 'bravo\n' }, message: 'Base', at: '2026-03-10T10:00:00Z' });
  const culprit = repo.commit({
    files: { 'a.txt': 'alpha 2\n', 'c.txt': 'charlie\n' },
    message: 'Add caching to checkout',
    at: '2026-03-10T12:00:00Z',
  });
  const later = repo.commit({ files: { 'd.txt': 'delta\n' }, message: 'Unrelated later change', at: '2026-03-10T12:30:00Z' });
  return { repo, base, culprit, later };
}

/** Everything that must be byte-identical when the repository is "untouched". */
function snapshot(repo: TestRepo): { head: string; status: string; files: Record<string, string>; gitState: string[] } {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(repo.dir, full)] = fs.readFileSync(full, 'base64');
    }
  };
  walk(repo.dir);
  const gitDir = path.join(repo.dir, '.git');
  const gitState = ['MERGE_HEAD', 'REVERT_HEAD', 'CHERRY_PICK_HEAD', 'REBASE_HEAD', 'rebase-merge', 'sequencer', 'index.lock'].filter((f) =>
    fs.existsSync(path.join(gitDir, f)),
  );
  return { head: repo.head(), status: repo.git(['status', '--porcelain=v1', '--untracked-files=all']), files, gitState };
}

const read = (repo: TestRepo, file: string): string => fs.readFileSync(path.join(repo.dir, file), 'utf8');
const exists = (repo: TestRepo, file: string): boolean => fs.existsSync(path.join(repo.dir, file));

describe('a normal commit', () => {
  it('preflight, revert without committing, commit with the incident id: the files are back', async () => {
    const { repo, culprit, later } = culpritRepo();

    const pre = await preflight(repo.dir, culprit.slice(0, 7), { incidentId: INCIDENT });
    expect(pre.problems).toEqual([]);
    expect(pre.ok).toBe(true);
    expect(pre.commit).toMatchObject({
      sha: culprit,
      subject: 'Add caching to checkout',
      isMerge: false,
      committedAt: '2026-03-10T12:00:00.000Z',
      author: 'Ana Lee <ana@example.com>',
    });
    expect(pre.commit?.parents).toHaveLength(1);
    expect(pre.commit?.files).toEqual([
      { path: 'a.txt', added: 1, deleted: 1 },
      { path: 'c.txt', added: 1, deleted: 0 },
    ]);
    expect(pre.warnings).toEqual([expect.stringMatching(/^1 commit came after it/)]);
    expect(pre.stash).toBeNull();

    const started = await startRevert(repo.dir, culprit);
    expect(started).toMatchObject({ ok: true, files: ['a.txt', 'c.txt'] });
    if (!started.ok) return;
    expect(started.diffstat).toMatch(/a\.txt/);
    expect(started.diffstat).toMatch(/2 files changed/);
    // Staged, not committed.
    expect(repo.head()).toBe(later);
    expect(repo.git(['status', '--porcelain'])).toBe('M  a.txt\nD  c.txt\n');

    const progress = await revertInProgress(repo.dir, culprit);
    expect(progress).toMatchObject({ inProgress: true, sha: culprit, matches: true, conflicted: [] });

    const committed = await commitRevert(repo.dir, { sha: culprit, subject: 'Add caching to checkout', incidentId: INCIDENT });
    expect(committed.ok).toBe(true);
    if (!committed.ok) return;
    expect(committed.revertSha).toBe(repo.head());
    expect(repo.git(['rev-parse', 'HEAD~1']).trim()).toBe(later);

    // The repository afterwards.
    expect(read(repo, 'a.txt')).toBe('alpha\n');
    expect(exists(repo, 'c.txt')).toBe(false);
    expect(read(repo, 'b.txt')).toBe('bravo\n');
    expect(read(repo, 'd.txt')).toBe('delta\n');
    expect(repo.git(['status', '--porcelain'])).toBe('');
    expect(repo.git(['log', '-1', '--format=%B'])).toBe(
      `Revert "Add caching to checkout"\n\nThis reverts commit ${culprit}.\n\nIncident: ${INCIDENT}\n\n`,
    );
    expect(repo.git(['log', '-1', '--format=%an <%ae>'])).toBe('Ana Lee <ana@example.com>\n');
    expect(fs.existsSync(path.join(repo.dir, '.git', 'REVERT_HEAD'))).toBe(false);
    expect(await revertInProgress(repo.dir, culprit)).toEqual({ inProgress: false });

    // Resume: the revert is found, and a second one is refused.
    expect(await findExistingRevert(repo.dir, culprit)).toBe(committed.revertSha);
    expect(await findExistingRevert(repo.dir, culprit.slice(0, 8))).toBe(committed.revertSha);
    const again = await preflight(repo.dir, culprit);
    expect(again.ok).toBe(false);
    expect(again.problems.join('\n')).toMatch(/already reverted by/);
    const head = repo.head();
    expect(await startRevert(repo.dir, culprit)).toMatchObject({
      ok: false,
      conflict: null,
      message: expect.stringMatching(/already reverted/),
    });
    expect(repo.head()).toBe(head);
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it('findExistingRevert: null before, null again once the revert itself is reverted (reapplied)', async () => {
    const { repo, culprit } = culpritRepo();
    expect(await findExistingRevert(repo.dir, culprit)).toBeNull();
    git(repo.dir, ['revert', '--no-edit', culprit], {
      GIT_AUTHOR_DATE: '2026-03-10T13:00:00Z',
      GIT_COMMITTER_DATE: '2026-03-10T13:00:00Z',
    });
    const revert = repo.head();
    expect(await findExistingRevert(repo.dir, culprit)).toBe(revert);
    git(repo.dir, ['revert', '--no-edit', revert], { GIT_AUTHOR_DATE: '2026-03-10T13:05:00Z', GIT_COMMITTER_DATE: '2026-03-10T13:05:00Z' });
    expect(await findExistingRevert(repo.dir, culprit)).toBeNull();
    expect(await findExistingRevert(repo.dir, '--upload-pack=x')).toBeNull();
  });

  it('abortRevert after startRevert: back exactly as before', async () => {
    const { repo, culprit } = culpritRepo();
    const before = snapshot(repo);
    expect((await startRevert(repo.dir, culprit)).ok).toBe(true);
    expect(snapshot(repo)).not.toEqual(before);
    expect(await abortRevert(repo.dir)).toMatchObject({ ok: true });
    expect(snapshot(repo)).toEqual(before);
    expect(await abortRevert(repo.dir)).toEqual({ ok: false, message: 'No revert is in progress.' });
    expect(await revertInProgress(repo.dir)).toEqual({ inProgress: false });
  });

  it('resume: a staged revert whose REVERT_HEAD is gone is still recognised, and can be committed', async () => {
    const { repo, culprit } = culpritRepo();
    expect((await startRevert(repo.dir, culprit)).ok).toBe(true);
    fs.rmSync(path.join(repo.dir, '.git', 'REVERT_HEAD'));
    expect(await revertInProgress(repo.dir)).toEqual({ inProgress: false }); // without the sha, nothing says whose
    const progress = await revertInProgress(repo.dir, culprit);
    expect(progress).toMatchObject({
      inProgress: true,
      sha: culprit,
      matches: true,
      files: ['a.txt', 'c.txt'],
      message: expect.stringMatching(/staged but not committed/),
    });
    const committed = await commitRevert(repo.dir, { sha: culprit, subject: 'Add caching to checkout', incidentId: INCIDENT });
    expect(committed.ok).toBe(true);
    expect(read(repo, 'a.txt')).toBe('alpha\n');
  });

  it('a commit whose changes were already undone by hand: nothing to revert, nothing changed', async () => {
    const { repo, culprit } = culpritRepo();
    repo.commit({ files: { 'a.txt': 'alpha\n', 'c.txt': null }, message: 'Undo the caching by hand', at: '2026-03-10T13:00:00Z' });
    const before = snapshot(repo);
    expect(await startRevert(repo.dir, culprit)).toMatchObject({
      ok: false,
      conflict: null,
      message: expect.stringMatching(/changes nothing.*Nothing was changed/),
    });
    expect(snapshot(repo)).toEqual(before);
  });

  it('commitRevert refuses when nothing (or something else) is staged', async () => {
    const { repo, culprit, base } = culpritRepo();
    expect(await commitRevert(repo.dir, { sha: culprit, subject: 'x', incidentId: INCIDENT })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/No revert of .* is staged/),
    });
    // Staged changes that are not the revert.
    fs.writeFileSync(path.join(repo.dir, 'b.txt'), 'changed\n');
    repo.git(['add', 'b.txt']);
    const head = repo.head();
    expect(await commitRevert(repo.dir, { sha: culprit, subject: 'x', incidentId: INCIDENT })).toMatchObject({ ok: false });
    expect(repo.head()).toBe(head);
    expect(await commitRevert(repo.dir, { sha: base.slice(0, 3), subject: 'x', incidentId: INCIDENT })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not a commit id/),
    });
  });

  it('the first commit of the history is refused (reverting it deletes everything)', async () => {
    const { repo, base } = culpritRepo();
    const pre = await preflight(repo.dir, base);
    expect(pre.ok).toBe(false);
    expect(pre.problems.join('\n')).toMatch(/first commit/);
  });

  it('a commit that is not on HEAD’s history is refused', async () => {
    const { repo } = culpritRepo();
    repo.git(['switch', '-q', '-c', 'other']);
    const elsewhere = repo.commit({ files: { 'e.txt': 'echo\n' }, message: 'Elsewhere', at: '2026-03-10T13:00:00Z' });
    repo.git(['switch', '-q', 'main']);
    const pre = await preflight(repo.dir, elsewhere);
    expect(pre.problems).toEqual([expect.stringMatching(/not in the history of main/)]);
  });
});

describe('a merge commit', () => {
  it('needs -m 1, then reverts everything the branch brought in', async () => {
    const repo = newRepo();
    repo.commit({ files: { 'app.txt': 'app v1\n' }, message: 'Base', at: '2026-03-10T09:00:00Z' });
    repo.git(['switch', '-q', '-c', 'feature']);
    repo.commit({ files: { 'feature.txt': 'feature\n' }, message: 'Feature part 1', at: '2026-03-10T09:30:00Z' });
    repo.commit({ files: { 'app.txt': 'app v1 + feature\n' }, message: 'Feature part 2', at: '2026-03-10T09:40:00Z' });
    repo.git(['switch', '-q', 'main']);
    repo.commit({ files: { 'main.txt': 'main only\n' }, message: 'Main work', at: '2026-03-10T09:50:00Z' });
    const merge = repo.merge('feature', '2026-03-10T10:00:00Z');

    const pre = await preflight(repo.dir, merge);
    expect(pre.ok).toBe(true);
    expect(pre.commit?.isMerge).toBe(true);
    expect(pre.commit?.parents).toHaveLength(2);
    expect(pre.commit?.files.map((f) => f.path)).toEqual(['app.txt', 'feature.txt']);
    expect(pre.warnings.join('\n')).toMatch(/merge commit.*-m 1/);

    const before = snapshot(repo);
    expect(await startRevert(repo.dir, merge)).toMatchObject({
      ok: false,
      conflict: null,
      message: expect.stringMatching(/merge commit.*git revert -m 1/),
    });
    expect(snapshot(repo)).toEqual(before);

    const started = await startRevert(repo.dir, merge, { mainline: 1 });
    expect(started).toMatchObject({ ok: true, files: ['app.txt', 'feature.txt'] });
    const committed = await commitRevert(repo.dir, { sha: merge, subject: "Merge branch 'feature'", incidentId: INCIDENT });
    expect(committed.ok).toBe(true);
    expect(read(repo, 'app.txt')).toBe('app v1\n');
    expect(exists(repo, 'feature.txt')).toBe(false);
    expect(read(repo, 'main.txt')).toBe('main only\n');
    expect(repo.git(['log', '-1', '--format=%s'])).toBe(`Revert "Merge branch 'feature'"\n`);
  });

  it('-m 1 on a normal commit is refused', async () => {
    const { repo, culprit } = culpritRepo();
    expect(await startRevert(repo.dir, culprit, { mainline: 1 })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not a merge commit/),
    });
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });
});

describe('a conflict', () => {
  it('is aborted, the files are listed, and the repository is byte-identical', async () => {
    const repo = newRepo();
    repo.commit({ files: { 'f.txt': 'one\n', 'g.txt': 'golf\n' }, message: 'Base', at: '2026-03-10T09:00:00Z' });
    const culprit = repo.commit({
      files: { 'f.txt': 'two\n', 'g.txt': 'golf 2\n', 'h.txt': 'hotel\n' },
      message: 'Culprit',
      at: '2026-03-10T10:00:00Z',
    });
    repo.commit({ files: { 'f.txt': 'three\n', 'g.txt': 'golf 3\n' }, message: 'Builds on it', at: '2026-03-10T11:00:00Z' });
    // An ignored file must survive too.
    fs.writeFileSync(path.join(repo.dir, '.git', 'info', 'exclude'), 'local.log\n');
    fs.writeFileSync(path.join(repo.dir, 'local.log'), 'keep me\n');

    const before = snapshot(repo);
    const result = await startRevert(repo.dir, culprit);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.conflict).toEqual(['f.txt', 'g.txt']);
    expect(result.message).toMatch(/conflicts with later changes in 2 files \(f\.txt, g\.txt\)\. Nothing was changed/);
    expect(snapshot(repo)).toEqual(before);
    expect(read(repo, 'local.log')).toBe('keep me\n');
    expect(await revertInProgress(repo.dir, culprit)).toEqual({ inProgress: false });
  });
});

describe('refused before anything changes', () => {
  it('a dirty tree: the files are listed with the exact stash command', async () => {
    const { repo, culprit } = culpritRepo();
    fs.writeFileSync(path.join(repo.dir, 'b.txt'), 'local edit\n');
    fs.writeFileSync(path.join(repo.dir, 'notes.txt'), 'untracked\n');
    const before = snapshot(repo);

    const pre = await preflight(repo.dir, culprit, { incidentId: INCIDENT });
    expect(pre.ok).toBe(false);
    expect(pre.dirtyFiles.sort()).toEqual(['b.txt', 'notes.txt']);
    expect(pre.stash).toBe(`git stash push -u -m "incident ${INCIDENT}: before rollback"`);
    expect(pre.stashArgv).toEqual(['git', 'stash', 'push', '-u', '-m', `incident ${INCIDENT}: before rollback`]);
    expect(pre.problems).toEqual([expect.stringContaining(`uncommitted changes (2 files: `)]);
    expect(pre.problems[0]).toContain(pre.stash);
    expect(pre.commit?.sha).toBe(culprit); // still identified, for the screen

    expect(await startRevert(repo.dir, culprit)).toMatchObject({ ok: false, message: expect.stringMatching(/uncommitted changes/) });
    expect(snapshot(repo)).toEqual(before);

    // The stash command as given makes the tree clean, and then the rollback can go ahead.
    const [, ...args] = pre.stashArgv ?? [];
    repo.git(args);
    expect((await preflight(repo.dir, culprit)).ok).toBe(true);
  });

  it('a shallow clone (where `git revert HEAD` deleted every file)', async () => {
    const { repo } = culpritRepo();
    const clone = shallowClone(repo.dir, path.join(root.dir, `shallow-${++n}`));
    const cloneRepo: TestRepo = {
      ...repo,
      dir: clone,
      git: (args, extra) => git(clone, args, extra),
      head: () => git(clone, ['rev-parse', 'HEAD']).trim(),
    };
    const head = cloneRepo.head();
    const before = snapshot(cloneRepo);
    expect(Object.keys(before.files).sort()).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt']);

    const pre = await preflight(clone, head);
    expect(pre.ok).toBe(false);
    expect(pre.problems.join('\n')).toMatch(/shallow clone.*git fetch --unshallow/);
    expect(await startRevert(clone, head)).toMatchObject({ ok: false, message: expect.stringMatching(/shallow/) });
    expect(snapshot(cloneRepo)).toEqual(before);
  });

  it('.git/index.lock present', async () => {
    const { repo, culprit } = culpritRepo();
    const lock = path.join(repo.dir, '.git', 'index.lock');
    fs.writeFileSync(lock, '');
    const before = snapshot(repo);
    const pre = await preflight(repo.dir, culprit);
    expect(pre.ok).toBe(false);
    expect(pre.problems).toEqual([expect.stringMatching(/index\.lock exists: another git command is running, or one crashed/)]);
    expect(await startRevert(repo.dir, culprit)).toMatchObject({ ok: false });
    expect(snapshot(repo)).toEqual(before);
    fs.rmSync(lock);
  });

  it('a rebase in progress (and the path is found from a subdirectory)', async () => {
    const repo = newRepo();
    repo.commit({ files: { 'f.txt': 'one\n', 'sub/x.txt': 'x\n' }, message: 'Base', at: '2026-03-10T09:00:00Z' });
    repo.git(['switch', '-q', '-c', 'topic']);
    repo.commit({ files: { 'f.txt': 'topic\n' }, message: 'Topic', at: '2026-03-10T09:30:00Z' });
    repo.git(['switch', '-q', 'main']);
    const culprit = repo.commit({ files: { 'f.txt': 'main\n' }, message: 'Main', at: '2026-03-10T09:40:00Z' });
    repo.git(['switch', '-q', 'topic']);
    expect(() => repo.git(['rebase', 'main'])).toThrow();
    expect(fs.existsSync(path.join(repo.dir, '.git', 'rebase-merge'))).toBe(true);
    const before = snapshot(repo);

    const pre = await preflight(path.join(repo.dir, 'sub'), culprit);
    expect(pre.ok).toBe(false);
    expect(pre.problems.join('\n')).toMatch(/A rebase \(or git am\) is in progress.*git rebase --abort/);
    expect(pre.problems.join('\n')).not.toMatch(/detached/);
    expect(await startRevert(repo.dir, culprit)).toMatchObject({ ok: false });
    expect(snapshot(repo)).toEqual(before);
    repo.git(['rebase', '--abort']);
  });

  it('a merge in progress, and a detached HEAD', async () => {
    const { repo, culprit } = culpritRepo();
    fs.writeFileSync(path.join(repo.dir, '.git', 'MERGE_HEAD'), `${culprit}\n`);
    expect((await preflight(repo.dir, culprit)).problems).toEqual([expect.stringMatching(/A merge is in progress/)]);
    fs.rmSync(path.join(repo.dir, '.git', 'MERGE_HEAD'));
    repo.git(['switch', '-q', '--detach', 'HEAD']);
    expect((await preflight(repo.dir, culprit)).problems).toEqual([expect.stringMatching(/HEAD is detached/)]);
  });

  describe('an id that is not hex never reaches git', () => {
    let shared: ReturnType<typeof culpritRepo>;
    beforeAll(() => {
      shared = culpritRepo();
    });

    it.each([
      '--upload-pack=touch MARKER',
      'HEAD~1',
      'HEAD',
      'main',
      'zzz',
      'abc',
      '',
      '-n',
      'deadbeef..HEAD',
      'deadbeef\n--exec=touch MARKER',
    ])('%j', async (raw) => {
      const { repo } = shared;
      const marker = path.join(root.dir, `pwned-${++n}`);
      const id = raw.replace('MARKER', marker);
      const before = snapshot(repo);

      const pre = await preflight(repo.dir, id);
      expect(pre).toMatchObject({
        ok: false,
        commit: null,
        problems: [expect.stringMatching(/is not a commit id: expected 4–40 hexadecimal characters/)],
      });
      // Refused before any git runs: the same answer for a directory that does not exist.
      expect((await preflight(path.join(root.dir, 'no-such-dir'), id)).problems).toEqual(pre.problems);
      expect(await startRevert(repo.dir, id)).toMatchObject({
        ok: false,
        conflict: null,
        message: expect.stringMatching(/not a commit id/),
      });
      expect(await commitRevert(repo.dir, { sha: id, subject: 's', incidentId: INCIDENT })).toMatchObject({ ok: false });
      expect(await findExistingRevert(repo.dir, id)).toBeNull();
      expect(fs.existsSync(marker)).toBe(false);
      expect(snapshot(repo)).toEqual(before);
    });
  });

  it('hex that is not a commit: unknown, a blob, ambiguous', async () => {
    const { repo } = culpritRepo();
    expect((await preflight(repo.dir, 'deadbeefdeadbeef')).problems).toEqual(['deadbeefdeadbeef is not a commit in this repository.']);
    const blob = repo.git(['rev-parse', 'HEAD:a.txt']).trim();
    expect((await preflight(repo.dir, blob)).problems).toEqual([`${blob} is not a commit in this repository.`]);
    expect(await startRevert(repo.dir, blob)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not a commit in this repository/),
    });
  });

  it('not a repository, no commits yet, git missing', async () => {
    const plain = path.join(root.dir, `plain-${++n}`);
    fs.mkdirSync(plain);
    expect((await preflight(plain, 'abcdef1')).problems).toEqual([expect.stringMatching(/not a git repository|not a git working tree/)]);

    const empty = newRepo();
    expect((await preflight(empty.dir, 'abcdef1')).problems).toEqual(['The repository has no commits yet: there is nothing to revert.']);
    expect(await findExistingRevert(empty.dir, 'abcdef1')).toBeNull();
    expect(await revertInProgress(empty.dir)).toEqual({ inProgress: false });

    const { repo, culprit } = culpritRepo();
    const savedPath = process.env.PATH;
    process.env.PATH = path.join(root.dir, 'no-bin');
    try {
      expect((await preflight(repo.dir, culprit)).problems).toEqual([expect.stringMatching(/git is not installed or not on PATH/)]);
    } finally {
      process.env.PATH = savedPath;
    }
  });
});

describe('push', () => {
  function withRemote(): { repo: TestRepo; culprit: string; remote: string } {
    const { repo, culprit } = culpritRepo();
    const remote = path.join(root.dir, `remote-${++n}.git`);
    git(root.dir, ['init', '-q', '--bare', '-b', 'main', remote]);
    repo.git(['remote', 'add', 'origin', remote]);
    repo.git(['push', '-q', '-u', 'origin', 'main']);
    return { repo, culprit, remote };
  }

  it('plans `git push origin main` (no force) and the remote gets the revert', async () => {
    const { repo, culprit, remote } = withRemote();
    expect((await startRevert(repo.dir, culprit)).ok).toBe(true);
    const committed = await commitRevert(repo.dir, { sha: culprit, subject: 'Add caching to checkout', incidentId: INCIDENT });
    if (!committed.ok) throw new Error(committed.message);

    const plan = await pushPlan(repo.dir);
    expect(plan).toEqual({
      ok: true,
      remote: 'origin',
      branch: 'main',
      target: 'main',
      upstream: 'origin/main',
      url: remote,
      ahead: 1,
      command: ['git', 'push', 'origin', 'main'],
    });
    if (!plan.ok) return;
    for (const arg of plan.command) {
      expect(arg).not.toMatch(/^-|^\+|force|mirror/);
    }
    expect(await push(repo.dir, plan)).toEqual({ ok: true, message: 'Pushed main to origin/main.' });
    expect(git(remote, ['rev-parse', 'main']).trim()).toBe(committed.revertSha);
  });

  it('a remote that moved on: rejected, reported, never forced', async () => {
    const { repo, culprit, remote } = withRemote();
    const other = path.join(root.dir, `other-${++n}`);
    git(root.dir, ['clone', '-q', remote, other]);
    fs.writeFileSync(path.join(other, 'z.txt'), 'someone else\n');
    git(other, ['add', 'z.txt']);
    git(other, ['-c', 'user.name=Bo', '-c', 'user.email=bo@example.com', 'commit', '-q', '-m', 'Someone else'], {
      GIT_AUTHOR_DATE: '2026-03-10T13:00:00Z',
      GIT_COMMITTER_DATE: '2026-03-10T13:00:00Z',
    });
    git(other, ['push', '-q', 'origin', 'main']);
    const theirs = git(remote, ['rev-parse', 'main']).trim();

    expect((await startRevert(repo.dir, culprit)).ok).toBe(true);
    expect((await commitRevert(repo.dir, { sha: culprit, subject: 'Add caching to checkout', incidentId: INCIDENT })).ok).toBe(true);
    const plan = await pushPlan(repo.dir);
    if (!plan.ok) throw new Error(plan.message);
    const result = await push(repo.dir, plan);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(
      /origin\/main has commits this branch does not: pull them \(git pull --rebase origin main\).*Never force/,
    );
    expect(git(remote, ['rev-parse', 'main']).trim()).toBe(theirs);
  });

  it('no remote, a detached HEAD, a mirror remote: no plan', async () => {
    const { repo } = culpritRepo();
    expect(await pushPlan(repo.dir)).toEqual({ ok: false, message: 'The repository has no remote to push to.' });
    const remote = path.join(root.dir, `remote-${++n}.git`);
    git(root.dir, ['init', '-q', '--bare', '-b', 'main', remote]);
    repo.git(['remote', 'add', '--mirror=push', 'backup', remote]);
    expect(await pushPlan(repo.dir)).toMatchObject({ ok: false, message: expect.stringMatching(/mirror/) });
    repo.git(['switch', '-q', '--detach', 'HEAD']);
    expect(await pushPlan(repo.dir)).toMatchObject({ ok: false, message: expect.stringMatching(/detached/) });
  });

  it('a plan that was tampered with is refused before git runs', async () => {
    const { repo, remote } = withRemote();
    const plan = await pushPlan(repo.dir);
    if (!plan.ok) throw new Error(plan.message);
    const before = git(remote, ['rev-parse', 'main']).trim();
    for (const command of [
      ['git', 'push', '--force', 'origin', 'main'],
      ['git', 'push', 'origin', '+main'],
      ['git', 'push', '-f', 'origin'],
      ['git', 'push', 'origin', ':main'],
      ['git', 'push', 'origin', 'main:+main'],
      ['git', 'push', '--receive-pack=touch x', 'origin'],
      ['git', 'fetch', 'origin', 'main'],
    ]) {
      expect(isSafePushArgv(command)).toBe(false);
      expect(await push(repo.dir, { ...plan, command })).toMatchObject({ ok: false, message: expect.stringMatching(/^Refused/) });
    }
    expect(git(remote, ['rev-parse', 'main']).trim()).toBe(before);
    expect(isSafePushArgv(['git', 'push', 'origin', 'main'])).toBe(true);
    expect(isSafePushArgv(['git', 'push', 'origin', 'hotfix:refs/heads/release'])).toBe(true);
  });
});

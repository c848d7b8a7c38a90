// The rollback: `git revert` of one commit, made safe. Every step checks the
// repository first and leaves it as it was when something is off:
//
// - A commit id is checked to be 4–40 hex characters before git sees it, then
//   resolved to the full id of a commit; only the full id is passed on.
// - Preflight refuses a shallow clone (there `git revert HEAD` "succeeded" and
//   deleted every file), a dirty tree (with the exact stash command), a merge,
//   rebase, revert, cherry-pick or bisect in progress, `index.lock`, a
//   detached HEAD, a root commit, a commit not on HEAD's history, a commit
//   already reverted. A merge commit is reverted against its first parent.
// - `git revert --no-commit`, then the caller shows the diffstat and asks; only
//   then `commitRevert`. A conflict aborts and lists the files. The staged
//   revert may only touch the files the commit touched, or it is aborted.
// - On resume, `findExistingRevert` and `revertInProgress` tell whether the
//   revert was already made or is staged, so it is never done twice.
// - Push: argv only, never a force flag or a `+refspec`.
//
// No function throws for an expected git condition (not a repository, git
// missing or hanging, a conflict…): each returns a typed result with a
// one-line `message`, and the command to run by hand where that helps.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isCommitId, revertMessage, type RollbackFile } from '../domain/rollback-checks.js';
import { maskUrl } from '../domain/secrets.js';
import { GitClientError, gitClient, type GitFailureKind } from './git-client.js';

// ---------------------------------------------------------------------------
// Running git: through git-client.ts (deadline, no prompts, no pager, no
// optional locks, guarded environment), with failures returned, not thrown.

/** Read-only commands. */
const READ_TIMEOUT_MS = 15_000;
/** Commands that change the work tree (revert, abort, commit with its hooks). */
const WRITE_TIMEOUT_MS = 120_000;
/** Push: network, hooks. */
const PUSH_TIMEOUT_MS = 90_000;

type GitRun =
  | { ok: true; out: string }
  /** `message`: one line to show; `text`: git's own words (its first lines), for recognising the failure. */
  | { ok: false; kind: GitFailureKind; message: string; text: string };

async function git(repo: string, args: string[], timeoutMs = READ_TIMEOUT_MS): Promise<GitRun> {
  try {
    return { ok: true, out: await gitClient(repo, { timeoutMs }).raw(args) };
  } catch (e) {
    if (e instanceof GitClientError) {
      const ownWords = (e.kind === 'failed' || e.kind === 'bad-revision') && e.detail ? firstLine(e.detail) : '';
      return { ok: false, kind: e.kind, message: ownWords || e.message, text: `${e.message}\n${e.detail ?? ''}` };
    }
    const text = e instanceof Error ? e.message : String(e);
    return { ok: false, kind: 'failed', message: firstLine(text), text };
  }
}

/** git's first meaningful line, without the "fatal:"/"error:" prefix. */
function firstLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('hint:'));
  const line = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? '';
  return line.replace(/^(fatal|error):\s*/, '');
}

/** A failure that is about git or the directory, not about this repository's state: shown as git-client words it. */
const isEnvironmentFailure = (r: Extract<GitRun, { ok: false }>): boolean =>
  r.kind === 'git-not-found' || r.kind === 'timed-out' || r.kind === 'aborted' || r.kind === 'no-such-directory';

/** Splits NUL-separated output (`-z`), dropping the empty tail. */
function nulList(out: string): string[] {
  return out.split('\0').filter((s) => s !== '');
}

const short = (sha: string): string => sha.slice(0, 7);

/** `"…"`, for showing untrusted input in a message: quoted, one line, bounded. */
function shown(s: string): string {
  const clean = s.replace(/[\u0000-\u001F\u007F-\u009F]/g, '?');
  return JSON.stringify(clean.length > 60 ? `${clean.slice(0, 57)}...` : clean);
}

// ---------------------------------------------------------------------------
// Facts about the repository

type Resolved = { ok: true; sha: string } | { ok: false; message: string };

/** A typed id → the full id of a commit in this repository, or why not. */
async function resolveCommit(repo: string, sha: string): Promise<Resolved> {
  if (!isCommitId(sha)) {
    return { ok: false, message: `${shown(sha)} is not a commit id: expected 4–40 hexadecimal characters (e.g. 3f2a9c1).` };
  }
  const id = sha.toLowerCase();
  const r = await git(repo, ['rev-parse', '--verify', '--end-of-options', `${id}^{commit}`]);
  if (r.ok) return { ok: true, sha: r.out.trim() };
  if (isEnvironmentFailure(r) || r.kind === 'not-a-repository') return { ok: false, message: r.message };
  if (/ambiguous/i.test(r.message)) return { ok: false, message: `${id} is ambiguous in this repository: type more of the commit id.` };
  if (/not a git repository/i.test(r.message)) return { ok: false, message: `${repo} is not a git repository.` };
  return { ok: false, message: `${id} is not a commit in this repository.` };
}

const STATE_FILES = [
  'MERGE_HEAD',
  'REBASE_HEAD',
  'rebase-merge',
  'rebase-apply',
  'REVERT_HEAD',
  'CHERRY_PICK_HEAD',
  'sequencer',
  'BISECT_LOG',
  'index.lock',
] as const;
type StateFile = (typeof STATE_FILES)[number];

type Probe = { ok: true; shallow: boolean; present: Map<StateFile, string> } | { ok: false; message: string };

/**
 * A work tree? A shallow clone? Which operation-in-progress markers exist?
 * One `rev-parse` (marker paths via `--git-path`, so worktrees and
 * subdirectories work; the `shallow` file too, for a git that lacks
 * `--is-shallow-repository`).
 */
async function repoProbe(repo: string): Promise<Probe> {
  const names = [...STATE_FILES, 'shallow'];
  const r = await git(repo, ['rev-parse', '--is-inside-work-tree', '--is-shallow-repository', ...names.flatMap((f) => ['--git-path', f])]);
  if (!r.ok) {
    return {
      ok: false,
      message: isEnvironmentFailure(r) || r.kind === 'not-a-repository' ? r.message : `${repo} is not a git working tree (${r.message}).`,
    };
  }
  const [inside, shallow, ...paths] = r.out.split('\n');
  if (inside !== 'true') return { ok: false, message: `${repo} is not a git working tree.` };
  const exists = (i: number): string | null => {
    const p = paths[i];
    if (p === undefined || p === '') return null;
    const abs = path.resolve(repo, p);
    return existsSync(abs) ? abs : null;
  };
  const present = new Map<StateFile, string>();
  STATE_FILES.forEach((name, i) => {
    const abs = exists(i);
    if (abs !== null) present.set(name, abs);
  });
  return { ok: true, shallow: shallow === 'true' || exists(STATE_FILES.length) !== null, present };
}

function operationProblems(present: Map<StateFile, string>): string[] {
  const problems: string[] = [];
  if (present.has('MERGE_HEAD')) problems.push('A merge is in progress: finish it (git commit) or abort it (git merge --abort) first.');
  if (present.has('rebase-merge') || present.has('rebase-apply') || present.has('REBASE_HEAD')) {
    problems.push('A rebase (or git am) is in progress: finish it (git rebase --continue) or abort it (git rebase --abort) first.');
  }
  if (present.has('REVERT_HEAD') || (present.has('sequencer') && !present.has('CHERRY_PICK_HEAD'))) {
    problems.push('A revert is in progress: commit it (git commit) or abort it (git revert --abort) first.');
  }
  if (present.has('CHERRY_PICK_HEAD'))
    problems.push('A cherry-pick is in progress: finish it (git cherry-pick --continue) or abort it (git cherry-pick --abort) first.');
  if (present.has('BISECT_LOG')) problems.push('A bisect is in progress (HEAD is not the branch tip): end it with git bisect reset first.');
  const lock = present.get('index.lock');
  if (lock !== undefined) {
    problems.push(`${lock} exists: another git command is running, or one crashed. If none is running, delete that file and try again.`);
  }
  return problems;
}

interface StatusEntry {
  code: string;
  path: string;
}

/** `git status --porcelain`, without taking optional locks (so it never rewrites the index). */
async function status(repo: string): Promise<{ ok: true; entries: StatusEntry[] } | { ok: false; message: string }> {
  const r = await git(repo, ['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=normal']);
  if (!r.ok) return r;
  const tokens = nulList(r.out);
  const entries: StatusEntry[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    const code = t.slice(0, 2);
    entries.push({ code, path: t.slice(3) });
    if (code[0] === 'R' || code[0] === 'C') i++; // the original path follows
  }
  return { ok: true, entries };
}

/** An untracked post-mortem this tool wrote: the next incident's rollback must not be blocked by it. */
function isOwnPostmortem(e: StatusEntry): boolean {
  return e.code === '??' && /^docs\/incidents\/[^/]+\.md$|^docs\/incidents\/$|^docs\/$/.test(e.path);
}

/** Files staged in the index (HEAD → index), by name. */
async function stagedNames(repo: string): Promise<string[] | null> {
  const r = await git(repo, ['diff', '--cached', '--name-only', '-z', '--no-renames', '--no-ext-diff']);
  return r.ok ? nulList(r.out) : null;
}

async function unmergedNames(repo: string): Promise<string[]> {
  const r = await git(repo, ['diff', '--name-only', '-z', '--diff-filter=U', '--no-ext-diff']);
  return r.ok ? [...new Set(nulList(r.out))] : [];
}

/** `added\tdeleted\tpath` records of `--numstat -z --no-renames` (binary files count 0). */
function parseNumstat(out: string): RollbackFile[] {
  return nulList(out).map((rec) => {
    const [added = '0', deleted = '0', ...rest] = rec.split('\t');
    return { path: rest.join('\t'), added: Number(added) || 0, deleted: Number(deleted) || 0 };
  });
}

export interface RevertTarget {
  /** Full id. */
  sha: string;
  subject: string;
  isMerge: boolean;
  /** Full ids of the parents (the first is the mainline of a merge). */
  parents: string[];
  /** What the commit changed against its first parent: what the revert will change back. */
  files: RollbackFile[];
  /** Committer date (ISO), for the "started before" caution. */
  committedAt: string;
  /** "Name <email>". */
  author: string;
}

async function commitInfo(repo: string, sha: string): Promise<{ ok: true; commit: RevertTarget } | { ok: false; message: string }> {
  const numstat = ['diff-tree', '-r', '-z', '--numstat', '--no-renames', '--no-commit-id', '--no-ext-diff'];
  // The header and the changes against the first parent, at once; a root commit has no `^1` and is asked again with --root.
  const [r, firstParentDiff] = await Promise.all([
    git(repo, ['log', '-1', '--no-show-signature', '--format=%H%x00%P%x00%cI%x00%an <%ae>%x00%s', '--end-of-options', sha]),
    git(repo, [...numstat, '--end-of-options', `${sha}^1`, sha]),
  ]);
  if (!r.ok) return { ok: false, message: r.message };
  const [full = sha, parentText = '', committed = '', author = '', subject = ''] = r.out.replace(/\n$/, '').split('\0');
  const parents = parentText.split(' ').filter((p) => p !== '');
  const diff = parents.length > 0 ? firstParentDiff : await git(repo, [...numstat, '--root', '--end-of-options', full]);
  if (!diff.ok) return { ok: false, message: diff.message };
  const time = Date.parse(committed);
  const committedAt = Number.isNaN(time) ? committed : new Date(time).toISOString();
  return {
    ok: true,
    commit: { sha: full, subject, isMerge: parents.length > 1, parents, files: parseNumstat(diff.out), committedAt, author },
  };
}

async function currentBranch(repo: string): Promise<string | null> {
  // `-q`: a detached HEAD exits 1 with no message, which reads as empty output.
  const r = await git(repo, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  const name = r.ok ? r.out.trim() : '';
  return name === '' ? null : name;
}

async function headSha(repo: string): Promise<string | null> {
  const r = await git(repo, ['rev-parse', '--verify', '--end-of-options', 'HEAD^{commit}']);
  return r.ok ? r.out.trim() : null;
}

/** A shell-safe incident id for the stash message (ids are slugs; anything else is dropped). */
function safeId(incidentId: string | undefined): string {
  return (incidentId ?? '').replace(/[^A-Za-z0-9._-]/g, '').slice(0, 80);
}

/** The stash that makes a dirty tree clean, keeping everything (untracked files too). */
export function stashArgv(incidentId?: string): string[] {
  const id = safeId(incidentId);
  return ['git', 'stash', 'push', '-u', '-m', `incident${id ? ` ${id}` : ''}: before rollback`];
}

/** `git stash push -u -m "incident <id>: before rollback"`, as it would be typed. */
export function stashCommand(incidentId?: string): string {
  const argv = stashArgv(incidentId);
  const message = argv[argv.length - 1] ?? '';
  return `${argv.slice(0, -1).join(' ')} "${message}"`;
}

// ---------------------------------------------------------------------------
// Preflight

export interface PreflightResult {
  /** No problems: the revert may start. */
  ok: boolean;
  /** Each blocks the rollback; one line each, with what to do. */
  problems: string[];
  /** Worth saying before the confirmation; none blocks. */
  warnings: string[];
  commit: RevertTarget | null;
  /** The exact stash command when the tree is dirty. */
  stash: string | null;
  /** The same as argv, for a caller that offers to run it. */
  stashArgv: string[] | null;
  /** Uncommitted files when the tree is dirty. */
  dirtyFiles: string[];
}

function listFew(items: readonly string[], max = 5): string {
  return items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', ');
}

/**
 * Everything that must hold before `git revert --no-commit <sha>` runs. Runs
 * only read-only git commands (status without optional locks). `ok` is true
 * when `problems` is empty.
 */
export async function preflight(repo: string, sha: string, opts: { incidentId?: string } = {}): Promise<PreflightResult> {
  const result: PreflightResult = { ok: false, problems: [], warnings: [], commit: null, stash: null, stashArgv: null, dirtyFiles: [] };
  const done = (): PreflightResult => ({ ...result, ok: result.problems.length === 0 });

  // The id first: nothing that is not hex reaches git.
  if (!isCommitId(sha)) {
    result.problems.push(`${shown(sha)} is not a commit id: expected 4–40 hexadecimal characters (e.g. 3f2a9c1).`);
    return done();
  }

  // One rev-parse answers "a work tree?", "shallow?" and where the operation markers live.
  const probe = await repoProbe(repo);
  if (!probe.ok) {
    result.problems.push(probe.message);
    return done();
  }
  const [head, st, branch, resolved] = await Promise.all([headSha(repo), status(repo), currentBranch(repo), resolveCommit(repo, sha)]);
  if (head === null) {
    result.problems.push('The repository has no commits yet: there is nothing to revert.');
    return done();
  }

  if (probe.shallow) {
    result.problems.push(
      'This is a shallow clone: a revert here can delete every file. Fetch the full history first: git fetch --unshallow',
    );
  }
  result.problems.push(...operationProblems(probe.present));

  if (!st.ok) {
    result.problems.push(`Could not read the working tree's status: ${st.message}`);
  } else if (st.entries.some((e) => !isOwnPostmortem(e))) {
    result.dirtyFiles = st.entries.filter((e) => !isOwnPostmortem(e)).map((e) => e.path);
    result.stash = stashCommand(opts.incidentId);
    result.stashArgv = stashArgv(opts.incidentId);
    const n = result.dirtyFiles.length;
    result.problems.push(
      `The working tree has uncommitted changes (${n} file${n === 1 ? '' : 's'}: ${listFew(result.dirtyFiles)}): stash them first: ${result.stash}`,
    );
  }

  // A rebase or bisect detaches HEAD; those are reported above.
  const detachedByOperation = ['rebase-merge', 'rebase-apply', 'BISECT_LOG'].some((f) => probe.present.has(f as StateFile));
  if (branch === null && !detachedByOperation) {
    result.problems.push('HEAD is detached (no branch is checked out): check out the deployed branch first, e.g. git switch main');
  }

  if (!resolved.ok) {
    result.problems.push(resolved.message);
    return done();
  }
  const [info, base, later, existing] = await Promise.all([
    commitInfo(repo, resolved.sha),
    git(repo, ['merge-base', '--end-of-options', resolved.sha, head]),
    git(repo, ['rev-list', '--count', '--end-of-options', `${resolved.sha}..${head}`]),
    findExistingRevert(repo, resolved.sha),
  ]);
  if (!info.ok) {
    result.problems.push(info.message);
    return done();
  }
  const commit = info.commit;
  result.commit = commit;
  const name = `${short(commit.sha)} ("${commit.subject}")`;

  if (commit.parents.length === 0) {
    result.problems.push(`${name} is the first commit of the history: reverting it would delete every file it added.`);
  }
  if (commit.isMerge) {
    result.warnings.push(
      `${name} is a merge commit: it will be reverted against its first parent (-m 1), undoing everything the merged branch brought in. Merging that branch again later will not bring those changes back unless this revert is reverted first.`,
    );
  }
  if (commit.files.length === 0 && commit.parents.length > 0) {
    result.problems.push(`${name} changes no files: there is nothing to revert.`);
  }

  if (!base.ok || base.out.trim() !== commit.sha) {
    result.problems.push(`${name} is not in the history of ${branch ?? 'HEAD'}: it was never part of what is checked out here.`);
    return done();
  }
  const count = later.ok ? Number(later.out.trim()) : 0;
  if (count > 0) {
    result.warnings.push(
      `${count} commit${count === 1 ? '' : 's'} came after it: the revert may conflict with ${count === 1 ? 'it' : 'them'}, or break code that relies on it.`,
    );
  }
  if (existing !== null) {
    result.problems.push(`${name} is already reverted by ${short(existing)}: reverting it again would do nothing or undo other work.`);
  }
  return done();
}

// ---------------------------------------------------------------------------
// Revert, commit, abort

export type StartRevertResult = { ok: true; diffstat: string; files: string[] } | { ok: false; conflict: string[] | null; message: string };

/** Undo a failed or refused `--no-commit` revert and check the repository is back at `head`, clean. */
async function undoRevert(repo: string, head: string, touched: ReadonlySet<string>): Promise<{ ok: boolean; message: string }> {
  const abort = await git(repo, ['revert', '--abort'], WRITE_TIMEOUT_MS);
  if (!abort.ok) {
    // No revert state to abort (git stopped before writing it, or was killed). Reset the index only
    // if everything changed is the commit's own files: the tree was clean before, so that drops
    // only the revert's work, never someone's edit.
    const [staged, conflicted] = await Promise.all([stagedNames(repo), unmergedNames(repo)]);
    const changed = [...(staged ?? []), ...conflicted];
    if (staged !== null && changed.length > 0 && changed.every((f) => touched.has(f)))
      await git(repo, ['reset', '--merge'], WRITE_TIMEOUT_MS);
  }
  const [now, st] = await Promise.all([headSha(repo), status(repo)]);
  const clean = st.ok && st.entries.length === 0;
  if (now === head && clean) return { ok: true, message: 'Nothing was changed (the revert was aborted).' };
  return { ok: false, message: 'The revert could not be undone automatically: check with git status, then run git revert --abort.' };
}

/**
 * Preflight, then `git revert --no-commit [-m 1] <sha>`: the revert staged,
 * not committed. The caller shows `diffstat`, asks, then calls commitRevert
 * (or abortRevert). A merge commit needs `{ mainline: 1 }`. On a conflict, or
 * if the staged result touches files the commit did not, the revert is
 * aborted and the repository is as it was.
 */
export async function startRevert(repo: string, sha: string, opts: { mainline?: 1; incidentId?: string } = {}): Promise<StartRevertResult> {
  const pre = await preflight(repo, sha, opts.incidentId === undefined ? {} : { incidentId: opts.incidentId });
  if (!pre.ok || pre.commit === null) {
    const [first = 'The preflight failed.', ...more] = pre.problems;
    return {
      ok: false,
      conflict: null,
      message: more.length > 0 ? `${first} (and ${more.length} more problem${more.length === 1 ? '' : 's'})` : first,
    };
  }
  const commit = pre.commit;
  if (commit.isMerge && opts.mainline !== 1) {
    return {
      ok: false,
      conflict: null,
      message: `${short(commit.sha)} is a merge commit: it can only be reverted against its first parent (git revert -m 1 ${short(commit.sha)}).`,
    };
  }
  if (!commit.isMerge && opts.mainline !== undefined) {
    return { ok: false, conflict: null, message: `${short(commit.sha)} is not a merge commit: -m 1 applies only to merges.` };
  }
  const head = await headSha(repo);
  if (head === null) return { ok: false, conflict: null, message: 'HEAD could not be read.' };

  const touched = new Set(commit.files.map((f) => f.path));
  const args = ['revert', '--no-commit', '--no-rerere-autoupdate', ...(commit.isMerge ? ['-m', '1'] : []), '--end-of-options', commit.sha];
  const run = await git(repo, args, WRITE_TIMEOUT_MS);
  if (!run.ok) {
    const conflicted = await unmergedNames(repo);
    const undo = await undoRevert(repo, head, touched);
    if (conflicted.length > 0) {
      const n = conflicted.length;
      return {
        ok: false,
        conflict: conflicted,
        message: `Reverting ${short(commit.sha)} conflicts with later changes in ${n} file${n === 1 ? '' : 's'} (${listFew(conflicted)}). ${undo.message}`,
      };
    }
    return { ok: false, conflict: null, message: `git revert failed: ${run.message} ${undo.message}` };
  }

  const [files, stat] = await Promise.all([
    stagedNames(repo),
    git(repo, ['diff', '--cached', '--stat', '--no-renames', '--no-ext-diff', '--no-color']),
  ]);
  if (files === null || files.length === 0) {
    const undo = await undoRevert(repo, head, touched);
    return {
      ok: false,
      conflict: null,
      message: `Reverting ${short(commit.sha)} changes nothing: its changes are already undone. ${undo.message}`,
    };
  }
  // The shallow-clone trap, caught here too: a revert only changes back what the commit changed.
  const stray = files.filter((f) => !touched.has(f));
  if (stray.length > 0) {
    const undo = await undoRevert(repo, head, touched);
    return {
      ok: false,
      conflict: null,
      message: `The revert would change files the commit did not touch (${listFew(stray)}): refused. ${undo.message}`,
    };
  }
  return { ok: true, diffstat: stat.ok ? stat.out.replace(/\n+$/, '') : files.join('\n'), files };
}

export type CommitRevertResult = { ok: true; revertSha: string } | { ok: false; message: string };

/**
 * Commits the staged revert of `sha` as `Revert "<subject>"` with the
 * incident id (author and committer from the repository's config; hooks run
 * as usual). Refuses if what is staged is not that revert.
 */
export async function commitRevert(repo: string, input: { sha: string; subject: string; incidentId: string }): Promise<CommitRevertResult> {
  const resolved = await resolveCommit(repo, input.sha);
  if (!resolved.ok) return resolved;
  const sha = resolved.sha;
  const progress = await revertInProgress(repo, sha);
  if (!progress.inProgress) return { ok: false, message: `No revert of ${short(sha)} is staged: start it first.` };
  if (progress.sha !== null && progress.sha !== sha) {
    return {
      ok: false,
      message: `The revert in progress is of ${short(progress.sha)}, not ${short(sha)}: commit or abort it first (git revert --abort).`,
    };
  }
  if (progress.conflicted.length > 0) {
    return {
      ok: false,
      message: `Conflicts are unresolved in ${listFew(progress.conflicted)}: resolve them, or abort with git revert --abort.`,
    };
  }
  // With git's REVERT_HEAD naming the commit, staying within its files is enough (a clean revert
  // on top of later edits may be diffed into different hunks); without it, only an exact reverse counts.
  if (!(progress.revertHead ? progress.withinCommit : progress.matches)) {
    return {
      ok: false,
      message: `What is staged is not exactly the revert of ${short(sha)}: check with git diff --cached, or abort with git revert --abort.`,
    };
  }
  const before = await headSha(repo);
  const message = revertMessage(input.subject, sha, input.incidentId);
  // The message goes through a private temp file (git-client has no stdin): never through argv or a shell.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'incident-revert-'));
  const file = path.join(dir, 'message');
  let run: GitRun;
  try {
    writeFileSync(file, `${message}\n`, { mode: 0o600 });
    run = await git(repo, ['commit', `--file=${file}`, '--cleanup=verbatim'], WRITE_TIMEOUT_MS);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!run.ok) {
    if (/tell me who you are|empty ident|unable to auto-detect email/i.test(run.message)) {
      return {
        ok: false,
        message:
          'git does not know who is committing: set git config user.name "Your Name" and git config user.email you@example.com, then commit again. The revert is still staged.',
      };
    }
    return {
      ok: false,
      message: `git commit failed: ${run.message}. The revert is still staged: commit it with git commit, or abort with git revert --abort.`,
    };
  }
  const after = await headSha(repo);
  if (after === null || after === before)
    return { ok: false, message: 'git commit reported success but HEAD did not move: check with git log.' };
  return { ok: true, revertSha: after };
}

/** Aborts a started (`--no-commit`) revert: the repository returns to HEAD as it was. */
export async function abortRevert(repo: string): Promise<{ ok: boolean; message: string }> {
  const state = await repoProbe(repo);
  if (!state.ok) return { ok: false, message: state.message };
  if (!state.present.has('REVERT_HEAD') && !state.present.has('sequencer')) return { ok: false, message: 'No revert is in progress.' };
  const run = await git(repo, ['revert', '--abort'], WRITE_TIMEOUT_MS);
  if (!run.ok) return { ok: false, message: `git revert --abort failed: ${run.message}` };
  return { ok: true, message: 'The revert was aborted: the repository is back as it was.' };
}

export type RevertProgress =
  | { inProgress: false }
  | {
      inProgress: true;
      /** The commit being reverted (REVERT_HEAD), or the one asked about when only staged changes tell. */
      sha: string | null;
      /** Staged files. */
      files: string[];
      /** Files with unresolved conflicts. */
      conflicted: string[];
      /** git's REVERT_HEAD names the commit (not only the staged changes). */
      revertHead: boolean;
      /** The staged changes are exactly the reverse of `sha`, file by file and line counts (false when unknown). */
      matches: boolean;
      /** Every staged file is one the commit touched (false when unknown). */
      withinCommit: boolean;
      message: string;
    };

/**
 * For resume: is a `--no-commit` revert staged but not committed? REVERT_HEAD
 * says so (git writes it for `--no-commit` too); without it, staged changes
 * that are exactly the reverse of `sha` (if given) count. The caller offers
 * commitRevert or abortRevert.
 */
export async function revertInProgress(repo: string, sha?: string): Promise<RevertProgress> {
  const state = await repoProbe(repo);
  if (!state.ok) return { inProgress: false };
  const [resolved, revertHead, staged, conflicted] = await Promise.all([
    sha === undefined ? null : resolveCommit(repo, sha),
    state.present.has('REVERT_HEAD') ? git(repo, ['rev-parse', '--verify', 'REVERT_HEAD^{commit}']) : null,
    git(repo, ['diff', '--cached', '-z', '--numstat', '--no-renames', '--no-ext-diff']),
    unmergedNames(repo),
  ]);
  const target = resolved?.ok ? resolved.sha : null;
  const reverting = revertHead?.ok ? revertHead.out.trim() : null;
  const stagedFiles = staged.ok ? parseNumstat(staged.out) : [];
  const files = stagedFiles.map((f) => f.path);
  const subject = reverting ?? target;
  if (!state.present.has('REVERT_HEAD') && (target === null || files.length === 0)) return { inProgress: false };

  let matches = false;
  let withinCommit = false;
  if (subject !== null && conflicted.length === 0 && files.length > 0) {
    const info = await commitInfo(repo, subject);
    if (info.ok) {
      const touched = new Set(info.commit.files.map((f) => f.path));
      withinCommit = files.every((f) => touched.has(f));
      // A clean revert adds back what the commit deleted and deletes what it added, file by file.
      const want = new Map(info.commit.files.map((f) => [f.path, `${f.deleted}/${f.added}`]));
      matches = stagedFiles.length === want.size && stagedFiles.every((f) => want.get(f.path) === `${f.added}/${f.deleted}`);
    }
  }
  if (!state.present.has('REVERT_HEAD') && !matches) return { inProgress: false };
  const what = subject === null ? 'A revert' : `A revert of ${short(subject)}`;
  const message =
    conflicted.length > 0
      ? `${what} is in progress with conflicts in ${listFew(conflicted)}: abort it (git revert --abort).`
      : `${what} is staged but not committed: commit it or abort it (git revert --abort).`;
  return { inProgress: true, sha: subject, files, conflicted, revertHead: reverting !== null, matches, withinCommit, message };
}

/**
 * The commit on HEAD's recent history (last 200) whose message says
 * `This reverts commit <sha>`, unless that revert was itself reverted later.
 * Used on resume so a revert is never made twice. Null when there is none,
 * or the id is not a commit here.
 */
export async function findExistingRevert(repo: string, sha: string): Promise<string | null> {
  if (!isCommitId(sha)) return null;
  let full = sha.toLowerCase();
  if (full.length < 40) {
    const resolved = await resolveCommit(repo, full);
    if (!resolved.ok) return null;
    full = resolved.sha;
  }
  const log = await git(repo, ['log', '-n', '200', '--no-show-signature', '--format=%H%x00%B%x1e', 'HEAD']);
  if (!log.ok) return null;
  // Newest first: the first revert seen of X is the latest one.
  const revertedBy = new Map<string, string>();
  const position = new Map<string, number>();
  log.out.split('\x1e').forEach((record, index) => {
    const [rawId = '', body = ''] = record.replace(/^\n/, '').split('\0');
    const id = rawId.trim();
    if (id === '') return;
    position.set(id, index);
    for (const m of body.matchAll(/This reverts commit ([0-9a-f]{40})\b/g)) {
      const target = m[1];
      if (target !== undefined && !revertedBy.has(target)) revertedBy.set(target, id);
    }
  });
  const revert = revertedBy.get(full);
  if (revert === undefined) return null;
  // Reverted, then the revert itself reverted more recently ("Reapply"): not reverted now.
  const reapplied = revertedBy.get(revert);
  if (reapplied !== undefined && (position.get(reapplied) ?? Infinity) < (position.get(revert) ?? -1)) return null;
  return revert;
}

// ---------------------------------------------------------------------------
// Push

export type PushPlan =
  | {
      ok: true;
      remote: string;
      /** The local branch. */
      branch: string;
      /** Branch on the remote it goes to. */
      target: string;
      /** `origin/main`, when the branch has one. */
      upstream: string | null;
      /** The remote's push URL, credentials masked. */
      url: string | null;
      /** Commits the push will publish (against the last fetch), when there is an upstream. */
      ahead: number | null;
      /** Exactly what runs: `git push <remote> <refspec>`; never a force flag. */
      command: string[];
    }
  | { ok: false; message: string };

/** Names that cannot turn into options or forced refspecs. */
const SAFE_NAME = /^(?![-+.])[^\s\u0000-\u001F\u007F:?*[\\^~]+$/;

async function configValue(repo: string, key: string): Promise<string | null> {
  // `--get` exits 1 silently when unset, which reads as empty output.
  const r = await git(repo, ['config', '--get', key]);
  const v = r.ok ? r.out.trim() : '';
  return v === '' ? null : v;
}

/**
 * Where the revert would be pushed: the remote git itself would push to
 * (branch.<b>.pushRemote, remote.pushDefault, branch.<b>.remote, the only
 * remote, or origin), and the upstream branch when it goes to that remote.
 * Refuses a detached HEAD and a mirror remote (git forces mirrors).
 */
export async function pushPlan(repo: string): Promise<PushPlan> {
  const branch = await currentBranch(repo);
  if (branch === null) return { ok: false, message: 'HEAD is detached: there is no branch to push.' };
  if (!SAFE_NAME.test(branch))
    return { ok: false, message: `The branch name ${shown(branch)} cannot be pushed safely from here: push it by hand.` };

  const [trackingRemote, merge, pushRemote, pushDefault, remotes, up] = await Promise.all([
    configValue(repo, `branch.${branch}.remote`),
    configValue(repo, `branch.${branch}.merge`),
    configValue(repo, `branch.${branch}.pushRemote`),
    configValue(repo, 'remote.pushDefault'),
    git(repo, ['remote']),
    git(repo, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']),
  ]);
  const names = remotes.ok ? remotes.out.split('\n').filter((l) => l !== '') : [];
  // git's own order for where a push goes.
  const remote =
    pushRemote ??
    pushDefault ??
    (trackingRemote !== '.' ? trackingRemote : null) ??
    (names.length === 1 ? (names[0] ?? null) : names.includes('origin') ? 'origin' : null);
  if (remote === null || !names.includes(remote)) {
    return {
      ok: false,
      message:
        names.length === 0
          ? 'The repository has no remote to push to.'
          : 'No remote to push to: set an upstream (git push -u <remote> <branch>) by hand.',
    };
  }
  if (!SAFE_NAME.test(remote))
    return { ok: false, message: `The remote name ${shown(remote)} cannot be used safely from here: push by hand.` };

  const upstreamBranch = trackingRemote === remote && merge?.startsWith('refs/heads/') ? merge.slice('refs/heads/'.length) : null;
  const target = upstreamBranch ?? branch;
  if (!SAFE_NAME.test(target))
    return { ok: false, message: `The upstream branch ${shown(target)} cannot be pushed to safely from here: push by hand.` };
  const upstream = up.ok && up.out.trim() !== '' ? up.out.trim() : null;
  const [mirror, count, url] = await Promise.all([
    configValue(repo, `remote.${remote}.mirror`),
    upstream === null ? null : git(repo, ['rev-list', '--count', '@{upstream}..HEAD']),
    git(repo, ['remote', 'get-url', '--push', remote]),
  ]);
  if (mirror === 'true') return { ok: false, message: `${remote} is a mirror remote (git push forces every ref to it): push by hand.` };
  const ahead = count?.ok ? Number(count.out.trim()) : null;
  const refspec = target === branch ? branch : `${branch}:refs/heads/${target}`;
  return {
    ok: true,
    remote,
    branch,
    target,
    upstream,
    url: url.ok ? maskUrl(url.out.trim()) : null,
    ahead,
    command: ['git', 'push', remote, refspec],
  };
}

/** True for `git push <remote> <refspec>` with no option, no force, no `+refspec`, no deletion. */
export function isSafePushArgv(argv: readonly string[]): boolean {
  if (argv.length !== 4 || argv[0] !== 'git' || argv[1] !== 'push') return false;
  const [remote = '', refspec = ''] = argv.slice(2);
  if (!SAFE_NAME.test(remote)) return false;
  const sides = refspec.split(':');
  if (sides.length > 2) return false;
  return sides.every((s) => s !== '' && !s.startsWith('+') && !s.startsWith('-') && !/\s/.test(s));
}

/**
 * Runs the plan's push exactly as shown. Never forces: a rejected push (the
 * remote moved) is reported with what to do, not retried. Never prompts: a
 * push that needs credentials fails with the command to run by hand.
 */
export async function push(repo: string, plan: Extract<PushPlan, { ok: true }>): Promise<{ ok: boolean; message: string }> {
  if (!isSafePushArgv(plan.command)) return { ok: false, message: 'Refused: the push command is not a plain git push <remote> <branch>.' };
  const byHand = plan.command.join(' ');
  const run = await git(repo, plan.command.slice(1), PUSH_TIMEOUT_MS);
  if (run.ok) return { ok: true, message: `Pushed ${plan.branch} to ${plan.remote}/${plan.target}.` };
  if (run.kind === 'timed-out') return { ok: false, message: `${run.message} Run it yourself: ${byHand}` };
  if (/\[rejected\][^\n]*(non-fast-forward|fetch first)/i.test(run.text)) {
    return {
      ok: false,
      message: `${plan.remote}/${plan.target} has commits this branch does not: pull them (git pull --rebase ${plan.remote} ${plan.target}), check, then push again. Never force.`,
    };
  }
  if (/terminal prompts disabled|could not read (Username|Password)|Authentication failed|Permission denied|publickey/i.test(run.text)) {
    return { ok: false, message: `The push needs credentials git could not get without asking: run it yourself: ${byHand}` };
  }
  return { ok: false, message: `git push failed: ${run.message}. Run it yourself: ${byHand}` };
}

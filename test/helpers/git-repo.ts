// Real temporary git repositories for tests: fixed author and committer dates,
// a local user, and no global or system git config (a developer's
// commit.gpgsign or hooks path must not leak in). Everything is synchronous and
// quick: a commit is a few ms.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The environment for the helper's own git commands: no ambient GIT_* variables, no user config. */
function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  return { ...env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C', ...extra };
}

export function git(cwd: string, args: string[], extra: Record<string, string> = {}): string {
  return execFileSync('git', args, { cwd, env: gitEnv(extra), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface CommitSpec {
  /** Path → new content; null deletes the file; a Buffer is written as is (binary). */
  files?: Record<string, string | Buffer | null>;
  /** Path → new path (git mv) before the files are written. */
  renames?: Record<string, string>;
  message: string;
  /** Author and committer date (ISO). */
  at: string;
  author?: string;
}

export interface TestRepo {
  dir: string;
  git: (args: string[], extra?: Record<string, string>) => string;
  /** Writes the files, commits with fixed dates, returns the full sha. */
  commit: (spec: CommitSpec) => string;
  /** A lightweight tag, or an annotated one with `message`. */
  tag: (name: string, opts?: { at?: string; message?: string; sha?: string }) => void;
  /** Merges `branch` into the current branch with a merge commit at `at`; returns its sha. */
  merge: (branch: string, at: string, message?: string) => string;
  head: () => string;
}

/** A new repository in `dir` (created), branch `main`, local user Ana. */
export function initRepo(dir: string): TestRepo {
  fs.mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'user.name', 'Ana Lee']);
  git(dir, ['config', 'user.email', 'ana@example.com']);
  git(dir, ['config', 'commit.gpgsign', 'false']);
  const run = (args: string[], extra?: Record<string, string>) => git(dir, args, extra);
  const dated = (at: string) => ({ GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at });
  return {
    dir,
    git: run,
    commit(spec) {
      for (const [from, to] of Object.entries(spec.renames ?? {})) {
        fs.mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
        run(['mv', from, to]);
      }
      for (const [file, content] of Object.entries(spec.files ?? {})) {
        const full = path.join(dir, file);
        if (content === null) {
          run(['rm', '-q', file]);
          continue;
        }
        fs.mkdirSync(path.dirname(full), { recursive: true });
        fs.writeFileSync(full, content);
        run(['add', '--', file]);
      }
      const author = spec.author ? ['--author', spec.author] : [];
      run(['commit', '-q', '--allow-empty', '--no-verify', '-m', spec.message, ...author], dated(spec.at));
      return run(['rev-parse', 'HEAD']).trim();
    },
    tag(name, opts = {}) {
      const args = opts.message ? ['tag', '-a', name, '-m', opts.message] : ['tag', name];
      run([...args, ...(opts.sha ? [opts.sha] : [])], dated(opts.at ?? new Date(0).toISOString()));
    },
    merge(branch, at, message = `Merge branch '${branch}'`) {
      run(['merge', '-q', '--no-ff', '--no-verify', '-m', message, branch], dated(at));
      return run(['rev-parse', 'HEAD']).trim();
    },
    head: () => run(['rev-parse', 'HEAD']).trim(),
  };
}

/** `git clone --depth 1 file://src dest`: a shallow clone. */
export function shallowClone(src: string, dest: string, depth = 1): string {
  git(path.dirname(dest), ['clone', '-q', `--depth=${depth}`, `file://${src}`, dest]);
  return dest;
}

/** A temp directory for repositories, and its cleanup. */
export function tempRoot(prefix = 'incident-git-'): { dir: string; cleanup: () => void } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** An executable that stands in for git: `body` is a POSIX shell script body. */
export function fakeGit(dir: string, body: string, name = 'fake-git'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

/** n lines of text, for sizing commits. */
export function lines(n: number, word = 'line'): string {
  return Array.from({ length: n }, (_, i) => `${word} ${i}`).join('\n') + '\n';
}

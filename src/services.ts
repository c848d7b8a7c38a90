// Everything the commands need from the outside world, gathered in one place
// so tests can point it at temp dirs and a fixed clock.
import os from 'node:os';
import { resolveStateDir } from './timeline/state-dir.js';
import { findRepoRoot } from './git/repo-root.js';

export interface Services {
  stateDir: string;
  now: () => Date;
  /** `user@host`, stamped on every event. */
  actor: string;
  host: string;
  pid: number;
  cwd: string;
  /** Git root of cwd, or null outside a repository. */
  repo: string | null;
}

export function buildServices(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Services {
  const host = os.hostname();
  let user = env.USER ?? env.LOGNAME ?? 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
  }
  return {
    stateDir: resolveStateDir(env),
    now: () => new Date(),
    actor: `${user}@${host}`,
    host,
    pid: process.pid,
    cwd,
    repo: findRepoRoot(cwd),
  };
}

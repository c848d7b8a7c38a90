// The repository an incident belongs to: where the post-mortem is written.
// Found by walking up to `.git` (a folder, or a file in worktrees) — no git
// process on the start-up path.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export function findRepoRoot(cwd: string): string | null {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

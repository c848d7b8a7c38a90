// Where runbooks are looked for, in order. Kept apart from the loaders so
// start-up can check for a team's files without loading the YAML parser.
import { join } from 'node:path';
import type { RunbookOrigin } from '../domain/runbook.js';
import { repoConfigDir, userConfigDir } from '../config/config-paths.js';

export function runbookSearchPath(opts: {
  flagDir?: string | null;
  repoRoot?: string | null;
  env?: NodeJS.ProcessEnv;
  builtinDir?: string | null;
}): Array<{ dir: string; origin: RunbookOrigin }> {
  const env = opts.env ?? process.env;
  const dirs: Array<{ dir: string; origin: RunbookOrigin }> = [];
  if (opts.flagDir) dirs.push({ dir: opts.flagDir, origin: 'flag' });
  if (opts.repoRoot) dirs.push({ dir: join(repoConfigDir(opts.repoRoot), 'runbooks'), origin: 'repo' });
  dirs.push({ dir: join(userConfigDir(env), 'runbooks'), origin: 'user' });
  if (opts.builtinDir) dirs.push({ dir: opts.builtinDir, origin: 'builtin' });
  return dirs;
}

// Where runbooks are looked for, in order. Kept apart from the loaders so
// start-up can check for a team's files without loading the YAML parser.
import os from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { RunbookOrigin } from '../domain/runbook.js';

export function runbookSearchPath(opts: {
  flagDir?: string | null;
  repoRoot?: string | null;
  env?: NodeJS.ProcessEnv;
  builtinDir?: string | null;
}): Array<{ dir: string; origin: RunbookOrigin }> {
  const env = opts.env ?? process.env;
  const dirs: Array<{ dir: string; origin: RunbookOrigin }> = [];
  if (opts.flagDir) dirs.push({ dir: opts.flagDir, origin: 'flag' });
  if (opts.repoRoot) dirs.push({ dir: join(opts.repoRoot, '.incident', 'runbooks'), origin: 'repo' });
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG spec says a relative value is invalid and must be ignored.
  const config = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || os.homedir(), '.config');
  dirs.push({ dir: join(config, 'incident', 'runbooks'), origin: 'user' });
  if (opts.builtinDir) dirs.push({ dir: opts.builtinDir, origin: 'builtin' });
  return dirs;
}

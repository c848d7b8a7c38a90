// Where a user's and a team's settings live. Shared by the config file and
// the runbook search path so both follow the same XDG rule.
import os from 'node:os';
import { isAbsolute, join } from 'node:path';

/** `$XDG_CONFIG_HOME/incident`, else `~/.config/incident`. */
export function userConfigDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG spec says a relative value is invalid and must be ignored.
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || os.homedir(), '.config');
  return join(base, 'incident');
}

/** `<git root>/.incident`: a team's settings, committed with the service. */
export function repoConfigDir(repoRoot: string): string {
  return join(repoRoot, '.incident');
}

/** The config files in the order they apply: the user's, then the repository's (which wins key by key). */
export function configFiles(repoRoot: string | null, env: NodeJS.ProcessEnv): Array<{ file: string; origin: 'user' | 'repo' }> {
  const files: Array<{ file: string; origin: 'user' | 'repo' }> = [{ file: join(userConfigDir(env), 'config.yaml'), origin: 'user' }];
  if (repoRoot) files.push({ file: join(repoConfigDir(repoRoot), 'config.yaml'), origin: 'repo' });
  return files;
}

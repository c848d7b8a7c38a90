import os from 'node:os';
import path from 'node:path';

/**
 * Where incident state lives. Outside any repository on purpose: a rollback,
 * `git clean` or `git stash -u` must never be able to delete the record.
 */
export function resolveStateDir(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  const explicit = env.INCIDENT_STATE_DIR;
  if (explicit) return path.resolve(explicit);
  const xdg = env.XDG_STATE_HOME;
  // The XDG spec says relative values are invalid and must be ignored.
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'incident');
  return path.join(home, '.local', 'state', 'incident');
}

/** `<state>/incidents/<id>`; refuses ids that would escape that folder. */
export function incidentDir(stateDir: string, id: string): string {
  if (!id || id === '.' || id === '..' || /[/\\\0]/.test(id)) {
    throw new Error(`not a valid incident id: ${JSON.stringify(id)}`);
  }
  return path.join(stateDir, 'incidents', id);
}

// Where private folders are made and checked: private-mode.ts.
export { ensurePrivateDir } from './private-mode.js';

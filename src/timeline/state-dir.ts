import fs from 'node:fs';
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

/**
 * mkdir -p with 0700. Incident timelines hold internal hostnames, customer
 * impact and who did what, so a directory of ours left group/world readable is
 * tightened. Returns a warning when it changed or could not fix something.
 */
export function ensurePrivateDir(dir: string): string | null {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.statSync(dir);
  if ((st.mode & 0o077) === 0) return null;
  const mode = (st.mode & 0o777).toString(8);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) {
    return `${dir}: permissions are ${mode} and it belongs to another user; not changed`;
  }
  fs.chmodSync(dir, 0o700);
  return `${dir}: permissions were ${mode}, tightened to 700`;
}

// Incident state holds internal hostnames, customer impact, command output and
// who did what: only its owner may read it. Files are created 0600 and folders
// 0700 — the mode is given at creation, and a umask can only remove bits, so
// even `umask 0` cannot loosen them. One of ours found looser (left by an older
// version, a backup restore, a `cp -r`) is tightened and reported; once fixed
// it is not reported again. Someone else's file is reported, never changed.
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** `state/practice/incidents/<id>/<file>`: nothing of ours is deeper. */
const MAX_DEPTH = 4;

const octal = (mode: number): string => `0${(mode & 0o777).toString(8).padStart(3, '0')}`;

/**
 * Makes `file` (described by `st`) private if group or others have any access.
 * Returns the warning to show, or null when there was nothing to say. With
 * `fd`, the open descriptor is changed (no race with a rename of the path).
 */
export function tightenMode(file: string, st: fs.Stats, fd?: number): string | null {
  if ((st.mode & 0o077) === 0) return null;
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) {
    return `${file}: permissions are ${octal(st.mode)} and it belongs to another user; not changed`;
  }
  const mode = st.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
  try {
    if (fd === undefined) fs.chmodSync(file, mode);
    else fs.fchmodSync(fd, mode);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Gone between the look and the change: a temp file renamed by its writer.
    if (code === 'ENOENT') return null;
    return `${file}: permissions are ${octal(st.mode)} and could not be changed (${code ?? String(err)})`;
  }
  return `fixed permissions of ${file}: was ${octal(st.mode)}`;
}

/** mkdir -p with 0700; an existing folder of ours that is looser is tightened (the warning, or null). */
export function ensurePrivateDir(dir: string): string | null {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  return tightenMode(dir, fs.statSync(dir));
}

/** For a file we opened: tightened through its descriptor. */
export function tightenOpenFile(fd: number, file: string): string | null {
  return tightenMode(file, fs.fstatSync(fd), fd);
}

/**
 * Every folder and file under `root` (not `root` itself: see
 * ensurePrivateDir) checked and tightened; the warnings. Symbolic links are
 * neither followed nor changed: what they point at is not ours to judge.
 */
export function tightenTree(root: string): string[] {
  const warnings: string[] = [];
  const visit = (dir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') warnings.push(`${dir}: could not check permissions (${code ?? String(err)})`);
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() && !entry.isFile()) continue;
      const file = path.join(dir, entry.name);
      let st: fs.Stats;
      try {
        st = fs.lstatSync(file);
      } catch {
        continue;
      }
      const warning = tightenMode(file, st);
      if (warning) warnings.push(warning);
      if (st.isDirectory() && depth < MAX_DEPTH) visit(file, depth + 1);
    }
  };
  visit(root, 1);
  return warnings;
}

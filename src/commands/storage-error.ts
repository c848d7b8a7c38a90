// A file system that refuses to store anything is not a bug in incident: it is
// told as one line naming the path and what to do, with its own exit status.
import path from 'node:path';

const ADVICE: Record<string, string> = {
  EACCES: 'permission denied. Give yourself write access to it',
  EPERM: 'permission denied. Give yourself write access to it',
  EROFS: 'the file system is read-only. Use a writable place',
  ENOSPC: 'the disk is full. Free some space',
  EDQUOT: 'the disk quota is used up. Free some space',
  ENOTDIR: 'a file is in the way where a folder is needed. Move that file',
};

function within(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** One line for an error that comes from the file system refusing to store, else null. */
export function describeStorageError(error: unknown, stateDir: string): string | null {
  if (!(error instanceof Error)) return null;
  const { code, path: where, syscall } = error as NodeJS.ErrnoException;
  if (code === undefined) return null;
  // mkdir over an existing file says EEXIST: the same "file in the way".
  const key = code === 'EEXIST' && syscall === 'mkdir' ? 'ENOTDIR' : code;
  const advice = ADVICE[key];
  if (!advice) return null;
  const file = where ?? stateDir;
  const inState = within(stateDir, file) || within(file, stateDir);
  const elsewhere = inState
    ? `, or set INCIDENT_STATE_DIR to another folder (the state folder is ${stateDir})`
    : ', or choose another place';
  return `incident: cannot write ${file}: ${advice}${elsewhere}. Nothing already recorded was changed.`;
}

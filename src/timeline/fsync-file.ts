import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

// A rename is only durable once the directory entry is on disk too; without
// this a crash can bring back the old file (or none) after we reported success.
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function fsyncDirSync(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

// Unique per writer (unlike steno's fixed `.name.tmp`), so two processes or two
// overlapping writes never share, truncate or rename each other's temp file.
function tempPathFor(file: string): string {
  const rand = crypto.randomBytes(6).toString('hex');
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${rand}.tmp`);
}

/**
 * Replace `file` with `data` all-or-nothing and durably; the file is 0600.
 * `stillWanted` is asked once the data is on disk: false leaves `file` as it
 * was (a newer write superseded this one) and resolves false. `tempPath`
 * names the temp file, for a caller that may have to remove it itself.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  opts: { tempPath?: string; stillWanted?: () => boolean } = {},
): Promise<boolean> {
  const tmp = opts.tempPath ?? tempPathFor(file);
  let created = false;
  try {
    const handle = await fsp.open(tmp, 'wx', 0o600);
    created = true;
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (opts.stillWanted && !opts.stillWanted()) {
      await fsp.rm(tmp, { force: true });
      return false;
    }
    // Synchronous, in the same tick as that check: no newer write can rename in between.
    fs.renameSync(tmp, file);
  } catch (err) {
    // Only what we made: an existing file of that name is someone else's.
    if (created) await fsp.rm(tmp, { force: true });
    throw err;
  }
  await fsyncDir(path.dirname(file));
  return true;
}

/** Same as writeFileAtomic, for exit handlers that cannot await. */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  const tmp = tempPathFor(file);
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDirSync(path.dirname(file));
}

/** `20250301T015203Z`: sortable, no characters that need quoting in a shell. */
export function compactUtc(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** Name for keeping a damaged file's bytes beside it: `<file>.<tag>-<time>[-n]`. */
export function asidePath(file: string, tag: string, date: Date, attempt = 1): string {
  return `${file}.${tag}-${compactUtc(date)}${attempt > 1 ? `-${attempt}` : ''}`;
}

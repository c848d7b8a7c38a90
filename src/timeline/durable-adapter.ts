import fsp from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { writeFileAtomic } from './fsync-file.js';

/** A file that exists but does not hold what we wrote; callers decide to set it aside. */
export class CorruptFileError extends Error {
  override readonly name = 'CorruptFileError';
  constructor(
    readonly path: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${reason}`, options);
  }
}

/**
 * lowdb adapter that replaces lowdb's own file writer (steno): that one uses a
 * fixed temp name, never fsyncs, and merges queued writes. Here every write is
 * a unique temp file, fsync, rename, fsync of the directory.
 */
export class DurableAdapter<T> implements Adapter<T> {
  // Writes run one after another in call order, so an older snapshot of the
  // data can never be renamed over a newer one.
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await fsp.readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new CorruptFileError(this.path, `not valid JSON (${(err as Error).message})`, { cause: err });
    }
  }

  write(data: T): Promise<void> {
    // Serialise now: the caller may keep mutating `data` while we wait our turn.
    const text = `${JSON.stringify(data, null, 2)}\n`;
    const run = this.queue.then(async () => {
      await writeFileAtomic(this.path, text);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

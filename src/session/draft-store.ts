// Half-typed answers, kept in draft.json beside the incident's log so that
// Ctrl-C, a closed terminal or a crash never loses what was typed.
//
// While typing, the file is written in the background (the write and its
// fsync in Node's thread pool): an fsync can take seconds on a busy or
// failing disk, and the screen must not freeze meanwhile. One write at a
// time; only the newest renames into place. flush() — on the way out, or
// before moving the file — writes synchronously and wins over any write
// still in flight.
import { readFileSync, renameSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from '../timeline/fsync-file.js';
import type { Drafts } from './types.js';
import { maskSecrets } from '../domain/secrets.js';

const FILE = 'draft.json';
const NEVER_DRAFTED = /\.confirm$|\.param\.|^contain\.revert/;
const DEBOUNCE_MS = 300;

export class DraftStore implements Drafts {
  private drafts: Record<string, string>;
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;
  /** Bumped by every write: a background write renames only while it is still the newest. */
  private generation = 0;
  private writing: Promise<void> | null = null;
  /** The generation of the background write in flight, for its temp file's name. */
  private inFlight: number | null = null;

  constructor(
    private dir: string,
    private readonly debounceMs = DEBOUNCE_MS,
  ) {
    this.drafts = readDrafts(join(dir, FILE));
  }

  get(step: string): string | undefined {
    return this.drafts[step];
  }

  set(step: string, rawText: string): void {
    // A confirmation must be typed each time, never restored; a parameter may be a token.
    if (NEVER_DRAFTED.test(step)) return;
    const text = maskSecrets(rawText);
    if ((this.drafts[step] ?? '') === text) return;
    if (text === '') delete this.drafts[step];
    else this.drafts[step] = text;
    this.schedule();
  }

  clear(step: string): void {
    if (!(step in this.drafts)) return;
    delete this.drafts[step];
    this.schedule();
  }

  /** Moves the drafts (typed before the incident existed) into its folder. */
  moveTo(dir: string): void {
    this.flush();
    const from = join(this.dir, FILE);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (existsSync(from)) renameSync(from, join(dir, FILE));
    this.dir = dir;
    // What could not be saved where it was (that folder gone) is saved here.
    if (this.dirty) this.flush();
  }

  /** Writes what is typed now, synchronously: for the way out, where nothing can be awaited. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A background write still in flight is superseded: this one must carry its content too.
    if (!this.dirty && this.writing === null) return;
    this.generation++;
    // The process may exit before the superseded write can tidy up after itself.
    try {
      if (this.inFlight !== null) rmSync(tempPath(this.dir, this.inFlight), { force: true });
    } catch {
      // A temp file left behind is litter, not lost text.
    }
    this.dirty = false;
    try {
      writeFileAtomicSync(join(this.dir, FILE), JSON.stringify(this.drafts));
    } catch {
      // A draft that cannot be saved must not interrupt typing; the text is still on screen.
      this.dirty = true;
    }
  }

  /** Resolves once no background write is in flight (tests; a clean close). */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private schedule(): void {
    this.dirty = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.writeInBackground(), this.debounceMs);
    this.timer.unref();
  }

  private writeInBackground(): void {
    this.timer = null;
    if (!this.dirty) return;
    // One at a time: a stalled disk must not fill the thread pool (DNS lookups for the probes share it).
    if (this.writing) return void this.writing.then(() => this.dirty && this.schedule());
    this.dirty = false;
    const generation = ++this.generation;
    const dir = this.dir;
    const text = JSON.stringify(this.drafts);
    this.inFlight = generation;
    // The data and its fsync off the main thread; renamed into place only while it is still the newest.
    this.writing = writeFileAtomic(join(dir, FILE), text, {
      tempPath: tempPath(dir, generation),
      stillWanted: () => generation === this.generation,
    })
      .then(() => undefined)
      .catch(() => {
        // Not saved (a full disk, a folder gone): tried again with the next keystroke, or by flush() on the way out.
        if (generation === this.generation) this.dirty = true;
      })
      .finally(() => {
        this.writing = null;
        this.inFlight = null;
      });
  }
}

const tempPath = (dir: string, generation: number): string => join(dir, `.${FILE}.${process.pid}.${generation}.tmp`);

function readDrafts(path: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (parsed && typeof parsed === 'object') {
      return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
    }
  } catch {
    // No draft, or an unreadable one: start empty (the log is what matters).
  }
  return {};
}

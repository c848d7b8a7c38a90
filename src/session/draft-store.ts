// Half-typed answers, kept in draft.json beside the incident's log so that
// Ctrl-C, a closed terminal or a crash never loses what was typed.
import { readFileSync, renameSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../timeline/fsync-file.js';
import type { Drafts } from './types.js';
import { maskSecrets } from '../domain/secrets.js';

const FILE = 'draft.json';
const NEVER_DRAFTED = /\.confirm$|\.param\.|^contain\.revert/;
const DEBOUNCE_MS = 300;

export class DraftStore implements Drafts {
  private drafts: Record<string, string>;
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;

  constructor(private dir: string) {
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
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.dirty) return;
    this.dirty = false;
    try {
      writeFileAtomicSync(join(this.dir, FILE), JSON.stringify(this.drafts));
    } catch {
      // A draft that cannot be saved must not interrupt typing; the text is still on screen.
      this.dirty = true;
    }
  }

  private schedule(): void {
    this.dirty = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), DEBOUNCE_MS);
    this.timer.unref();
  }
}

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

// Files found folder by folder along the search path (--runbooks, the repo's,
// the user's, the built-in ones): the first of each id wins and the later one
// it hides is remembered as overridden; two files with one id in the same
// folder are a mistake, reported. Shared by runbooks and drill scenarios.
import type { RunbookOrigin } from '../domain/runbook.js';
import type { Problem } from './lint-runbook.js';

export class FirstById<T extends { id: string }> {
  private readonly byId = new Map<string, T & { overrides: RunbookOrigin | null }>();
  private inThisDir = new Map<string, string>();

  /** Call before the files of the next folder. */
  nextFolder(): void {
    this.inThisDir = new Map();
  }

  /** Keeps `item` unless its id was taken; a problem when the taker is in the same folder. */
  add(item: T, file: string, name: string, origin: RunbookOrigin): Problem | null {
    const twin = this.inThisDir.get(item.id);
    if (twin) {
      return {
        file,
        line: 1,
        col: 1,
        step: null,
        message: `id "${item.id}" is already used by ${twin} in the same folder; this one is ignored`,
      };
    }
    this.inThisDir.set(item.id, name);
    const winner = this.byId.get(item.id);
    if (winner) winner.overrides ??= origin;
    else this.byId.set(item.id, { ...item, overrides: null });
    return null;
  }

  values(): (T & { overrides: RunbookOrigin | null })[] {
    return [...this.byId.values()];
  }
}

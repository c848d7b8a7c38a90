// Creating an incident's folder and log: the one step shared by the TUI's
// first answer and `incident declare`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { incidentIdFor } from '../domain/slug.js';
import { EventLog } from '../timeline/event-log.js';
import { fsyncDirSync } from '../timeline/fsync-file.js';
import { ensurePrivateDir, incidentDir } from '../timeline/state-dir.js';

export function openNewIncidentLog(
  stateDir: string,
  title: string,
  opts: { actor: string; now: () => Date },
): { id: string; dir: string; log: EventLog } {
  ensurePrivateDir(join(stateDir, 'incidents'));
  const base = incidentIdFor(opts.now(), title, () => false);
  // The folder is the reservation: a non-recursive mkdir fails for the second of
  // two processes declaring the same title at once, which then takes the next id.
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    const dir = incidentDir(stateDir, id);
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    // The new folder's name is durable only once its parent is synced.
    fsyncDirSync(join(stateDir, 'incidents'));
    return { id, dir, log: EventLog.open(dir, opts) };
  }
}

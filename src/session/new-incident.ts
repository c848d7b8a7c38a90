// Creating an incident's folder and log: the one step shared by the TUI's
// first answer and `incident declare`.
import { existsSync } from 'node:fs';
import { incidentIdFor } from '../domain/slug.js';
import { EventLog } from '../timeline/event-log.js';
import { ensurePrivateDir, incidentDir } from '../timeline/state-dir.js';

export function openNewIncidentLog(
  stateDir: string,
  title: string,
  opts: { actor: string; now: () => Date },
): { id: string; dir: string; log: EventLog } {
  ensurePrivateDir(stateDir);
  const id = incidentIdFor(opts.now(), title, (candidate) => existsSync(incidentDir(stateDir, candidate)));
  const dir = incidentDir(stateDir, id);
  return { id, dir, log: EventLog.open(dir, opts) };
}

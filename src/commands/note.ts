// `incident note "TEXT"`: append from any terminal, even while the TUI holds
// the incident — appends are safe; only the TUI's state is single-writer.
import { cleanInput } from '../domain/sanitize.js';
import { formatUtc } from '../domain/format-time.js';
import { readNoteTime } from '../domain/backfill.js';
import type { Services } from '../services.js';
import { IncidentStore } from '../session/incident-store.js';
import { EventLog } from '../timeline/event-log.js';
import { incidentDir } from '../timeline/state-dir.js';
import { UserError, type Output } from './errors.js';
import { pickIncident } from './pick-incident.js';
import { EXIT } from './exit-codes.js';

export async function note(services: Services, words: string[], opts: { id?: string; at?: string }, io: Output): Promise<number> {
  const text = cleanInput(words.join(' '));
  if (text === '') throw new UserError('The note is empty: incident note "restarted api-3"', EXIT.usage);
  const store = await IncidentStore.open(services.stateDir);
  for (const w of store.warnings) io.err(`warning: ${w}`);
  const incident = pickIncident(store, opts.id, { fallbackToLatest: false });
  const when = readNoteTime(opts.at, text, services.now(), new Date(incident.startedAt ?? incident.declaredAt));
  if (!when.ok) throw new UserError(when.error, EXIT.usage);
  if (incident.status === 'closed') throw new UserError(`Incident ${incident.id} is closed; notes go to open incidents.`);
  // Without the incident's lock: append only, never repair what the session may still be writing.
  const log = EventLog.open(incidentDir(services.stateDir, incident.id), { actor: services.actor, now: services.now, repairTail: false });
  for (const w of log.warnings) io.err(`warning: ${w}`);
  try {
    const entry = log.append({
      type: 'note.added',
      phase: incident.phase,
      data: { text },
      ...(when.occurredAt ? { occurredAt: when.occurredAt } : {}),
    });
    io.out(
      entry.occurredAt
        ? `Noted in ${incident.id}: happened at ${formatUtc(entry.occurredAt)}, recorded at ${formatUtc(entry.at)}${when.note ? ` (${when.note})` : ''}`
        : `Noted at ${formatUtc(entry.at)} in ${incident.id}`,
    );
  } finally {
    log.close();
  }
  return EXIT.ok;
}

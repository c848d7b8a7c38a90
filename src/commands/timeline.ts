import type { Services } from '../services.js';
import { IncidentStore } from '../session/incident-store.js';
import { describeEntry, entryTime, sortByOccurred } from '../domain/describe-entry.js';
import { formatUtc } from '../domain/format-time.js';
import { maskDeep, maskSecrets } from '../domain/secrets.js';
import type { Output } from './errors.js';
import { pickIncident } from './pick-incident.js';
import { EXIT } from './exit-codes.js';

export async function timeline(services: Services, id: string | undefined, opts: { json?: boolean }, io: Output): Promise<number> {
  const store = await IncidentStore.open(services.stateDir);
  const incident = pickIncident(store, id, { fallbackToLatest: true });
  const { entries, warnings } = store.readEntries(incident.id);
  for (const w of [...store.warnings, ...warnings]) io.err(`warning: ${w}`);
  // Masked when written; masked again on the way out, for a log written by
  // an older version or edited by hand (masking is idempotent).
  if (opts.json) {
    io.out(JSON.stringify(maskDeep(entries), null, 2));
    return EXIT.ok;
  }
  io.out(maskSecrets(`${incident.title}  (${incident.id}, ${incident.severity ?? 'SEV-?'}, ${incident.status})`));
  io.out(entries.some((e) => e.occurredAt) ? 'Times in UTC; * = happened earlier than it was recorded.' : 'Times in UTC.');
  for (const e of sortByOccurred(entries)) {
    const mark = e.occurredAt ? '*' : ' ';
    io.out(`${formatUtc(entryTime(e))}${mark} ${e.phase.padEnd(10)} ${maskSecrets(describeEntry(e).text)}`);
  }
  return EXIT.ok;
}

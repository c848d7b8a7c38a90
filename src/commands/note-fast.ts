// `incident note "TEXT"` — the common case — without commander, lowdb or the
// index's reconciliation: read the index as it is, check the one open
// incident's log really is still open, append. Anything else (an option,
// several open incidents, no index yet, a closed one) returns null and the
// full command handles it, with its messages. Notes are written at 2am from a
// second terminal: they should feel instant.
import fs from 'node:fs';
import path from 'node:path';
import type { EventPhase, IncidentSummary } from '../domain/types.js';
import { cleanInput } from '../domain/sanitize.js';
import { formatUtc } from '../domain/format-time.js';
import { buildServices, type Services } from '../services.js';
import { EventLog, eventsPath } from '../timeline/event-log.js';
import { incidentDir } from '../timeline/state-dir.js';
import { INDEX_FILE, INDEX_VERSION } from '../timeline/index-file.js';
import { EXIT } from './exit-codes.js';

/** How much of the log's end is read to see whether the incident was closed since the index was written. */
const TAIL_BYTES = 64 * 1024;

export function fastNote(words: readonly string[], out: (line: string) => void, services: Services = buildServices()): number | null {
  if (words.length === 0 || words.some((w) => w.startsWith('-'))) return null;
  const text = cleanInput(words.join(' '));
  if (text === '') return null;
  const incident = onlyOpenIncident(services.stateDir);
  if (!incident) return null;
  const dir = incidentDir(services.stateDir, incident.id);
  const tail = logTail(eventsPath(dir));
  if (tail === null || tail.includes('"type":"incident.closed"')) return null;
  // Like the full command: append only, never repair what the session may still be writing.
  const log = EventLog.open(dir, { actor: services.actor, now: services.now, repairTail: false });
  try {
    const entry = log.append({ type: 'note.added', phase: currentPhase(tail) ?? incident.phase, data: { text } });
    out(`Noted at ${formatUtc(entry.at)} in ${incident.id}`);
  } finally {
    log.close();
  }
  return EXIT.ok;
}

function onlyOpenIncident(stateDir: string): IncidentSummary | null {
  let data: { version?: unknown; incidents?: Record<string, IncidentSummary> };
  try {
    data = JSON.parse(fs.readFileSync(path.join(stateDir, INDEX_FILE), 'utf8')) as typeof data;
  } catch {
    return null;
  }
  if (data.version !== INDEX_VERSION || typeof data.incidents !== 'object' || data.incidents === null) return null;
  const open = Object.values(data.incidents).filter((i) => i.status === 'open' && !i.practice && !i.drill);
  return open.length === 1 ? open[0]! : null;
}

/**
 * The end of the log: the index may be older than it, so a close recorded since
 * then is looked for here (the full command refuses notes to closed incidents),
 * and so is the phase the incident is in now.
 */
function logTail(file: string): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(length);
    fs.readSync(fd, buf, 0, length, size - length);
    return buf.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function currentPhase(tail: string): EventPhase | null {
  const lines = tail.split('\n');
  for (let i = lines.length - 1; i > 0; i--) {
    if (!lines[i]!.includes('"type":"phase.changed"')) continue;
    try {
      const to = (JSON.parse(lines[i]!) as { data?: { to?: unknown } }).data?.to;
      if (typeof to === 'string') return to as EventPhase;
    } catch {
      // A line being written: look further back.
    }
  }
  return null;
}

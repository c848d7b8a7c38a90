import type { Services } from '../services.js';
import { IncidentStore } from '../session/incident-store.js';
import { formatDuration, formatUtc } from '../domain/format-time.js';
import { maskDeep, maskSecrets } from '../domain/secrets.js';
import type { Output } from './errors.js';
import { columns } from './columns.js';
import { EXIT } from './exit-codes.js';

export async function list(services: Services, opts: { json?: boolean; drills?: boolean }, io: Output): Promise<number> {
  const store = await IncidentStore.open(services.stateDir);
  for (const w of store.warnings) io.err(`warning: ${w}`);
  // A drill's times are practice, not service health: only shown when asked for, and marked.
  const incidents = store.list().filter((i) => !i.practice && (opts.drills === true || i.drill === null));
  if (opts.json) {
    io.out(JSON.stringify(maskDeep(incidents), null, 2));
    return EXIT.ok;
  }
  if (incidents.length === 0) {
    io.out(opts.drills ? 'No incidents or drills recorded yet.' : 'No incidents recorded yet. `incident` declares one.');
    return EXIT.ok;
  }
  const now = services.now().getTime();
  const rows = incidents.map((i) => {
    const start = i.startedAt ?? i.declaredAt;
    const end = i.resolvedAt ? Date.parse(i.resolvedAt) : now;
    const { ttdMs, ttmMs, ttrMs } = i.metrics;
    return [
      i.id,
      i.status,
      i.severity ?? 'SEV-?',
      i.phase,
      formatUtc(start),
      formatDuration(end - Date.parse(start)),
      metric(ttdMs),
      metric(ttmMs),
      metric(ttrMs),
      maskSecrets(i.drill ? `[drill: ${i.drill.scenario}] ${i.title}` : i.title),
    ];
  });
  const header = ['ID', 'STATUS', 'SEV', 'PHASE', 'STARTED (UTC)', 'DURATION', 'TTD', 'TTM', 'TTR', 'TITLE'];
  for (const line of columns(header, rows)) io.out(line);
  return EXIT.ok;
}

/** Unknown (not yet, or milestones out of order) reads as a dash, never as "0s". */
function metric(ms: number | null): string {
  return ms === null ? '—' : formatDuration(ms);
}

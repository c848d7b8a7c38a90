// All incidents under the state directory: the index for listing, the logs
// for reading. Index writes are never awaited on the typing path; `flush()`
// waits for them before the process exits.
import { statSync } from 'node:fs';
import type { IncidentSummary, TimelineEntry } from '../domain/types.js';
import { summarize, SUMMARY_EVENT_TYPES } from '../domain/summarize.js';
import { IncidentIndex } from '../timeline/incident-index.js';
import { EventLog, eventsPath } from '../timeline/event-log.js';
import { incidentDir } from '../timeline/state-dir.js';

export class IncidentStore {
  readonly warnings: string[] = [];
  private pending: Promise<void> = Promise.resolve();

  private constructor(
    readonly stateDir: string,
    private readonly index: IncidentIndex,
  ) {}

  static async open(stateDir: string): Promise<IncidentStore> {
    const index = await IncidentIndex.load(stateDir, summarize);
    const store = new IncidentStore(stateDir, index);
    store.warnings.push(...index.warnings);
    return store;
  }

  list(): IncidentSummary[] {
    return this.index.list();
  }

  get(id: string): IncidentSummary | undefined {
    return this.index.get(id);
  }

  /** Open real incidents: a drill left open is never what `incident` or `incident note` should land on. */
  openIncidents(): IncidentSummary[] {
    return this.list().filter((i) => i.status === 'open' && !i.practice && i.drill === null);
  }

  /** An incident by exact id or unique prefix; null when none or ambiguous (see `resolveError`). */
  find(idOrPrefix: string): IncidentSummary | null {
    const exact = this.index.get(idOrPrefix);
    if (exact) return exact;
    const matches = this.list().filter((i) => i.id.startsWith(idOrPrefix));
    return matches.length === 1 ? matches[0]! : null;
  }

  readEntries(id: string): { entries: TimelineEntry[]; warnings: string[] } {
    return EventLog.read(eventsPath(incidentDir(this.stateDir, id)));
  }

  noteAppended(id: string, entry: TimelineEntry, entries: readonly TimelineEntry[], logSize: number): void {
    if (!SUMMARY_EVENT_TYPES.has(entry.type)) return;
    const summary = summarize(id, [...entries], logSize);
    this.pending = this.pending
      .then(() => this.index.upsert(summary))
      .catch((error: unknown) => {
        // The index is rebuilt from the logs on the next start; the log append already succeeded.
        this.warnings.push(`could not update the incidents index: ${error instanceof Error ? error.message : String(error)}`);
      });
  }

  /** Re-summarises one incident from its log (after `declare` or `note` from the command line). */
  async refresh(id: string): Promise<void> {
    const { entries } = this.readEntries(id);
    const size = statSync(eventsPath(incidentDir(this.stateDir, id))).size;
    await this.index.upsert(summarize(id, entries, size));
  }

  flush(): Promise<void> {
    return this.pending;
  }
}

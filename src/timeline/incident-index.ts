import fs from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import type { IncidentSummary, TimelineEntry } from '../domain/types.js';
import { CorruptFileError, DurableAdapter } from './durable-adapter.js';
import { EventLog, eventsPath } from './event-log.js';
import { asidePath, fsyncDirSync } from './fsync-file.js';
import { incidentDir } from './state-dir.js';
import { ensurePrivateDir, tightenTree } from './private-mode.js';

import { INDEX_FILE, INDEX_VERSION } from './index-file.js';

export { INDEX_FILE, INDEX_VERSION };

export interface IndexData {
  version: typeof INDEX_VERSION;
  incidents: Record<string, IncidentSummary>;
}

/** Owned by the domain; injected so this module only stores what it is given. */
export type Summarize = (id: string, entries: TimelineEntry[], logSize: number) => IncidentSummary;

export interface IndexOptions {
  /** Names the `.corrupt-<time>` copy of a broken index. */
  now?: () => Date;
}

const emptyData = (): IndexData => ({ version: INDEX_VERSION, incidents: {} });

/** An index of any version: `{ version: n, incidents: {…} }`. */
function isAnyIndex(v: unknown): v is { version: number; incidents: Record<string, unknown> } {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as { version?: unknown; incidents?: unknown };
  return Number.isInteger(d.version) && typeof d.incidents === 'object' && d.incidents !== null && !Array.isArray(d.incidents);
}

function incidentIds(stateDir: string): string[] {
  try {
    return fs
      .readdirSync(path.join(stateDir, 'incidents'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function logSizeOf(file: string): number | null {
  try {
    return fs.statSync(file).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * The incidents list, cached in `<state>/index.json`. Only a cache: the logs
 * are the truth, so it is checked against them on every load (one stat per
 * incident) and anything stale, missing or unreadable is rebuilt from them.
 * That also heals a crash between a log append and the index write, and two
 * processes overwriting each other's index update.
 */
export class IncidentIndex {
  readonly warnings: string[] = [];

  private constructor(
    private readonly db: Low<IndexData>,
    private readonly stateDir: string,
    private readonly summarize: Summarize,
  ) {}

  static async load(stateDir: string, summarize: Summarize, options: IndexOptions = {}): Promise<IncidentIndex> {
    const now = options.now ?? (() => new Date());
    const file = path.join(stateDir, INDEX_FILE);
    const db = new Low<IndexData>(new DurableAdapter<IndexData>(file), emptyData());
    const index = new IncidentIndex(db, stateDir, summarize);
    const dirWarning = ensurePrivateDir(stateDir);
    if (dirWarning) index.warnings.push(dirWarning);
    // Every command opens the index first: the one place that sees all of the
    // state (one stat per file; a few ms for hundreds of incidents).
    index.warnings.push(...tightenTree(stateDir));

    let changed = false;
    try {
      await db.read();
      const data: unknown = db.data;
      if (!isAnyIndex(data)) throw new CorruptFileError(file, 'not an incident index');
      // Written by an older (or newer) incident: a cache, so rebuilt quietly, not kept aside as corrupt.
      if (data.version !== INDEX_VERSION) {
        db.data = emptyData();
        changed = true;
      }
    } catch (err) {
      if (!(err instanceof CorruptFileError)) throw err;
      const aside = moveAside(file, now());
      index.warnings.push(`${err.message}; kept as ${path.basename(aside)} and rebuilt from the event logs`);
      db.data = emptyData();
      changed = true;
    }
    if (index.reconcile()) changed = true;
    if (changed) await db.write();
    return index;
  }

  /** Newest first. */
  list(): IncidentSummary[] {
    return Object.values(this.db.data.incidents).sort((a, b) => b.declaredAt.localeCompare(a.declaredAt) || b.id.localeCompare(a.id));
  }

  get(id: string): IncidentSummary | undefined {
    return this.db.data.incidents[id];
  }

  async upsert(summary: IncidentSummary): Promise<void> {
    this.db.data.incidents[summary.id] = summary;
    await this.db.write();
  }

  /** Re-summarise one incident from its log (e.g. after appending) and store it. */
  async refresh(id: string): Promise<IncidentSummary | undefined> {
    const summary = this.summarizeFromLog(id);
    if (summary) await this.upsert(summary);
    return summary;
  }

  private reconcile(): boolean {
    let changed = false;
    const incidents = this.db.data.incidents;
    const seen = new Set<string>();
    for (const id of incidentIds(this.stateDir)) {
      const size = logSizeOf(eventsPath(incidentDir(this.stateDir, id)));
      if (size === null) continue;
      seen.add(id);
      if (incidents[id]?.logSize === size) continue;
      const summary = this.summarizeFromLog(id);
      if (summary) {
        incidents[id] = summary;
        changed = true;
      } else if (incidents[id]) {
        delete incidents[id];
        changed = true;
      }
    }
    // An incident whose folder is gone is gone: the index only mirrors the logs.
    for (const id of Object.keys(incidents)) {
      if (!seen.has(id)) {
        delete incidents[id];
        changed = true;
      }
    }
    return changed;
  }

  private summarizeFromLog(id: string): IncidentSummary | undefined {
    const { entries, warnings, size } = EventLog.read(eventsPath(incidentDir(this.stateDir, id)));
    this.warnings.push(...warnings);
    // No events yet (created, then a crash before the first append): nothing to list.
    if (entries.length === 0) return undefined;
    try {
      // logSize is this cache's freshness key: pin it to the bytes actually read.
      return { ...this.summarize(id, entries, size), logSize: size };
    } catch (err) {
      this.warnings.push(`incident ${id}: could not be summarised: ${(err as Error).message}`);
      return undefined;
    }
  }
}

function moveAside(file: string, now: Date): string {
  let target = asidePath(file, 'corrupt', now);
  for (let attempt = 2; fs.existsSync(target); attempt++) target = asidePath(file, 'corrupt', now, attempt);
  fs.renameSync(file, target);
  fsyncDirSync(path.dirname(file));
  return target;
}

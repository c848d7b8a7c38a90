import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentSummary, TimelineEntry } from '../../src/domain/types.js';
import { CorruptFileError, DurableAdapter } from '../../src/timeline/durable-adapter.js';
import { EventLog, eventsPath } from '../../src/timeline/event-log.js';
import { INDEX_VERSION, IncidentIndex, type Summarize } from '../../src/timeline/incident-index.js';
import { incidentDir } from '../../src/timeline/state-dir.js';
import { makeTempDir, modeOf } from '../helpers/temp.js';

// Stand-in for the domain's summariser: title from the first event, a count.
let summarizeCalls: string[] = [];
const summarize: Summarize = (id: string, entries: TimelineEntry[], logSize: number): IncidentSummary => {
  summarizeCalls.push(id);
  const first = entries[0]!;
  return {
    id,
    title: String(first.data.title ?? ''),
    severity: null,
    status: 'open',
    phase: entries.at(-1)!.phase,
    repo: null,
    startedAt: null,
    declaredAt: first.at,
    resolvedAt: null,
    closedAt: null,
    postmortemPath: null,
    practice: false,
    drill: null,
    metrics: { ttdMs: null, ttaMs: null, ttmMs: null, ttrMs: null },
    logSize,
    eventCount: entries.length,
  };
};

let state: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir: state, cleanup } = makeTempDir('incident-index-'));
  summarizeCalls = [];
});
afterEach(() => cleanup());

const indexFile = (): string => path.join(state, 'index.json');

function declare(id: string, title: string, at: string, notes = 0): EventLog {
  const log = EventLog.open(incidentDir(state, id), { actor: 'ana@laptop', now: () => new Date(at) });
  log.append({ phase: 'declare', type: 'incident.declared', data: { title } });
  for (let i = 0; i < notes; i++) log.append({ phase: 'triage', type: 'note.added', data: { i } });
  return log;
}

function onDisk(): { version: number; incidents: Record<string, IncidentSummary> } {
  return JSON.parse(fs.readFileSync(indexFile(), 'utf8'));
}

describe('IncidentIndex', () => {
  it('builds from the logs, lists newest first, and writes a private index.json', async () => {
    declare('01JAAA', 'db down', '2025-03-01T01:00:00.000Z').close();
    declare('01JBBB', 'checkout 500s', '2025-03-02T01:00:00.000Z', 2).close();
    fs.mkdirSync(path.join(state, 'incidents', '01JEMPTY'), { mode: 0o700 });

    const index = await IncidentIndex.load(state, summarize);
    expect(index.warnings).toEqual([]);
    expect(index.list().map((s) => s.title)).toEqual(['checkout 500s', 'db down']);
    expect(index.get('01JBBB')).toMatchObject({ eventCount: 3, logSize: fs.statSync(eventsPath(incidentDir(state, '01JBBB'))).size });
    expect(index.get('01JEMPTY')).toBeUndefined();
    expect(Object.keys(onDisk().incidents).sort()).toEqual(['01JAAA', '01JBBB']);
    expect(modeOf(indexFile())).toBe(0o600);
    expect(modeOf(state)).toBe(0o700);
  });

  it('only stats the logs when nothing changed', async () => {
    declare('01JAAA', 'db down', '2025-03-01T01:00:00.000Z').close();
    await IncidentIndex.load(state, summarize);
    const mtime = fs.statSync(indexFile()).mtimeMs;
    summarizeCalls = [];
    const again = await IncidentIndex.load(state, summarize);
    expect(summarizeCalls).toEqual([]);
    expect(again.list()).toHaveLength(1);
    expect(fs.statSync(indexFile()).mtimeMs).toBe(mtime);
  });

  it('rebuilds after index.json is deleted', async () => {
    declare('01JAAA', 'db down', '2025-03-01T01:00:00.000Z').close();
    const first = await IncidentIndex.load(state, summarize);
    fs.rmSync(indexFile());
    const rebuilt = await IncidentIndex.load(state, summarize);
    expect(rebuilt.list()).toEqual(first.list());
    expect(fs.existsSync(indexFile())).toBe(true);
  });

  it('moves a corrupt index.json aside and rebuilds it from the logs', async () => {
    declare('01JAAA', 'db down', '2025-03-01T01:00:00.000Z').close();
    fs.writeFileSync(indexFile(), '{"version":1,"incidents":{', { mode: 0o600 });
    const index = await IncidentIndex.load(state, summarize, { now: () => new Date('2025-03-01T02:10:00.000Z') });
    const aside = `${indexFile()}.corrupt-20250301T021000Z`;
    expect(index.warnings).toEqual([
      expect.stringMatching(/index\.json: not valid JSON .*kept as index\.json\.corrupt-20250301T021000Z and rebuilt/),
    ]);
    expect(fs.readFileSync(aside, 'utf8')).toBe('{"version":1,"incidents":{');
    expect(index.get('01JAAA')?.title).toBe('db down');
    expect(onDisk().incidents['01JAAA']?.title).toBe('db down');
  });

  it('treats an index of another shape as corrupt too', async () => {
    fs.writeFileSync(indexFile(), '[1,2,3]\n', { mode: 0o600 });
    const index = await IncidentIndex.load(state, summarize);
    expect(index.warnings).toEqual([expect.stringMatching(/not an incident index/)]);
    expect(onDisk()).toEqual({ version: INDEX_VERSION, incidents: {} });
  });

  it('rebuilds an index written by an older version quietly, rows and all', async () => {
    declare('01JAAA', 'db down', '2025-03-01T01:00:00.000Z').close();
    const size = fs.statSync(eventsPath(incidentDir(state, '01JAAA'))).size;
    // What incident 0.1 wrote: the same log size (so "fresh" by the old key), no metrics.
    const old = {
      id: '01JAAA',
      title: 'db down',
      status: 'open',
      phase: 'declare',
      declaredAt: '2025-03-01T01:00:00.000Z',
      logSize: size,
      eventCount: 1,
    };
    fs.writeFileSync(indexFile(), JSON.stringify({ version: 1, incidents: { '01JAAA': old } }), { mode: 0o600 });
    const index = await IncidentIndex.load(state, summarize);
    expect(index.warnings).toEqual([]);
    expect(summarizeCalls).toEqual(['01JAAA']);
    expect(index.get('01JAAA')?.metrics).toEqual({ ttdMs: null, ttaMs: null, ttmMs: null, ttrMs: null });
    expect(onDisk().version).toBe(INDEX_VERSION);
    expect(onDisk().incidents['01JAAA']).toHaveProperty('metrics');
    expect(fs.readdirSync(state).filter((f) => f.includes('corrupt'))).toEqual([]);
  });

  it('re-summarises a log that grew after the index was written (crash before the index write)', async () => {
    const log = declare('01JAAA', 'db down', '2025-03-01T01:00:00.000Z');
    await IncidentIndex.load(state, summarize);
    log.append({ phase: 'contain', type: 'note.added', data: {} });
    log.close();
    summarizeCalls = [];
    const index = await IncidentIndex.load(state, summarize);
    expect(summarizeCalls).toEqual(['01JAAA']);
    expect(index.get('01JAAA')).toMatchObject({ eventCount: 2, phase: 'contain' });
    expect(onDisk().incidents['01JAAA']?.eventCount).toBe(2);
  });

  it('drops incidents whose folder is gone and reports unreadable lines of a log', async () => {
    declare('01JAAA', 'db down', '2025-03-01T01:00:00.000Z').close();
    declare('01JBBB', 'queue stuck', '2025-03-01T03:00:00.000Z').close();
    await IncidentIndex.load(state, summarize);
    fs.rmSync(incidentDir(state, '01JAAA'), { recursive: true });
    fs.appendFileSync(eventsPath(incidentDir(state, '01JBBB')), 'garbage\n');
    const index = await IncidentIndex.load(state, summarize);
    expect(index.list().map((s) => s.id)).toEqual(['01JBBB']);
    expect(index.warnings).toEqual([expect.stringMatching(/01JBBB\/events\.jsonl:2: line skipped/)]);
  });

  it('upsert writes to disk for real, even under NODE_ENV=test', async () => {
    // JSONFilePreset would silently switch to memory here; we must not.
    expect(process.env.NODE_ENV).toBe('test');
    declare('01JAAA', 'db down', '2025-03-01T01:00:00.000Z').close();
    const index = await IncidentIndex.load(state, summarize);
    const current = index.get('01JAAA')!;
    await index.upsert({ ...current, severity: 'SEV-2', title: 'db down (primary)' });
    expect(onDisk().incidents['01JAAA']).toMatchObject({ severity: 'SEV-2', title: 'db down (primary)' });
    const reloaded = await IncidentIndex.load(state, summarize);
    expect(reloaded.get('01JAAA')).toMatchObject({ severity: 'SEV-2', title: 'db down (primary)' });
  });

  it('refresh re-summarises one incident after an append', async () => {
    const log = declare('01JAAA', 'db down', '2025-03-01T01:00:00.000Z');
    const index = await IncidentIndex.load(state, summarize);
    log.append({ phase: 'resolve', type: 'note.added', data: {} });
    log.close();
    await index.refresh('01JAAA');
    expect(onDisk().incidents['01JAAA']).toMatchObject({ eventCount: 2, phase: 'resolve' });
  });
});

describe('DurableAdapter', () => {
  it('reads null for a missing file and a typed error for bad JSON', async () => {
    const file = path.join(state, 'x.json');
    expect(await new DurableAdapter(file).read()).toBeNull();
    fs.writeFileSync(file, '{nope');
    const err = await new DurableAdapter(file).read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptFileError);
    expect((err as CorruptFileError).path).toBe(file);
  });

  it('keeps the last of overlapping writes and leaves no temp files', async () => {
    const file = path.join(state, 'x.json');
    const adapter = new DurableAdapter<{ n: number }>(file);
    await Promise.all(Array.from({ length: 20 }, (_, n) => adapter.write({ n })));
    expect(await adapter.read()).toEqual({ n: 19 });
    expect(fs.readdirSync(state)).toEqual(['x.json']);
    expect(modeOf(file)).toBe(0o600);
  });
});

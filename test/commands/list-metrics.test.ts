// `incident list` with real timelines: one incident walked through the
// session to resolve, one only declared, and an index left by the previous
// version of the tool.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { list } from '../../src/commands/list.js';
import { declare } from '../../src/commands/declare.js';
import type { Output } from '../../src/commands/errors.js';
import type { Services } from '../../src/services.js';
import { Session, type SessionDeps } from '../../src/session/incident-session.js';
import { EventLog, eventsPath } from '../../src/timeline/event-log.js';
import { incidentDir } from '../../src/timeline/state-dir.js';
import { INDEX_FILE } from '../../src/timeline/incident-index.js';
import { formatDuration } from '../../src/domain/format-time.js';
import type { IncidentSummary, TimelineEntry } from '../../src/domain/types.js';
import { makeTempDir } from '../helpers/temp.js';
import { makeDeps } from '../helpers/session.js';
import { answerAll, CONTAIN, DETECT, RESOLVE, TRIAGE, verifyAll } from '../helpers/incident-script.js';
import { testServices } from '../helpers/services.js';

let tmp: { dir: string; cleanup: () => void };
let deps: SessionDeps;
let services: Services;
let out: string[];
const io: Output = { out: (l) => out.push(l), err: () => undefined };

beforeEach(async () => {
  tmp = makeTempDir('incident-list-');
  deps = await makeDeps(tmp.dir);
  services = testServices(tmp.dir, { stateDir: deps.store.stateDir, now: deps.now });
  out = [];
});
afterEach(async () => {
  await deps.store.flush();
  tmp.cleanup();
});

/** Declared, detected (started "20 min ago"), contained by a rollback, resolved: the session writes the log. */
async function resolvedIncident(): Promise<{ id: string; entries: TimelineEntry[] }> {
  const s = Session.fresh(deps);
  const declared = s.submit({ type: 'declare', title: 'Checkout returns 500' });
  if (!declared.ok) throw new Error(declared.error);
  answerAll(s, [...DETECT, ...TRIAGE, ...CONTAIN, ...RESOLVE], deps.now);
  verifyAll(s, deps.now);
  const id = s.id!;
  s.close();
  await deps.store.flush();
  return { id, entries: EventLog.read(eventsPath(incidentDir(deps.store.stateDir, id))).entries };
}

const at = (entries: TimelineEntry[], type: string, pick: (e: TimelineEntry) => string = (e) => e.at) => {
  const e = entries.find((x) => x.type === type);
  if (!e) throw new Error(`no ${type}`);
  return Date.parse(pick(e));
};

async function listJson(): Promise<IncidentSummary[]> {
  out = [];
  await list(services, { json: true }, io);
  return JSON.parse(out.join('\n')) as IncidentSummary[];
}

describe('incident list: metrics', () => {
  it('shows TTD, TTM and TTR from the timeline, and — for what has not happened', async () => {
    const { id, entries } = await resolvedIncident();
    await declare(services, 'Search is slow', {}, io);

    const started = at(entries, 'answer', () => String(entries.find((e) => e.data.step === 'detect.started')!.data.startedAt));
    const expected = {
      ttdMs: at(entries, 'incident.declared') - started,
      ttaMs: 0,
      ttmMs: at(entries, 'mitigated') - started,
      ttrMs: at(entries, 'resolved') - started,
    };
    const json = await listJson();
    expect(json.find((i) => i.id === id)?.metrics).toEqual(expected);
    expect(json.find((i) => i.id !== id)?.metrics).toEqual({ ttdMs: null, ttaMs: 0, ttmMs: null, ttrMs: null });
    expect(expected.ttdMs).toBeGreaterThan(19 * 60_000);

    out = [];
    await list(services, {}, io);
    expect(out[0]).toMatch(/^ID\s+STATUS\s+SEV\s+PHASE\s+STARTED \(UTC\)\s+DURATION\s+TTD\s+TTM\s+TTR\s+TITLE$/);
    const cells = (line: string) => line.split(/\s{2,}/);
    const header = cells(out[0]!);
    const row = (prefix: string) => {
      const line = out.find((l) => l.startsWith(prefix))!;
      // Columns are padded to the header: cut each at its header's offset.
      const starts = header.map((h) => out[0]!.indexOf(h));
      return starts.map((s, i) => line.slice(s, starts[i + 1]).trim());
    };
    expect(row(id).slice(6, 9)).toEqual([formatDuration(expected.ttdMs), formatDuration(expected.ttmMs), formatDuration(expected.ttrMs)]);
    expect(row('2026-11-25-search-is-slow').slice(6)).toEqual(['—', '—', '—', 'Search is slow']);
  });

  it('takes a milestone set by hand, and shows a dash rather than a negative time', async () => {
    const { id, entries } = await resolvedIncident();
    const log = EventLog.open(incidentDir(deps.store.stateDir, id), { actor: 'bo@desk', now: deps.now });
    const declaredAt = at(entries, 'incident.declared');
    log.append({
      phase: 'verify',
      type: 'milestone.set',
      data: { milestone: 'detected', at: new Date(declaredAt - 5 * 60_000).toISOString() },
    });
    log.append({ phase: 'verify', type: 'milestone.set', data: { milestone: 'mitigated', at: '2020-01-01T00:00:00.000Z' } });
    log.close();

    const [summary] = await listJson();
    const started = Date.parse(String(entries.find((e) => e.data.step === 'detect.started')!.data.startedAt));
    expect(summary!.metrics).toMatchObject({ ttdMs: declaredAt - 5 * 60_000 - started, ttaMs: 5 * 60_000, ttmMs: null });
  });

  it('rebuilds an index left by the previous version instead of showing blanks', async () => {
    const { id } = await resolvedIncident();
    const fresh = await listJson();
    // incident 0.1's index: version 1, rows without metrics, log sizes that still match.
    const old = Object.fromEntries(
      fresh.map((s) => {
        const { metrics: _metrics, ...rest } = s;
        return [s.id, rest];
      }),
    );
    writeFileSync(join(deps.store.stateDir, INDEX_FILE), JSON.stringify({ version: 1, incidents: old }), { mode: 0o600 });

    const again = await listJson();
    expect(again.find((s) => s.id === id)?.metrics).toEqual(fresh.find((s) => s.id === id)?.metrics);
    expect(again.find((s) => s.id === id)?.metrics.ttrMs).toEqual(expect.any(Number));
  });
});

// Drills are left out of `incident list` (and so out of anything read off its
// metrics) unless --drills asks for them; --json says which rows are drills.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { list } from '../../src/commands/list.js';
import { declare } from '../../src/commands/declare.js';
import type { Output } from '../../src/commands/errors.js';
import type { Services } from '../../src/services.js';
import { Session, type SessionDeps } from '../../src/session/incident-session.js';
import type { IncidentSummary } from '../../src/domain/types.js';
import { makeTempDir } from '../helpers/temp.js';
import { makeDeps } from '../helpers/session.js';
import { testServices } from '../helpers/services.js';
import { timeline } from '../../src/commands/timeline.js';
import { milestone } from '../../src/commands/milestone.js';
import { EventLog } from '../../src/timeline/event-log.js';
import { incidentDir } from '../../src/timeline/state-dir.js';

let tmp: { dir: string; cleanup: () => void };
let deps: SessionDeps;
let services: Services;
let out: string[];
const io: Output = { out: (l) => out.push(l), err: () => undefined };

beforeEach(async () => {
  tmp = makeTempDir('incident-list-drills-');
  deps = await makeDeps(tmp.dir, { drill: { scenario: 'db-pool' } });
  services = testServices(tmp.dir, { stateDir: deps.store.stateDir, now: deps.now });
  out = [];
});
afterEach(async () => {
  await deps.store.flush();
  tmp.cleanup();
});

async function oneOfEach(): Promise<{ drill: string; real: string }> {
  const s = Session.fresh(deps);
  s.submit({ type: 'declare', title: 'Database pool exhausted' });
  const drill = s.id!;
  s.close();
  await deps.store.flush();
  await declare(services, 'Checkout returns 500', { severity: '2' }, io);
  const real = out[0]!;
  out = [];
  return { drill, real };
}

describe('incident list and drills', () => {
  it('leaves drills out by default, in text and JSON', async () => {
    const { real } = await oneOfEach();
    await list(services, {}, io);
    expect(out.join('\n')).toContain(real);
    expect(out.join('\n')).not.toContain('Database pool exhausted');
    out = [];
    await list(services, { json: true }, io);
    const rows = JSON.parse(out.join('\n')) as IncidentSummary[];
    expect(rows.map((r) => [r.id, r.drill])).toEqual([[real, null]]);
  });

  it('--drills shows them, marked, with the scenario in JSON', async () => {
    const { drill, real } = await oneOfEach();
    await list(services, { drills: true }, io);
    const row = out.find((l) => l.startsWith(drill))!;
    expect(row).toMatch(/\[drill: db-pool\] Database pool exhausted$/);
    expect(out.some((l) => l.startsWith(real))).toBe(true);
    out = [];
    await list(services, { json: true, drills: true }, io);
    const rows = JSON.parse(out.join('\n')) as IncidentSummary[];
    expect(Object.fromEntries(rows.map((r) => [r.id, r.drill]))).toEqual({ [drill]: { scenario: 'db-pool' }, [real]: null });
  });

  it('a command without an id falls back to the latest real incident, never to a drill run since', async () => {
    await declare(services, 'Checkout returns 500', { severity: '2' }, io);
    const real = out[0]!;
    const log = EventLog.open(incidentDir(services.stateDir, real), { actor: 'ana@laptop', now: services.now });
    log.append({ type: 'incident.closed', phase: 'closed', data: {} });
    log.close();
    const s = Session.fresh(deps);
    s.submit({ type: 'declare', title: 'Database pool exhausted' });
    s.close();
    await deps.store.flush();

    out = [];
    await timeline(services, undefined, {}, io);
    expect(out.join('\n')).toContain('Checkout returns 500');
    expect(out.join('\n')).not.toContain('Database pool exhausted');
    out = [];
    await milestone(services, [], {}, io);
    expect(out[0]).toBe(`Milestones of ${real}:`);
  });

  it('only drills recorded: the plain list says there are no incidents', async () => {
    const s = Session.fresh(deps);
    s.submit({ type: 'declare', title: 'Database pool exhausted' });
    s.close();
    await deps.store.flush();
    await list(services, {}, io);
    expect(out).toEqual(['No incidents recorded yet. `incident` declares one.']);
  });
});

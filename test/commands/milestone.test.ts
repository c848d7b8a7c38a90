// `incident milestone`: the milestones of the open (or latest) incident, and
// correcting one from the command line — recorded as `milestone.set`, used by
// `incident list` and the post-mortem; bad input is one clear line, nothing written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { milestone } from '../../src/commands/milestone.js';
import { declare } from '../../src/commands/declare.js';
import { list } from '../../src/commands/list.js';
import { UserError, type Output } from '../../src/commands/errors.js';
import type { Services } from '../../src/services.js';
import type { IncidentSummary } from '../../src/domain/types.js';
import { IncidentStore } from '../../src/session/incident-store.js';
import { EventLog } from '../../src/timeline/event-log.js';
import { incidentDir } from '../../src/timeline/state-dir.js';
import { makeTempDir } from '../helpers/temp.js';
import { testServices } from '../helpers/services.js';

let tmp: { dir: string; cleanup: () => void };
let services: Services;
let out: string[];
let err: string[];
const io: Output = { out: (l) => out.push(l), err: (l) => err.push(l) };

beforeEach(() => {
  tmp = makeTempDir('incident-milestone-');
  services = testServices(tmp.dir);
  out = [];
  err = [];
});
afterEach(() => tmp.cleanup());

async function declared(started?: string): Promise<string> {
  await declare(services, 'Checkout returns 500', { severity: '2', ...(started ? { started } : {}) }, io);
  const id = out[0]!;
  out = [];
  return id;
}

const entriesOf = async (id: string) => (await IncidentStore.open(services.stateDir)).readEntries(id).entries;

describe('incident milestone', () => {
  it('with nothing to set: the table, how each is known, the metrics, and how to set the unknown start', async () => {
    const id = await declared();
    expect(await milestone(services, [], {}, io)).toBe(0);
    expect(out[0]).toBe(`Milestones of ${id}:`);
    expect(out[1]).toMatch(/^MILESTONE\s+TIME \(UTC\)\s+HOW WE KNOW$/);
    expect(out.find((l) => l.startsWith('Detected'))).toMatch(/2026-11-25 02:10:0\d UTC\s+when the incident was declared$/);
    expect(out.find((l) => l.startsWith('Mitigated'))).toMatch(/—\s+not mitigated yet$/);
    expect(out).toContain('TTD — · TTA 0s · TTM — · TTR —');
    expect(out.at(-1)).toBe('The start is not known (no start time was given): set it with `incident milestone started 01:40`.');
  });

  it('sets one: recorded with what was typed, said with what it was, and used by incident list', async () => {
    const id = await declared('2026-11-25T01:40:00Z');
    expect(await milestone(services, ['detected', '2026-11-25T01:55Z'], {}, io)).toBe(0);
    expect(out[0]).toMatch(
      new RegExp(`^Detected set to 2026-11-25 01:55:00 UTC in ${id} \\(was 2026-11-25 02:10:0\\d UTC, when the incident was declared\\)$`),
    );
    expect(out.at(-1)).toBe('The post-mortem will use it.');
    const set = (await entriesOf(id)).filter((e) => e.type === 'milestone.set');
    expect(set.map((e) => e.data)).toEqual([{ milestone: 'detected', at: '2026-11-25T01:55:00.000Z', input: 'detected 2026-11-25T01:55Z' }]);
    expect(set[0]!.actor).toBe('ana@laptop');

    out = [];
    await list(services, { json: true }, io);
    const [summary] = JSON.parse(out.join('\n')) as IncidentSummary[];
    expect(summary!.metrics.ttdMs).toBe(15 * 60_000);
    // Acknowledged is still the declaration, a few seconds after 02:10.
    expect(summary!.metrics.ttaMs).toBeGreaterThan(15 * 60_000);

    out = [];
    await milestone(services, [], {}, io);
    expect(out.find((l) => l.startsWith('Detected'))).toMatch(/2026-11-25 01:55:00 UTC\s+set by hand \(recorded 2026-11-25 02:10 UTC\)$/);
  });

  it('warns when the new time breaks the order the metrics need, and still takes it', async () => {
    const id = await declared('2026-11-25T01:40:00Z');
    await milestone(services, ['detected', '2026-11-25T01:30Z'], {}, io);
    expect(out).toContain(
      'Note: that is before started (2026-11-25 01:40 UTC), so time to detect cannot be shown until one of them is corrected',
    );
    expect((await entriesOf(id)).some((e) => e.type === 'milestone.set')).toBe(true);
  });

  it.each([
    [['foo', '01:00'], /^"foo" is not a milestone: use one of started, detected, acknowledged, mitigated, resolved/],
    [['detected'], /^When was it detected\? Add a time/],
    [['mitigated', '2026-11-26T03:00Z'], /is in the future \(now 02:10 UTC\)/],
  ])('refuses %j with a usage error, and writes nothing', async (words, message) => {
    const id = await declared();
    const before = (await entriesOf(id)).length;
    const error = await milestone(services, words, {}, io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).message).toMatch(message);
    expect((await entriesOf(id)).length).toBe(before);
  });

  it('a closed incident can be corrected at the review, and says how to write its post-mortem again', async () => {
    const id = await declared('2026-11-25T01:40:00Z');
    // Closed as `incident` closes one: the last event of its log.
    const log = EventLog.open(incidentDir(services.stateDir, id), { actor: 'ana@laptop', now: services.now });
    log.append({ type: 'incident.closed', phase: 'closed', data: {} });
    log.close();

    expect(await milestone(services, ['mitigated', '2026-11-25T02:05Z'], { id: id.slice(0, 14) }, io)).toBe(0);
    expect(out.at(-1)).toBe(`\`incident postmortem ${id}\` writes its post-mortem again with it.`);

    // Days later, at the review: a time alone would be read as today's, so the day is asked for.
    const later = testServices(tmp.dir, { now: () => new Date('2026-11-28T10:00:00Z') });
    for (const words of [['detected', '01:50'], ['detected', 'yesterday', '01:50'], ['detected', '3', 'days', 'ago']]) {
      const refused = await milestone(later, words, {}, io).catch((e: unknown) => e);
      expect((refused as UserError).exitCode).toBe(2);
      expect((refused as UserError).message).toMatch(
        new RegExp(`^${id} ended 2026-11-25 02:10:\\d\\d UTC: give the day with the time, e\\.g\\. \`incident milestone detected 2026-11-25 01:50\``),
      );
    }
    out = [];
    expect(await milestone(later, ['detected', '2026-11-25T01:50Z'], {}, io)).toBe(0);
    expect(out[0]).toMatch(/^Detected set to 2026-11-25 01:50:00 UTC/);
    // That correction, recorded today, does not make the incident recent: the day is still asked for.
    const again = await milestone(later, ['resolved', '03:00'], {}, io).catch((e: unknown) => e);
    expect((again as UserError).exitCode).toBe(2);
  });
});

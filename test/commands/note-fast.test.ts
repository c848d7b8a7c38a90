// The fast path of `incident note`: the common case appends exactly as the
// full command does; every other case is left to the full command (null).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declare } from '../../src/commands/declare.js';
import { note } from '../../src/commands/note.js';
import { fastNote } from '../../src/commands/note-fast.js';
import type { Output } from '../../src/commands/errors.js';
import type { Services } from '../../src/services.js';
import { EventLog, eventsPath } from '../../src/timeline/event-log.js';
import { incidentDir } from '../../src/timeline/state-dir.js';
import { makeTempDir } from '../helpers/temp.js';
import { testServices } from '../helpers/services.js';

let tmp: { dir: string; cleanup: () => void };
let services: Services;
let out: string[];
const io: Output = { out: (l) => out.push(l), err: () => undefined };
const print = (l: string) => out.push(l);

beforeEach(() => {
  tmp = makeTempDir('incident-fastnote-');
  services = testServices(tmp.dir);
  out = [];
});
afterEach(() => tmp.cleanup());

const entries = (id: string) => EventLog.read(eventsPath(incidentDir(services.stateDir, id))).entries;

describe('fastNote', () => {
  it('appends to the one open incident, masked, in the phase its log is in now, and says so like the full command', async () => {
    await declare(services, 'Queue is stuck', {}, io);
    const id = out[0]!.trim();
    // The TUI moved on since the index was written.
    const log = EventLog.open(incidentDir(services.stateDir, id), { actor: 'ana@laptop', now: services.now });
    log.append({ type: 'phase.changed', phase: 'triage', data: { from: 'detect', to: 'triage' } });
    log.close();
    out = [];
    expect(fastNote(['restarted', 'worker-3', 'token=hunter2secret'], print, services)).toBe(0);
    expect(out).toEqual([expect.stringMatching(new RegExp(`^Noted at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC in ${id}$`))]);
    const last = entries(id).at(-1)!;
    expect(last).toMatchObject({ type: 'note.added', phase: 'triage', actor: 'ana@laptop' });
    expect(last.data.text).toBe('restarted worker-3 token=****');
  });

  it('leaves everything else to the full command', async () => {
    expect(fastNote(['x'], print, services)).toBeNull(); // no index yet
    await declare(services, 'Queue is stuck', {}, io);
    const id = out[0]!.trim();
    expect(fastNote(['--at', '01:52', 'deploy'], print, services)).toBeNull();
    expect(fastNote(['--help'], print, services)).toBeNull();
    expect(fastNote([], print, services)).toBeNull();
    expect(fastNote(['  '], print, services)).toBeNull();
    await declare(services, 'Search is slow', {}, io);
    expect(fastNote(['which one?'], print, services)).toBeNull(); // two open: the full command asks for --id
    await note(services, ['checked'], { id }, io);
    expect(
      entries(id)
        .filter((e) => e.type === 'note.added')
        .map((e) => e.data.text),
    ).toEqual(['checked']);
  });

  it('an incident closed since the index was written is left to the full command, which refuses the note', async () => {
    await declare(services, 'Queue is stuck', {}, io);
    const id = out[0]!.trim();
    const closing = EventLog.open(incidentDir(services.stateDir, id), { actor: 'ana@laptop', now: services.now });
    closing.append({ type: 'incident.closed', phase: 'closed', data: {} });
    closing.close();
    expect(fastNote(['late'], print, services)).toBeNull();
    expect(entries(id).some((e) => e.type === 'note.added')).toBe(false);
  });
});

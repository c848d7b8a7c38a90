import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { declare } from '../../src/commands/declare.js';
import { note } from '../../src/commands/note.js';
import { list } from '../../src/commands/list.js';
import { timeline } from '../../src/commands/timeline.js';
import { postmortem } from '../../src/commands/postmortem.js';
import { appendFileSync, chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { UserError, type Output } from '../../src/commands/errors.js';
import type { Services } from '../../src/services.js';
import { makeTempDir } from '../helpers/temp.js';
import { EventLog } from '../../src/timeline/event-log.js';
import { incidentDir } from '../../src/timeline/state-dir.js';
import { testServices } from '../helpers/services.js';

let tmp: { dir: string; cleanup: () => void };
let services: Services;
let out: string[];
let err: string[];
const io: Output = { out: (l) => out.push(l), err: (l) => err.push(l) };

beforeEach(() => {
  tmp = makeTempDir('incident-cmd-');
  services = testServices(tmp.dir);
  out = [];
  err = [];
});
afterEach(() => tmp.cleanup());

describe('declare', () => {
  it('prints the id, records severity, URL and start, masks secrets in the URL', async () => {
    expect(
      await declare(
        services,
        'Checkout returns 500',
        { severity: '2', url: 'https://admin:s3cret@shop.example.com/health', started: '20 min ago' },
        io,
      ),
    ).toBe(0);
    expect(out).toEqual(['2026-11-25-checkout-returns-500']);
    out = [];
    await timeline(services, undefined, { json: true }, io);
    const entries = JSON.parse(out.join('\n')) as { type: string; data: Record<string, unknown> }[];
    expect(entries.map((e) => e.type)).toEqual(['incident.declared', 'severity.set']);
    expect(entries[0]!.data).toMatchObject({ title: 'Checkout returns 500', severity: 'SEV-2', source: 'cli', startedInput: '20 min ago' });
    expect(JSON.stringify(entries)).not.toContain('s3cret');
  });

  it.each([
    [{ severity: 'SEV-9' }, /--severity "SEV-9" is not a severity/],
    [{ url: 'ftp://x' }, /--url/],
    [{ started: 'whenever it was' }, /--started/],
  ])('rejects bad options with a usage error: %j', async (opts, message) => {
    const failure = declare(services, 'x', opts, io);
    await expect(failure).rejects.toThrow(message);
    await expect(failure).rejects.toMatchObject({ exitCode: 2 });
  });

  it('an empty title is a usage error', async () => {
    await expect(declare(services, '   ', {}, io)).rejects.toBeInstanceOf(UserError);
  });
});

describe('note', () => {
  it('with no open incident: a clear message, exit 1', async () => {
    const failure = note(services, ['hello'], {}, io);
    await expect(failure).rejects.toThrow(/No incident is open/);
    await expect(failure).rejects.toMatchObject({ exitCode: 1 });
  });

  it('appends to the only open incident and prints the UTC time', async () => {
    await declare(services, 'DB pool exhausted', {}, io);
    out = [];
    expect(await note(services, ['restarted', 'api-3'], {}, io)).toBe(0);
    expect(out[0]).toMatch(/^Noted at 2026-11-25 02:10:\d\d UTC in 2026-11-25-db-pool-exhausted$/);
  });

  it('--at backfills: the note is ordered by when it happened, and says both times', async () => {
    await declare(services, 'DB pool exhausted', {}, io);
    await note(services, ['rolled', 'back'], {}, io);
    out = [];
    expect(await note(services, ['deploy', 'of', 'v2.3.1', 'finished'], { at: '20 min ago' }, io)).toBe(0);
    expect(out[0]).toMatch(
      /^Noted in 2026-11-25-db-pool-exhausted: happened at 2026-11-25 01:5\d:\d\d UTC, recorded at 2026-11-25 02:10:\d\d UTC$/,
    );
    out = [];
    await timeline(services, undefined, {}, io);
    expect(out[1]).toBe('Times in UTC; * = happened earlier than it was recorded.');
    expect(out[2]).toMatch(/^2026-11-25 01:5\d:\d\d UTC\* declare\s+Note: deploy of v2\.3\.1 finished$/);
    await expect(note(services, ['x'], { at: 'whenever' }, io)).rejects.toMatchObject({ exitCode: 2 });
  });

  it('masks what is noted, and says once that it fixed a log left readable by others', async () => {
    await declare(services, 'DB pool exhausted', {}, io);
    const log = join(services.stateDir, 'incidents', '2026-11-25-db-pool-exhausted', 'events.jsonl');
    chmodSync(log, 0o644);
    err = [];
    expect(await note(services, ['psql', `postgres://app:${'hunter22'}@db/shop`, 'works'], {}, io)).toBe(0);
    expect(err).toEqual([`warning: fixed permissions of ${log}: was 0644`]);
    expect(statSync(log).mode & 0o777).toBe(0o600);
    err = [];
    await note(services, ['again'], {}, io);
    expect(err).toEqual([]);
    expect(readFileSync(log, 'utf8')).toContain('postgres://app:****@db/shop');
    expect(readFileSync(log, 'utf8')).not.toContain('hunter22');
  });

  it('several open incidents need --id, which takes a unique prefix', async () => {
    await declare(services, 'DB pool exhausted', {}, io);
    await declare(services, 'Search is slow', {}, io);
    await expect(note(services, ['x'], {}, io)).rejects.toThrow(/Several incidents are open/);
    await expect(note(services, ['x'], { id: '2026-11-25' }, io)).rejects.toThrow(/matches several incidents/);
    await expect(note(services, ['x'], { id: 'nope' }, io)).rejects.toThrow(/No incident "nope"/);
    expect(await note(services, ['x'], { id: '2026-11-25-search' }, io)).toBe(0);
  });
});

describe('list and timeline', () => {
  it('list says when there is nothing, and lists newest first with durations', async () => {
    await list(services, {}, io);
    expect(out).toEqual(['No incidents recorded yet. `incident` declares one.']);
    out = [];
    await declare(services, 'First', { severity: 'SEV-3' }, io);
    await declare(services, 'Second', {}, io);
    out = [];
    await list(services, {}, io);
    expect(out[0]).toMatch(/^ID\s+STATUS\s+SEV\s+PHASE\s+STARTED \(UTC\)\s+DURATION\s+TTD\s+TTM\s+TTR\s+TITLE$/);
    expect(out[1]).toMatch(/2026-11-25-second\s+open\s+SEV-\?/);
    expect(out[2]).toMatch(/2026-11-25-first\s+open\s+SEV-3/);
    out = [];
    await list(services, { json: true }, io);
    expect((JSON.parse(out.join('\n')) as { id: string }[]).map((i) => i.id)).toEqual(['2026-11-25-second', '2026-11-25-first']);
  });

  it('timeline prints every event in UTC, ordered by when it happened', async () => {
    await declare(services, 'Checkout returns 500', {}, io);
    await note(services, ['rolled back'], {}, io);
    out = [];
    await timeline(services, undefined, {}, io);
    expect(out[0]).toBe('Checkout returns 500  (2026-11-25-checkout-returns-500, SEV-?, open)');
    expect(out.slice(2)).toEqual([
      expect.stringMatching(/^2026-11-25 02:10:\d\d UTC  declare\s+Declared: Checkout returns 500$/),
      expect.stringMatching(/^2026-11-25 02:10:\d\d UTC  declare\s+Note: rolled back$/),
    ]);
  });
});

describe('timeline output is masked', () => {
  it('even for a log line written unmasked (an older version, a hand edit)', async () => {
    await declare(services, 'Checkout returns 500', {}, io);
    const log = join(services.stateDir, 'incidents', '2026-11-25-checkout-returns-500', 'events.jsonl');
    const token = 'ghp_' + 'abcdefghijklmnopqrstuvwxyz0123456789';
    const raw = {
      id: '01JX',
      seq: 9,
      at: '2026-11-25T02:11:00.000Z',
      phase: 'declare',
      type: 'note.added',
      actor: 'x@y',
      data: { text: `use ${token}` },
    };
    appendFileSync(log, `${JSON.stringify(raw)}\n`);
    out = [];
    await timeline(services, undefined, {}, io);
    await timeline(services, undefined, { json: true }, io);
    expect(out.join('\n')).toContain('Note: use ghp_****');
    expect(out.join('\n')).not.toContain(token);
  });
});

describe('postmortem', () => {
  it('writes a draft from the timeline at any time, backfilled notes in order', async () => {
    await declare(services, 'Checkout returns 500', { severity: 'SEV-2', started: '30 min ago' }, io);
    await note(services, ['deploy', 'of', 'v2.3.1', 'finished'], { at: '25 min ago' }, io);
    out = [];
    expect(await postmortem(services, undefined, { stdout: true }, io)).toBe(0);
    const md = out.join('\n');
    expect(md).toContain('# Post-mortem: Checkout returns 500');
    expect(md).toMatch(/\| 01:4\d \| [^|]+ \| note \| Note: deploy of v2\.3\.1 finished/);
    out = [];
    err = [];
    expect(await postmortem(services, undefined, {}, io)).toBe(0);
    expect(out[0]).toBe(join(tmp.dir, 'docs/incidents/2026-11-25-checkout-returns-500.md'));
    expect(existsSync(out[0]!)).toBe(true);
    expect(err).toContain('The incident is still open: this is a draft; `incident` finishes it.');
    out = [];
    await postmortem(services, '2026-11-25-checkout', { out: 'pm.md' }, io);
    expect(readFileSync(join(tmp.dir, 'pm.md'), 'utf8')).toContain('SEV-2');
    await expect(postmortem(services, undefined, { out: 'x.md', stdout: true }, io)).rejects.toMatchObject({ exitCode: 2 });
  });

  it('--reviewed records the review once the incident is closed, and the status line says who reviewed it', async () => {
    await declare(services, 'Search is slow', { severity: 'SEV-3' }, io);
    const id = out[0]!.trim().split(/\s+/)[0]!;
    await expect(postmortem(services, undefined, { reviewed: true, stdout: true }, io)).rejects.toThrow(/still open: finish it/);
    await expect(postmortem(services, undefined, { by: 'dana', stdout: true }, io)).rejects.toMatchObject({ exitCode: 2 });
    // Closed from the TUI, as far as the log is concerned.
    const log = EventLog.open(incidentDir(services.stateDir, id), { actor: 'ana@laptop', now: services.now });
    log.append({ type: 'incident.closed', phase: 'closed', data: {} });
    log.close();
    out = [];
    expect(await postmortem(services, id, { reviewed: true, by: 'dana', stdout: true }, io)).toBe(0);
    expect(out.join('\n')).toMatch(/\*\*Status:\*\* Reviewed by dana on \d{4}-\d\d-\d\d/);
    out = [];
    await timeline(services, id, { json: true }, io);
    expect(JSON.parse(out.join('\n')).at(-1)).toMatchObject({ type: 'postmortem.reviewed', data: { by: 'dana' } });
  });
});

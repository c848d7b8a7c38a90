import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../src/domain/types.js';
import { EventLog, eventsPath, readTailSeq } from '../../src/timeline/event-log.js';
import { makeTempDir, modeOf } from '../helpers/temp.js';

const ISO_MS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A clock that moves 1.5 s per reading, from 2025-03-01T01:52:00Z. */
function steppingClock(): () => Date {
  let t = Date.UTC(2025, 2, 1, 1, 52, 0);
  return () => new Date((t += 1500));
}

let root: string;
let cleanup: () => void;
let dir: string;
let file: string;
beforeEach(() => {
  ({ dir: root, cleanup } = makeTempDir());
  dir = path.join(root, 'incidents', '01JTEST');
  file = eventsPath(dir);
});
afterEach(() => cleanup());

/** Writes the log by hand, as our own writer would have created it (0700/0600). */
function writeRaw(content: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, content, { mode: 0o600 });
}

const open = (now = steppingClock()): EventLog => EventLog.open(dir, { actor: 'ana@laptop', now });
const note = (text: string) => ({ phase: 'triage' as const, type: 'note.added', data: { text } });

function fakeLine(seq: number): string {
  const e: TimelineEntry = {
    id: `01JFAKE${String(seq).padStart(19, '0')}`,
    seq,
    at: '2025-03-01T01:52:00.000Z',
    phase: 'triage',
    type: 'note.added',
    actor: 'bob@box',
    data: { text: `line ${seq}` },
  };
  return `${JSON.stringify(e)}\n`;
}

describe('EventLog round trip', () => {
  it('appends entries that read back identically, with private modes', () => {
    const log = open();
    expect(log.warnings).toEqual([]);
    const a = log.append({ phase: 'declare', type: 'incident.declared', data: { title: 'db down' } });
    const b = log.append({ ...note('checking'), occurredAt: '2025-03-01T01:40:00.000Z' });
    const c = log.append(note('rolled back'));
    log.close();

    expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 3]);
    for (const e of [a, b, c]) {
      expect(e.at).toMatch(ISO_MS_UTC);
      expect(e.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(e.actor).toBe('ana@laptop');
    }
    expect(a.at).toBe('2025-03-01T01:52:01.500Z');
    expect(a.id < b.id && b.id < c.id).toBe(true);
    expect(b.occurredAt).toBe('2025-03-01T01:40:00.000Z');
    expect('occurredAt' in a).toBe(false);

    const { entries, warnings, size } = EventLog.read(file);
    expect(warnings).toEqual([]);
    expect(entries).toEqual([a, b, c]);
    expect(size).toBe(fs.statSync(file).size);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(file)).toBe(0o600);
  });

  it('continues the seq after reopening', () => {
    const first = open();
    first.append(note('one'));
    first.append(note('two'));
    first.close();
    const again = open();
    expect(again.lastSeq).toBe(2);
    expect(again.append(note('three')).seq).toBe(3);
    again.close();
    expect(readTailSeq(file)).toBe(3);
  });

  it('treats a missing or empty log as no events', () => {
    expect(EventLog.read(file)).toEqual({ entries: [], warnings: [], size: 0 });
    expect(readTailSeq(file)).toBe(0);
    open().close();
    expect(fs.statSync(file).size).toBe(0);
    expect(EventLog.read(file)).toEqual({ entries: [], warnings: [], size: 0 });
  });

  it('tightens a log file that was left readable by others', () => {
    writeRaw(fakeLine(1));
    fs.chmodSync(file, 0o644);
    const log = open();
    log.close();
    expect(log.warnings).toEqual([`fixed permissions of ${file}: was 0644`]);
    expect(modeOf(file)).toBe(0o600);
  });

  it('refuses to append once closed', () => {
    const log = open();
    log.close();
    expect(() => log.append(note('late'))).toThrow(/closed/);
  });

  it('learns the seq from another writer that appended in between', () => {
    const a = open();
    const b = open();
    a.append(note('a1'));
    b.append(note('b1'));
    b.append(note('b2'));
    expect(a.append(note('a2')).seq).toBe(4);
    a.close();
    b.close();
    expect(EventLog.read(file).entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });
});

describe('EventLog damaged files', () => {
  it('moves a torn last line aside on open and keeps the valid events', () => {
    const log = open();
    const kept = [log.append(note('one')), log.append(note('two'))];
    log.close();
    const torn = '{"id":"01JTORN","seq":3,"at":"2025-03-';
    fs.appendFileSync(file, torn);
    const before = fs.readFileSync(file);

    // read() reports it but never touches the file.
    const seen = EventLog.read(file);
    expect(seen.entries).toEqual(kept);
    expect(seen.warnings).toHaveLength(1);
    expect(seen.warnings[0]).toMatch(new RegExp(`^${escape(file)}:3: torn last line`));
    expect(fs.readFileSync(file).equals(before)).toBe(true);

    const reopened = open(() => new Date('2025-03-01T02:10:00.000Z'));
    expect(reopened.warnings).toHaveLength(1);
    expect(reopened.warnings[0]).toMatch(new RegExp(`^${escape(file)}:3: torn last line .*events\\.jsonl\\.torn-20250301T021000Z`));
    const aside = `${file}.torn-20250301T021000Z`;
    expect(fs.readFileSync(aside, 'utf8')).toBe(torn);
    expect(modeOf(aside)).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);

    const next = reopened.append(note('three'));
    reopened.close();
    expect(next.seq).toBe(3);
    expect(EventLog.read(file)).toMatchObject({ entries: [...kept, next], warnings: [] });
  });

  it('never overwrites an earlier .torn copy made in the same second', () => {
    const at = () => new Date('2025-03-01T02:10:00.000Z');
    writeRaw(`${fakeLine(1)}{"torn":`);
    open(at).close();
    fs.appendFileSync(file, '{"again":');
    open(at).close();
    expect(fs.readFileSync(`${file}.torn-20250301T021000Z`, 'utf8')).toBe('{"torn":');
    expect(fs.readFileSync(`${file}.torn-20250301T021000Z-2`, 'utf8')).toBe('{"again":');
  });

  it('keeps a complete last line that lost its newline, and starts the next one on a new line', () => {
    const log = open();
    log.append(note('one'));
    log.append(note('two'));
    log.close();
    fs.truncateSync(file, fs.statSync(file).size - 1);

    const reopened = open();
    expect(reopened.warnings).toEqual([]);
    expect(reopened.append(note('three')).seq).toBe(3);
    reopened.close();
    const { entries, warnings } = EventLog.read(file);
    expect(warnings).toEqual([]);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('keeps its own line whole when another writer left a fragment behind', () => {
    const log = open();
    log.append(note('one'));
    fs.appendFileSync(file, '{"id":"half-writ');
    const mine = log.append(note('two'));
    log.close();
    const { entries, warnings } = EventLog.read(file);
    expect(entries.map((e) => e.id)).toContain(mine.id);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^${escape(file)}:2: line skipped: not valid JSON`))]);
  });

  it('reports a corrupt middle line by number, loads the rest, changes nothing', () => {
    writeRaw([fakeLine(1), '{"id": "01J", "seq": 2, "at": \n', fakeLine(3), '{"id":"x","seq":4}\n', fakeLine(5)].join(''));
    const before = fs.readFileSync(file);

    const { entries, warnings } = EventLog.read(file);
    expect(entries.map((e) => e.seq)).toEqual([1, 3, 5]);
    expect(warnings).toEqual([
      expect.stringMatching(new RegExp(`^${escape(file)}:2: line skipped: not valid JSON`)),
      expect.stringMatching(new RegExp(`^${escape(file)}:4: line skipped: "at" is missing`)),
    ]);
    expect(fs.readFileSync(file).equals(before)).toBe(true);

    // Opening does not rewrite the middle either; only appends after it.
    const log = open();
    expect(log.warnings).toEqual([]);
    log.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});

describe('EventLog at scale', () => {
  it('opens and reads a 10,000-event log quickly', () => {
    const lines: string[] = [];
    for (let seq = 1; seq <= 10_000; seq++) lines.push(fakeLine(seq));
    writeRaw(lines.join(''));

    const started = performance.now();
    const log = open();
    expect(log.lastSeq).toBe(10_000);
    expect(log.append(note('after')).seq).toBe(10_001);
    log.close();
    const { entries, warnings } = EventLog.read(file);
    const elapsed = performance.now() - started;
    expect(warnings).toEqual([]);
    expect(entries).toHaveLength(10_001);
    // Generous bound: measured around 20 ms; this only catches a quadratic slip.
    expect(elapsed).toBeLessThan(1500);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

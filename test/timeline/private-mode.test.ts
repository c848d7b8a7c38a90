// State files 0600 and folders 0700, even under `umask 0`; an existing looser
// one of ours is fixed with one warning; what is not ours is left alone.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { Session, type SessionDeps } from '../../src/session/incident-session.js';
import { IncidentStore } from '../../src/session/incident-store.js';
import { appendUpdate } from '../../src/session/share-update.js';
import { EventLog, eventsPath } from '../../src/timeline/event-log.js';
import { tightenMode, tightenTree } from '../../src/timeline/private-mode.js';
import { incidentDir } from '../../src/timeline/state-dir.js';
import { makeDeps } from '../helpers/session.js';
import { makeTempDir, modeOf } from '../helpers/temp.js';
import { answerAll, CONTAIN, DETECT, POSTMORTEM, RESOLVE, TRIAGE, verifyAll } from '../helpers/incident-script.js';

let tmp: { dir: string; cleanup: () => void };
let oldUmask: number;
beforeEach(() => {
  tmp = makeTempDir('incident-modes-');
  // The loosest umask there is: every mode must come from the code, not from it.
  oldUmask = process.umask(0);
});
afterEach(() => {
  process.umask(oldUmask);
  tmp.cleanup();
});

/** Every folder and file under `root` with its permission bits, relative paths. */
function modes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      out[path.relative(root, full)] = modeOf(full).toString(8);
      if (entry.isDirectory()) visit(full);
    }
  };
  out['.'] = modeOf(root).toString(8);
  visit(root);
  return out;
}

describe('state files and folders under umask 0', () => {
  let deps: SessionDeps;
  beforeEach(async () => {
    deps = await makeDeps(tmp.dir);
  });

  it('a whole incident leaves only 0700 folders and 0600 files in the state dir; the post-mortem is a normal repository file', async () => {
    const s = Session.fresh(deps);
    s.drafts.set('detect.title', 'Checkout ret');
    s.drafts.flush();
    expect(s.submit({ type: 'declare', title: 'Checkout returns 500' }).ok).toBe(true);
    s.drafts.set('detect.url', 'https://shop.exa');
    s.drafts.flush();
    answerAll(s, [...DETECT, ...TRIAGE], deps.now);
    expect(s.submit({ type: 'update.posted', kind: 'investigating', text: 'We are looking into it.' }).ok).toBe(true);
    answerAll(s, [...CONTAIN, ...RESOLVE], deps.now);
    verifyAll(s, deps.now);
    answerAll(s, POSTMORTEM, deps.now);
    const done = await waitFor(s.actor, (snap) => snap.status === 'done', { timeout: 5000 });
    await deps.store.flush();

    const state = modes(deps.store.stateDir);
    const dir = path.relative(deps.store.stateDir, incidentDir(deps.store.stateDir, s.id!));
    // While the session is open its lock is there too.
    expect(Object.keys(state).sort()).toEqual(
      ['.', 'incidents', dir, `${dir}/events.jsonl`, `${dir}/draft.json`, `${dir}/updates.md`, `${dir}/lock`, 'index.json'].sort(),
    );
    for (const [name, mode] of Object.entries(state)) {
      expect([name, mode]).toEqual([name, fs.statSync(path.join(deps.store.stateDir, name)).isDirectory() ? '700' : '600']);
    }
    s.close();
    expect(modeOf(done.context.facts!.postmortemPath!)).toBe(0o644);
    // Nothing to fix the next time: no warning.
    expect((await IncidentStore.open(deps.store.stateDir)).warnings).toEqual([]);
  });

  it('a torn last line moved aside is private too', () => {
    const dir = path.join(deps.store.stateDir, 'incidents', 'x');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(eventsPath(dir), '{"torn', { mode: 0o600 });
    const log = EventLog.open(dir, { actor: 'ana@laptop', now: deps.now });
    log.close();
    const aside = fs.readdirSync(dir).find((f) => f.includes('.torn-'))!;
    expect(modeOf(path.join(dir, aside))).toBe(0o600);
  });
});

describe('an existing looser state file or folder', () => {
  it('is fixed when the store opens, with one warning each, and not warned about again', async () => {
    const state = path.join(tmp.dir, 'state');
    const dir = path.join(state, 'incidents', '2026-11-25-db-down');
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    const log = EventLog.open(dir, { actor: 'ana@laptop', now: () => new Date('2026-11-25T02:00:00Z') });
    log.append({ type: 'incident.declared', phase: 'declare', data: { id: '2026-11-25-db-down', title: 'db down', source: 'cli' } });
    log.close();
    fs.writeFileSync(path.join(dir, 'updates.md'), '## update\n', { mode: 0o644 });
    fs.writeFileSync(path.join(dir, 'draft.json'), '{}', { mode: 0o666 });
    fs.writeFileSync(path.join(state, 'index.json'), '{"version":1,"incidents":{}}', { mode: 0o640 });
    fs.chmodSync(eventsPath(dir), 0o644);
    for (const d of [state, path.join(state, 'incidents'), dir]) fs.chmodSync(d, 0o755);

    const store = await IncidentStore.open(state);
    expect([...store.warnings].sort()).toEqual(
      [
        `fixed permissions of ${state}: was 0755`,
        `fixed permissions of ${path.join(state, 'incidents')}: was 0755`,
        `fixed permissions of ${dir}: was 0755`,
        `fixed permissions of ${eventsPath(dir)}: was 0644`,
        `fixed permissions of ${path.join(dir, 'updates.md')}: was 0644`,
        `fixed permissions of ${path.join(dir, 'draft.json')}: was 0666`,
        `fixed permissions of ${path.join(state, 'index.json')}: was 0640`,
      ].sort(),
    );
    expect(Object.values(modes(state)).sort()).toEqual(['600', '600', '600', '600', '700', '700', '700']);
    expect(store.get('2026-11-25-db-down')?.title).toBe('db down');
    expect((await IncidentStore.open(state)).warnings).toEqual([]);
  });

  it('updates.md made looser while an incident is open is fixed on the next append, with a warning', () => {
    const file = path.join(tmp.dir, 'updates.md');
    fs.writeFileSync(file, '', { mode: 0o604 });
    expect(appendUpdate(tmp.dir, { at: '2026-11-25T02:14:00.000Z', kind: 'investigating', text: 'x' }).warning).toBe(
      `fixed permissions of ${file}: was 0604`,
    );
    expect(modeOf(file)).toBe(0o600);
    expect(appendUpdate(tmp.dir, { at: '2026-11-25T02:44:00.000Z', kind: 'identified', text: 'y' }).warning).toBeNull();
  });

  it('a symbolic link in the state dir is neither followed nor changed', () => {
    const state = path.join(tmp.dir, 'state');
    fs.mkdirSync(state, { mode: 0o700 });
    const outside = path.join(tmp.dir, 'shared.txt');
    fs.writeFileSync(outside, 'not ours to judge', { mode: 0o644 });
    fs.symlinkSync(outside, path.join(state, 'link'));
    expect(tightenTree(state)).toEqual([]);
    expect(modeOf(outside)).toBe(0o644);
  });

  it("someone else's file is reported, never changed", () => {
    const file = path.join(tmp.dir, 'theirs');
    const uid = process.getuid?.() ?? 0;
    // A stat as another user's file would give it (the test cannot chown without root).
    const st = { mode: 0o100644, uid: uid + 1, isDirectory: () => false } as fs.Stats;
    expect(tightenMode(file, st)).toBe(`${file}: permissions are 0644 and it belongs to another user; not changed`);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('a private one, even read-only, is left as it is', () => {
    const file = path.join(tmp.dir, 'ro');
    fs.writeFileSync(file, 'x', { mode: 0o400 });
    expect(tightenMode(file, fs.statSync(file))).toBeNull();
    expect(modeOf(file)).toBe(0o400);
  });
});

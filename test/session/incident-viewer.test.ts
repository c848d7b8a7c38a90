// Watching an incident another session holds: what it appends shows up on
// refresh, notes go in beside it, and nothing of the holder's is touched.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LockedError, Session, type SessionDeps } from '../../src/session/incident-session.js';
import { IncidentViewer } from '../../src/session/incident-viewer.js';
import { incidentDir } from '../../src/timeline/state-dir.js';
import { makeTempDir } from '../helpers/temp.js';
import { makeDeps } from '../helpers/session.js';
import { answerAll, DETECT } from '../helpers/incident-script.js';

let tmp: { dir: string; cleanup: () => void };
let deps: SessionDeps;
let holder: Session;

beforeEach(async () => {
  tmp = makeTempDir('incident-viewer-');
  deps = await makeDeps(tmp.dir);
  holder = Session.fresh(deps);
  holder.submit({ type: 'declare', title: 'Checkout returns 500' });
});
afterEach(async () => {
  holder.close();
  await deps.store.flush();
  tmp.cleanup();
});

/** What the TUI does when the incident is held: the second resume fails with the holder, and a view opens. */
function watch(): IncidentViewer {
  let held: LockedError | null = null;
  try {
    Session.resume(deps, holder.id!).close();
  } catch (error) {
    if (error instanceof LockedError) held = error;
  }
  if (!held?.holder) throw new Error('expected the incident to be held');
  return IncidentViewer.open({ ...deps, stateDir: deps.store.stateDir }, holder.id!, held.holder);
}

describe('IncidentViewer', () => {
  it('shows the incident as the holder left it, and what the holder appends once refreshed', () => {
    const view = watch();
    expect(view.facts?.title).toBe('Checkout returns 500');
    expect(view.phase).toBe('detect');
    expect(view.holder).toMatchObject({ pid: process.pid, host: 'laptop' });
    expect(view.entries.map((e) => e.type)).toEqual(['incident.declared', 'phase.changed']);

    let heard = 0;
    view.subscribe(() => heard++);
    view.refresh();
    expect(heard).toBe(0); // nothing new: a stat, no read, no redraw

    answerAll(holder, DETECT.slice(0, 2), deps.now);
    view.refresh();
    expect(heard).toBe(1);
    expect(view.entries.filter((e) => e.type === 'answer').map((e) => e.data.value)).toEqual([
      'https://shop.example.com/health',
      'normally 200 in ~120 ms',
    ]);
    expect(view.facts?.url).toBe('https://shop.example.com/health');
  });

  it('adds notes beside the holder, leaving its lock and drafts alone', () => {
    const view = watch();
    const dir = incidentDir(deps.store.stateDir, holder.id!);
    holder.drafts.set('detect.url', 'https://sho');
    holder.drafts.flush();
    const lock = readFileSync(join(dir, 'lock'), 'utf8');
    const drafts = statSync(join(dir, 'draft.json')).mtimeMs;

    view.drafts.set('note', 'half a note');
    const added = view.addNote('watching from the bridge');
    expect(added).toMatchObject({ ok: true, entry: { type: 'note.added', phase: 'detect', data: { text: 'watching from the bridge' } } });
    expect(view.addNote('   ')).toEqual({ ok: false, error: 'The note is empty.' });
    expect(view.entries.at(-1)?.type).toBe('note.added');

    holder.refreshEntries();
    expect(holder.entries.at(-1)).toMatchObject({ type: 'note.added', data: { text: 'watching from the bridge' } });
    expect(readFileSync(join(dir, 'lock'), 'utf8')).toBe(lock);
    expect(statSync(join(dir, 'draft.json')).mtimeMs).toBe(drafts);
    expect(readFileSync(join(dir, 'draft.json'), 'utf8')).not.toContain('half a note');
  });

  it('says when the holder has gone, so the incident can be taken over', () => {
    const view = watch();
    let heard = 0;
    view.subscribe(() => heard++);
    holder.close();
    expect(existsSync(join(incidentDir(deps.store.stateDir, holder.id!), 'lock'))).toBe(false);
    view.refresh();
    expect(view.holder).toBeNull();
    expect(heard).toBe(1);
    const taken = Session.resume(deps, holder.id!);
    expect(taken.warnings).toEqual([]);
    taken.close();
  });
});

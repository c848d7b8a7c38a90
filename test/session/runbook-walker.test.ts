import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Session, type SessionDeps } from '../../src/session/incident-session.js';
import { loadRunbookFile } from '../../src/runbooks/load-runbook.js';
import { builtinRunbooksDir } from '../../src/runbooks/runbooks-dir.js';
import { runCommand } from '../../src/runbooks/run-command.js';
import type { Runbook } from '../../src/domain/runbook.js';
import { makeTempDir } from '../helpers/temp.js';
import { makeDeps } from '../helpers/session.js';

const containment = loadRunbookFile(join(builtinRunbooksDir(), 'containment.yaml'), 'builtin').runbook as Runbook;
let tmp: { dir: string; cleanup: () => void };
let deps: SessionDeps;
const sessions: Session[] = [];

beforeEach(async () => {
  tmp = makeTempDir('incident-walker-');
  deps = await makeDeps(tmp.dir, {
    findRunbook: (id) => (id === containment.id ? containment : null),
    runCommand: (argv, o) => runCommand(argv, { ...o, cwd: tmp.dir }),
  });
});
afterEach(async () => {
  for (const s of sessions.splice(0)) s.close();
  await deps.store.flush();
  tmp.cleanup();
});

function declared(): Session {
  const s = Session.fresh(deps);
  sessions.push(s);
  s.submit({ type: 'declare', title: 'Checkout returns 500' });
  return s;
}

describe('a runbook walk inside a session', () => {
  it('resumes where it stood after the session ends', () => {
    const s = declared();
    expect(s.startWalk(containment).ok).toBe(true);
    expect(s.submit({ type: 'runbook.ack', runbook: 'containment', step: 'recent_changes', finding: 'v2.3.1 at 01:50' }).ok).toBe(true);
    expect(s.submit({ type: 'runbook.answer', runbook: 'containment', step: 'cause_in_deploy', value: 'yes', label: 'Yes' }).ok).toBe(true);
    s.close();
    sessions.splice(0);
    const again = Session.resume(deps, s.id!);
    sessions.push(again);
    expect(again.walk?.state.current).toBe('migration_ran');
    expect(again.walk?.state.path.map((p) => p.step)).toEqual(['recent_changes', 'cause_in_deploy']);
  });

  it('an answer for another step is refused and not recorded', () => {
    const s = declared();
    s.startWalk(containment);
    const before = s.entries.length;
    const outcome = s.submit({ type: 'runbook.answer', runbook: 'containment', step: 'rollback_bigger', value: 'no', label: 'No' });
    expect(outcome.ok).toBe(false);
    expect(s.entries).toHaveLength(before);
  });

  it('a runbook that vanished is reported on resume, not a crash', () => {
    const s = declared();
    s.startWalk(containment);
    s.close();
    sessions.splice(0);
    const again = Session.resume({ ...deps, findRunbook: () => null }, s.id!);
    sessions.push(again);
    expect(again.walk).toBeNull();
    expect(again.warnings.join('\n')).toMatch(/the runbook "containment" that was being walked is no longer available/);
  });
});

// A drill recorded through the real session (the same prompts the screens
// use), marked as a drill, then scored from its log and replayed facts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { Session, replay, type SessionDeps } from '../../src/session/incident-session.js';
import { IncidentStore } from '../../src/session/incident-store.js';
import { EventLog, eventsPath } from '../../src/timeline/event-log.js';
import { incidentDir } from '../../src/timeline/state-dir.js';
import { scoreDrill } from '../../src/drills/score.js';
import { drillReportMarkdown } from '../../src/drills/report.js';
import { makeTempDir } from '../helpers/temp.js';
import { makeDeps } from '../helpers/session.js';
import { severityTree } from '../helpers/severity-tree.js';
import { answerAll, CONTAIN, DETECT, POSTMORTEM, RESOLVE, TRIAGE, verifyAll } from '../helpers/incident-script.js';

let tmp: { dir: string; cleanup: () => void };
let deps: SessionDeps;

beforeEach(async () => {
  tmp = makeTempDir('incident-drill-score-');
  deps = await makeDeps(tmp.dir, { drill: { scenario: 'bad-deploy' } });
});
afterEach(async () => {
  await deps.store.flush();
  tmp.cleanup();
});

describe('a drill recorded through the session', () => {
  it('is marked as a drill, and scores full marks when run by the book', async () => {
    const s = Session.fresh(deps);
    const declared = s.submit({ type: 'declare', title: 'Checkout returns 500' });
    if (!declared.ok || !declared.entry) throw new Error('not declared');
    // The fault began two minutes before the drill was declared.
    const faultAt = new Date(Date.parse(declared.entry.at) - 2 * 60_000).toISOString();
    expect(s.submit({ type: 'update.posted', kind: 'investigating', text: '[SEV-?] Investigating — Checkout returns 500' }).ok).toBe(true);
    answerAll(s, [...DETECT, ...TRIAGE, ...CONTAIN, ...RESOLVE], deps.now);
    verifyAll(s, deps.now);
    answerAll(s, POSTMORTEM, deps.now);
    await waitFor(s.actor, (snap) => snap.status === 'done', { timeout: 5000 });
    const id = s.id!;
    s.close();

    const { entries } = EventLog.read(eventsPath(incidentDir(deps.store.stateDir, id)));
    expect(entries[0]!.data.drill).toEqual({ scenario: 'bad-deploy' });
    // Scored from the log alone: the facts are what a replay rebuilds.
    const facts = replay(severityTree, entries).context.facts!;
    const score = scoreDrill({
      facts,
      entries,
      expected: { severity: 'SEV-2', right: ['rollback'], acceptable: ['feature-flag'], harmful: ['fail-over'] },
      faultAt,
    });
    expect(score.lines.filter((l) => !l.good).map((l) => `${l.key}: ${l.text}`)).toEqual([]);
    expect(score.points).toBe(100);
    expect(score.timings.map((t) => t.ms !== null && t.ms > 0 && t.ms <= t.targetMs)).toEqual([true, true, true, true, true]);
    expect(score.mitigation.mitigatedBy).toMatchObject({ option: 'rollback', verdict: 'right', done: true });
    expect(score.postmortem).toMatchObject({ written: true, rootCause: true, completeItems: 2, complete: true });

    const md = drillReportMarkdown({ score, scenario: { id: 'bad-deploy', title: 'A bad deploy' }, incident: { id, title: facts.title } });
    expect(md).toContain('**Score:** 100 / 100 — excellent');
    expect(md).toMatch(/\| Time to declare \| 2m \(\d\d:\d\d:\d\d UTC\) \| 5m \| 10 \/ 10 \|/);

    // Drills stay out of the real incidents: the index knows, and nothing offers to resume it.
    await deps.store.flush();
    const reread = await IncidentStore.open(deps.store.stateDir);
    expect(reread.get(id)).toMatchObject({ drill: { scenario: 'bad-deploy' }, status: 'closed' });
  });

  it('an open drill is not an open incident', async () => {
    const s = Session.fresh(deps);
    s.submit({ type: 'declare', title: 'Practice outage' });
    const id = s.id!;
    s.close();
    await deps.store.flush();
    const reread = await IncidentStore.open(deps.store.stateDir);
    expect(reread.get(id)).toMatchObject({ status: 'open', drill: { scenario: 'bad-deploy' } });
    expect(reread.openIncidents()).toEqual([]);
  });
});

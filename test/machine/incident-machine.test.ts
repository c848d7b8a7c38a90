import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { incidentMachine, type IncidentMachine } from '../../src/machine/incident-machine.js';
import type { IncidentEvent, RecordRequest } from '../../src/machine/events.js';
import { STEP } from '../../src/machine/steps.js';
import { severityTree } from '../helpers/severity-tree.js';
import { VERIFY_ITEMS } from '../../src/domain/verify-checklist.js';

type Snap = SnapshotFrom<IncidentMachine>;
let clock = Date.parse('2026-11-25T02:10:00.000Z');
const at = () => new Date((clock += 1000)).toISOString();

const declared: IncidentEvent = {
  type: 'incident.declared',
  at: '2026-11-25T02:10:00.000Z',
  id: 'inc-1',
  title: 'Checkout returns 500',
  actor: 'ana@laptop',
  repo: '/repo',
  source: 'tui',
};
const ans = (step: string, value: string, extra: Record<string, unknown> = {}): IncidentEvent => ({
  type: 'answer',
  at: at(),
  step,
  question: step,
  value,
  ...extra,
});

function run(events: IncidentEvent[]): { snap: Snap; records: RecordRequest['entry'][] } {
  let [snap] = initialTransition(incidentMachine, { severityTree });
  const records: RecordRequest['entry'][] = [];
  for (const e of events) {
    const [next, actions] = transition(incidentMachine, snap, e);
    for (const a of actions) {
      const params = (a as { params?: { event?: RecordRequest } }).params;
      if ((a.type as string) === 'xstate.emit' && params?.event) records.push(params.event.entry);
    }
    snap = next;
  }
  return { snap, records };
}

const detect = [
  declared,
  ans(STEP.url, 'https://shop.example.com'),
  ans(STEP.baseline, 'normally 200 in ~120 ms', {
    baseline: { status: 200, p95Ms: 120, errorRate: 0, source: 'typed', text: 'normally 200 in ~120 ms' },
  }),
  ans(STEP.started, '20 min ago', { startedAt: '2026-11-25T01:50:00.000Z', note: null }),
  ans(STEP.detection, 'monitoring'),
  ans(STEP.changes, 'deployed v2.3.1'),
];
const severitySev2 = [
  ans('triage.severity.app_down', 'no'),
  ans('triage.severity.data_loss', 'no'),
  ans('triage.severity.core_broken', 'yes'),
];
const triageRest = [ans(STEP.affected, 'all EU customers'), ans(STEP.canMitigate, 'yes'), ans(STEP.blastRadius, 'one-feature')];
const containRollback = [
  ans(STEP.containOption, 'rollback'),
  ans(STEP.rollbackCaution, 'none'),
  ans(STEP.containAction, 'reverted v2.3.1'),
  ans(STEP.containOutcome, 'mitigated'),
];
const resolve = [ans(STEP.hypothesis, 'known'), ans(STEP.rootCause, 'a missing config key'), ans(STEP.fix, 'PR 482')];
const allTicks = VERIFY_ITEMS.map(({ id: item }): IncidentEvent => ({ type: 'verify.toggle', at: at(), item, ticked: true }));

describe('incident machine', () => {
  it('starts waiting for the declaration', () => {
    const { snap } = run([]);
    expect(snap.value).toBe('declaring');
    expect(snap.context.facts).toBeNull();
  });

  it('walks detect and records the answers as facts', () => {
    const { snap, records } = run(detect);
    expect(snap.value).toEqual({ triage: 'severity' });
    const f = snap.context.facts!;
    expect(f).toMatchObject({
      title: 'Checkout returns 500',
      url: 'https://shop.example.com',
      startedAt: '2026-11-25T01:50:00.000Z',
      detection: 'monitoring',
      changes: 'deployed v2.3.1',
    });
    expect(records.map((r) => r.type)).toEqual(['phase.changed', 'phase.changed']);
    expect(records[0]).toMatchObject({ phase: 'detect', data: { from: 'declare', to: 'detect' } });
  });

  it('diagnostics arrive in any phase: the first probe is the baseline unless one was typed; culprits are kept', () => {
    const probe = (purpose: 'detect' | 'verify', p95Ms: number) => ({
      type: 'probe.result' as const,
      at: at(),
      probe: {
        purpose,
        url: 'https://shop.example.com',
        target: 'https://shop.example.com/health',
        at: at(),
        samples: [{ ok: false, status: 500, latencyMs: p95Ms, error: null, finalUrl: 'https://shop.example.com/health', redirects: [] }],
        status: 500,
        healthy: false,
        findings: ['HTTP 500 from /health'],
        p50Ms: 80,
        p95Ms,
        errorRate: 1,
        tls: null,
        bodyBytes: 10,
      },
    });
    const untyped = run([
      declared,
      ans(STEP.url, 'https://shop.example.com'),
      ans(STEP.baseline, ''),
      probe('detect', 300),
      probe('verify', 90),
    ]);
    const f = untyped.snap.context.facts!;
    expect(f.probes.map((p) => p.purpose)).toEqual(['detect', 'verify']);
    expect(f.baseline).toMatchObject({ status: 500, p95Ms: 300, source: 'probe' });
    const typed = run([...detect.slice(0, 3), probe('detect', 300)]);
    expect(typed.snap.context.facts!.baseline).toMatchObject({ status: 200, p95Ms: 120, source: 'typed' });
    const culprit = {
      sha: 'a'.repeat(40),
      shortSha: 'aaaaaaa',
      at: at(),
      author: 'ci',
      subject: 'read PAYMENT_TIMEOUT',
      score: 9,
      reasons: ['12 min before the start'],
      signals: [],
      isMerge: false,
      filesChanged: 2,
    };
    const withCulprits = run([...detect, { type: 'culprits.found', at: at(), commits: [culprit], note: null }]);
    expect(withCulprits.snap.context.facts!.culprits).toEqual([culprit]);
    expect(withCulprits.snap.value).toEqual({ triage: 'severity' });
  });

  it('skips questions already answered by `incident declare`', () => {
    const fromCli = { ...declared, url: 'https://x.example', startedAt: '2026-11-25T01:00:00.000Z', severity: 'SEV-1' } as IncidentEvent;
    // The URL came with the declaration, so the next question is what normal looks like for it.
    expect(run([fromCli]).snap.value).toEqual({ detect: 'baseline' });
    expect(run([fromCli, ans(STEP.baseline, '')]).snap.value).toEqual({ detect: 'detection' });
    const { snap: s2 } = run([{ ...declared, severity: 'SEV-1' } as IncidentEvent, ...detect.slice(1)]);
    expect(s2.value).toEqual({ triage: 'affected' });
    expect(s2.context.facts!.severitySource).toBe('declared');
  });

  it.each([
    [['yes'], 'SEV-1', ['app_down']],
    [['no', 'yes'], 'SEV-1', ['app_down', 'data_loss']],
    [['no', 'no', 'yes'], 'SEV-2', ['app_down', 'data_loss', 'core_broken']],
    [['no', 'no', 'no', 'yes'], 'SEV-2', ['app_down', 'data_loss', 'core_broken', 'many_users']],
    [['no', 'no', 'no', 'no', 'no'], 'SEV-3', ['app_down', 'data_loss', 'core_broken', 'many_users', 'cosmetic']],
    [['no', 'no', 'no', 'no', 'yes'], 'SEV-4', ['app_down', 'data_loss', 'core_broken', 'many_users', 'cosmetic']],
  ])('severity tree %j → %s, keeping the path', (answers, severity, nodes) => {
    const events = answers.map((a, i) => ans(`triage.severity.${nodes[i]}`, a));
    const { snap, records } = run([...detect, ...events]);
    expect(snap.context.facts!.severity).toBe(severity);
    expect(snap.context.facts!.severityPath.map((s) => s.node)).toEqual(nodes);
    expect(snap.value).toEqual({ triage: 'affected' });
    const set = records.find((r) => r.type === 'severity.set');
    expect(set?.data).toMatchObject({ severity, source: 'tree' });
  });

  it('ignores an answer meant for another question (a replayed log cannot jump ahead)', () => {
    const { snap } = run([...detect, ans('triage.severity.core_broken', 'yes')]);
    expect(snap.value).toEqual({ triage: 'severity' });
    expect(snap.context.facts!.severity).toBeNull();
  });

  it('recommends from blast radius and severity', () => {
    const { snap, records } = run([...detect, ...severitySev2, ...triageRest]);
    expect(snap.value).toEqual({ contain: 'option' });
    expect(snap.context.facts!.recommendation).toBe('rollback-first');
    expect(records.find((r) => r.type === 'recommendation.made')?.data).toMatchObject({ blastRadius: 'one-feature' });
  });

  it('a rollback caution sends the engineer back to choose another option', () => {
    const { snap } = run([
      ...detect,
      ...severitySev2,
      ...triageRest,
      ans(STEP.containOption, 'rollback'),
      ans(STEP.rollbackCaution, 'destructive-migration'),
    ]);
    expect(snap.value).toEqual({ contain: 'option' });
    expect(snap.context.facts!.contain).toEqual([expect.objectContaining({ option: 'rollback', caution: 'destructive-migration' })]);
  });

  it('"not yet" loops back to the options and keeps every attempt', () => {
    const { snap, records } = run([
      ...detect,
      ...severitySev2,
      ...triageRest,
      ans(STEP.containOption, 'scale-up'),
      ans(STEP.containAction, 'scaled to 10'),
      ans(STEP.containOutcome, 'not-yet'),
      ...containRollback,
    ]);
    expect(snap.value).toEqual({ resolve: 'hypothesis' });
    const f = snap.context.facts!;
    expect(f.contain.map((c) => [c.option, c.outcome])).toEqual([
      ['scale-up', 'not-yet'],
      ['rollback', 'mitigated'],
    ]);
    expect(f.mitigatedAt).not.toBeNull();
    expect(records.filter((r) => r.type === 'mitigated')).toHaveLength(1);
  });

  it('verify: all ticked goes on; unticked needs a reason; back to contain and resolve work', () => {
    const base = [...detect, ...severitySev2, ...triageRest, ...containRollback, ...resolve];
    const all = run([...base, ...allTicks, ans(STEP.verifyNext, 'continue')]);
    expect(all.snap.value).toEqual({ postmortem: 'impact' });
    expect(all.snap.context.facts!.resolvedAt).not.toBeNull();
    expect(all.records.find((r) => r.type === 'resolved')?.data).toMatchObject({ unticked: [] });

    const some = run([...base, ...allTicks.slice(0, 2), ans(STEP.verifyNext, 'continue')]);
    expect(some.snap.value).toEqual({ verify: 'skipReason' });
    const empty = run([...base, ans(STEP.verifyNext, 'continue'), ans(STEP.verifySkipReason, '')]);
    expect(empty.snap.value).toEqual({ verify: 'checklist' });
    const reason = run([...base, ans(STEP.verifyNext, 'continue'), ans(STEP.verifySkipReason, 'monitoring is down')]);
    expect(reason.snap.value).toEqual({ postmortem: 'impact' });
    expect(reason.snap.context.facts!.verify.skipReason).toBe('monitoring is down');
    expect(reason.records.find((r) => r.type === 'resolved')?.data.unticked).toHaveLength(6);

    expect(run([...base, ans(STEP.verifyNext, 'back-contain')]).snap.value).toEqual({ contain: 'option' });
    expect(run([...base, ans(STEP.verifyNext, 'back-resolve')]).snap.value).toEqual({ resolve: 'hypothesis' });
  });

  it('unticking removes an item', () => {
    const base = [...detect, ...severitySev2, ...triageRest, ...containRollback, ...resolve];
    const { snap } = run([
      ...base,
      ...allTicks.slice(0, 2),
      { type: 'verify.toggle', at: at(), item: 'original-error-gone', ticked: false },
    ]);
    expect(snap.context.facts!.verify.ticked).toEqual(['users-complete-workflow']);
  });

  it('post-mortem: refuses to finish with fewer than two action items, then writes', () => {
    const base = [...detect, ...severitySev2, ...triageRest, ...containRollback, ...resolve, ...allTicks, ans(STEP.verifyNext, 'continue')];
    const pm = [
      ...[STEP.impact, STEP.affectedSystems, STEP.affectedUsers, STEP.trigger].map((s) => ans(s, `${s} answer`)),
      ans(STEP.why, 'why 1'),
      ans(STEP.why, ''),
      ...[STEP.contributing, STEP.wentWell, STEP.wentWrong, STEP.lucky].map((s) => ans(s, `${s} answer`)),
    ];
    const item = (n: number) => [
      ans(STEP.actionWhat, `action ${n}`),
      ans(STEP.actionKind, 'prevent'),
      ans(STEP.actionOwner, `owner ${n}`),
      ans(STEP.actionDue, '2026-12-10'),
      ans(STEP.actionPriority, 'P2'),
    ];
    const one = run([...base, ...pm, ...item(1), ans(STEP.actionMore, 'done')]);
    expect(one.snap.value).toEqual({ postmortem: 'actionMore' });
    const blankOwner = run([...base, ...pm, ans(STEP.actionWhat, 'x'), ans(STEP.actionKind, 'detect'), ans(STEP.actionOwner, '  ')]);
    expect(blankOwner.snap.value).toEqual({ postmortem: 'actionOwner' });
    const toWriting = [
      ...base,
      ...pm,
      ...item(1),
      ans(STEP.actionMore, 'add'),
      ...item(2),
      ans(STEP.actionMore, 'done'),
      ans(STEP.lessons, 'config is code'),
      ans(STEP.milestones, 'detected 02:11', { milestone: 'detected', milestoneAt: '2026-11-25T02:11:00.000Z' }),
      ans(STEP.milestones, ''),
      ans(STEP.review, 'write'),
    ];
    const two = run(toWriting);
    expect(two.snap.value).toEqual({ postmortem: 'writing' });
    expect(two.records.find((r) => r.type === 'milestone.set')?.data).toEqual({
      milestone: 'detected',
      at: '2026-11-25T02:11:00.000Z',
      input: 'detected 02:11',
    });
    const f = two.snap.context.facts!;
    expect(f.postmortem.actionItems).toEqual([
      { action: 'action 1', kind: 'prevent', owner: 'owner 1', due: '2026-12-10', priority: 'P2' },
      { action: 'action 2', kind: 'prevent', owner: 'owner 2', due: '2026-12-10', priority: 'P2' },
    ]);
    expect(f.postmortem).toMatchObject({ impact: 'postmortem.impact answer', lessons: 'config is code' });
    const closed = run([...toWriting, { type: 'postmortem.written', at: at(), path: '/repo/docs/incidents/x.md' }]);
    expect(closed.snap.status).toBe('done');
    expect(closed.snap.context.facts!.postmortemPath).toBe('/repo/docs/incidents/x.md');
    expect(closed.records.slice(-2).map((r) => [r.type, r.data])).toEqual([
      ['phase.changed', { from: 'postmortem', to: 'closed' }],
      ['incident.closed', {}],
    ]);
  });

  it('resolve: a hypothesis log — rejected goes back to the next hypothesis, confirmed becomes the root cause', () => {
    const base = [...detect, ...severitySev2, ...triageRest, ...containRollback];
    const weigh = (forIt: string, test: string) => [
      ans(STEP.evidenceFor, forIt),
      ans(STEP.evidenceAgainst, ''),
      ans(STEP.hypothesisTest, test),
    ];
    const { snap } = run([
      ...base,
      ans(STEP.hypothesis, 'suggest:dependency', { label: 'A dependency is failing' }),
      ...weigh('payments answered slowly', 'check the gateway status page'),
      ans(STEP.hypothesisResult, 'rejected'),
      ans(STEP.hypothesis, 'own'),
      ans(STEP.hypothesisText, '   '), // empty: back to the suggestions
      ans(STEP.hypothesis, 'own'),
      ans(STEP.hypothesisText, 'v2.3.1 needs PAYMENT_TIMEOUT'),
      ...weigh('errors began 2 min after the deploy', 'grep the config'),
      ans(STEP.hypothesisResult, 'confirmed'),
    ]);
    expect(snap.value).toEqual({ resolve: 'rootCause' });
    const hs = snap.context.facts!.hypotheses;
    expect(hs.map((h) => [h.text, h.source, h.result])).toEqual([
      ['A dependency is failing', 'dependency', 'rejected'],
      ['v2.3.1 needs PAYMENT_TIMEOUT', 'typed', 'confirmed'],
    ]);
    expect(hs[0]).toMatchObject({ evidenceFor: 'payments answered slowly', evidenceAgainst: null, test: 'check the gateway status page' });
    expect(hs[1]!.decidedAt).not.toBeNull();
  });

  it('resolve: a root cause recorded before the hypothesis log still replays', () => {
    const { snap } = run([...detect, ...severitySev2, ...triageRest, ...containRollback, ans(STEP.rootCause, 'old flow')]);
    expect(snap.value).toEqual({ resolve: 'fix' });
    expect(snap.context.facts!.rootCause).toBe('old flow');
  });

  it('post-mortem: five whys are asked one by one, at least one, at most five', () => {
    const base = [...detect, ...severitySev2, ...triageRest, ...containRollback, ...resolve, ...allTicks, ans(STEP.verifyNext, 'continue')];
    const toWhy = [...base, ...[STEP.impact, STEP.affectedSystems, STEP.affectedUsers, STEP.trigger].map((s) => ans(s, 'x'))];
    expect(run([...toWhy, ans(STEP.why, '')]).snap.value).toEqual({ postmortem: 'why' });
    const five = run([...toWhy, ...[1, 2, 3, 4, 5].map((n) => ans(STEP.why, `because ${n}`))]);
    expect(five.snap.value).toEqual({ postmortem: 'contributing' });
    expect(five.snap.context.facts!.postmortem.whys).toEqual(['because 1', 'because 2', 'because 3', 'because 4', 'because 5']);
    const two = run([...toWhy, ans(STEP.why, 'a'), ans(STEP.why, 'b'), ans(STEP.why, '')]);
    expect(two.snap.value).toEqual({ postmortem: 'contributing' });
    expect(two.snap.context.facts!.postmortem.whys).toEqual(['a', 'b']);
  });

  it('roles: the declarer commands; assignments and hand-offs are kept in order', () => {
    const { snap } = run([
      ...detect,
      { type: 'role.assigned', at: at(), role: 'comms', who: 'bob' },
      { type: 'role.assigned', at: at(), role: 'ops', who: '  ' },
      { type: 'role.assigned', at: at(), role: 'commander', who: 'carol', summary: 'Phase: detect' },
    ]);
    const f = snap.context.facts!;
    expect(f.roles).toEqual({ commander: 'carol', comms: 'bob', scribe: null, ops: null });
    expect(f.roleChanges.map((c) => [c.role, c.who, c.from, c.summary])).toEqual([
      ['comms', 'bob', null, null],
      ['commander', 'carol', 'ana@laptop', 'Phase: detect'],
    ]);
  });
});

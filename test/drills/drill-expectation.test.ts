// The pieces between a scenario and the score, and the drill's own prompts:
// the expectation adapter, when the fault began, what the guided mode is told,
// the actions offered on "What did you do?", and how an action is scored.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { drillExpectation, drillView, faultStart } from '../../src/drills/drill-expectation.js';
import { loadScenarioFile } from '../../src/drills/load-scenario.js';
import type { Scenario, ExpectedMove } from '../../src/drills/scenario.js';
import { builtinRunbooksDir } from '../../src/runbooks/runbooks-dir.js';
import { orderDrillActions, type DrillActionChoice } from '../../src/domain/drill-view.js';
import { scoreDrill } from '../../src/drills/score.js';
import { endDrillPrompt, END_DRILL } from '../../src/machine/drill-prompts.js';
import { incidentMachine } from '../../src/machine/incident-machine.js';
import { promptFor, TYPE_OWN_ACTION } from '../../src/machine/prompts.js';
import { STEP } from '../../src/machine/steps.js';
import { severityTree } from '../helpers/severity-tree.js';
import { FAULT_AT, recordedDrill } from './drill-timeline.js';

const builtin = (id: string): Scenario => loadScenarioFile(path.join(builtinRunbooksDir(), 'drills', `${id}.yaml`), 'builtin').scenario!;

const COMMITS = [
  { id: 'c1', sha: 'a'.repeat(40), subject: 'Initial' },
  { id: 'wishlist-migration', sha: 'b'.repeat(40), subject: 'Add wishlist table' },
  { id: 'c3', sha: 'c'.repeat(40), subject: 'Format prices' },
];
const move = (text: string): ExpectedMove =>
  text.startsWith('revert:')
    ? { kind: 'revert', commit: text.slice(7), text }
    : text.startsWith('action:')
      ? { kind: 'action', action: text.slice(7), text }
      : { kind: 'containment', option: text as 'rollback', text };
const scenarioWith = (right: string[], acceptable: string[], harmful: string[]) => ({
  expected: {
    severity: 'SEV-1' as const,
    acceptableSeverities: [],
    right: right.map(move),
    acceptable: acceptable.map(move),
    harmful: harmful.map(move),
  },
  actions: [{ id: 'renew', title: 'Renew the certificate', containment: null, change: { kind: 'restart' as const } }],
  history: [
    { id: 'c1', author: { name: 'a', email: 'a@x' }, message: 'Initial', minutesAgo: 90, files: {}, culprit: false },
    {
      id: 'wishlist-migration',
      author: { name: 'a', email: 'a@x' },
      message: 'Add wishlist table',
      minutesAgo: 60,
      files: {},
      culprit: false,
    },
    { id: 'c3', author: { name: 'a', email: 'a@x' }, message: 'Format prices', minutesAgo: 30, files: {}, culprit: true },
  ],
});

describe('drillExpectation: the scenario in the scorer words', () => {
  it.each([
    [
      ['revert:culprit'],
      ['rollback'],
      ['revert:wishlist-migration'],
      [`revert:${'c'.repeat(40)}`],
      ['rollback'],
      [`revert:${'b'.repeat(40)}`],
    ],
    [['action:renew'], ['investigate'], ['rollback'], ['action:renew'], ['investigate'], ['rollback']],
    [['revert:c1', 'feature-flag'], [], ['revert:nope'], [`revert:${'a'.repeat(40)}`, 'feature-flag'], [], []],
  ])('%j / %j / %j', (right, acceptable, harmful, r, a, h) => {
    const e = drillExpectation(scenarioWith(right, acceptable, harmful), COMMITS);
    expect([e.severity, e.right, e.acceptable, e.harmful]).toEqual(['SEV-1', r, a, h]);
  });

  it('names actions by their title and reverts by short sha and subject, for the advice', () => {
    const e = drillExpectation(scenarioWith(['action:renew', 'revert:culprit'], [], []), COMMITS);
    expect(e.names).toEqual({
      'action:renew': '“Renew the certificate”',
      [`revert:${'c'.repeat(40)}`]: 'reverting ccccccc “Format prices”',
    });
  });

  it('every built-in scenario maps each expected move to something the scorer can match', () => {
    for (const id of ['bad-deploy-500', 'expired-certificate', 'third-party-outage', 'memory-leak', 'missing-env-var', 'slow-dependency']) {
      const sc = builtin(id);
      const commits = sc.history.map((c, i) => ({ id: c.id, sha: String(i).padStart(40, 'f'), subject: c.message }));
      const e = drillExpectation(sc, commits);
      expect([e.right.length, e.acceptable.length, e.harmful.length], id).toEqual([
        sc.expected.right.length,
        sc.expected.acceptable.length,
        sc.expected.harmful.length,
      ]);
    }
  });
});

describe('faultStart: every timing counts from it', () => {
  const t0 = Date.parse('2026-11-25T02:00:00Z');
  it.each([
    ['no faults: the page is the fault, when the clock starts', [], 1, 30_000, '2026-11-25T02:00:30.000Z', 'page'],
    ['a fault there from the start: measured from the page', [0], 1, 30_000, '2026-11-25T02:00:30.000Z', 'page'],
    ['a fault after the clock started', [20], 1, 5_000, '2026-11-25T02:00:20.000Z', 'fault'],
    ['a fault while the briefing was read', [20], 1, 40_000, '2026-11-25T02:00:40.000Z', 'page'],
    ['the schedule runs faster', [20, 1500], 10, 0, '2026-11-25T02:00:02.000Z', 'fault'],
  ])('%s', (_why, at, speed, clockAfter, faultAt, measuredFrom) => {
    const faults = at.map((atSeconds) => ({ atSeconds, note: null, change: { kind: 'restart' as const } }));
    expect(faultStart({ faults }, t0, speed, t0 + clockAfter)).toEqual({ faultAt, measuredFrom });
  });
});

describe('drillView and the order of actions', () => {
  it('gives the URL, a generous normal for the probe path, and the actions', () => {
    const v = drillView(builtin('third-party-outage'), 'http://127.0.0.1:9/api/checkout');
    expect(v).toMatchObject({ scenario: 'third-party-outage', url: 'http://127.0.0.1:9/api/checkout', normal: 'normally 200 in ~150 ms' });
    expect(v.actions.map((a) => [a.id, a.containment])).toEqual([
      ['charge-later', 'feature-flag'],
      ['fail-over-payments', 'fail-over'],
    ]);
  });

  const actions: DrillActionChoice[] = [
    { id: 'a', title: 'A', containment: 'feature-flag' },
    { id: 'b', title: 'B', containment: 'fail-over' },
    { id: 'c', title: 'C', containment: null },
  ];
  it.each([
    ['fail-over', ['b', 'a', 'c']],
    ['feature-flag', ['a', 'b', 'c']],
    ['investigate', ['a', 'b', 'c']],
    [null, ['a', 'b', 'c']],
  ] as const)('chosen %s → %j', (option, ids) => {
    expect(orderDrillActions(actions, option).map((a) => a.id)).toEqual(ids);
  });
});

describe('scoring a drill action', () => {
  const expected = {
    severity: 'SEV-2' as const,
    right: ['action:charge-later'],
    acceptable: ['investigate'],
    harmful: ['rollback', 'action:restart'],
  };
  it.each([
    ['the action named right, under any option', 'fail-over', { id: 'charge-later', title: 'Charge later' }, 'right', '“Charge later”'],
    ['an action named harmful wins over an acceptable option', 'investigate', { id: 'restart', title: 'Restart' }, 'harmful', '“Restart”'],
    ['an action not named: judged by its option', 'investigate', { id: 'other', title: 'Other' }, 'acceptable', '“Other”'],
    ['no action: the option', 'investigate', undefined, 'acceptable', 'a targeted fix'],
  ] as const)('%s', (_why, option, drillAction, verdict, describe) => {
    const { facts, entries } = recordedDrill({
      contain: [{ option, at: 8, outcome: 'mitigated', ...(drillAction ? { drillAction } : {}) }],
    });
    const s = scoreDrill({ facts, entries, expected, faultAt: FAULT_AT });
    expect(s.mitigation.mitigatedBy).toMatchObject({ verdict, drillAction: drillAction?.id ?? null, describe });
  });

  it('advises the right move by its name', () => {
    const { facts, entries } = recordedDrill({ contain: [{ option: 'investigate', at: 8, outcome: 'mitigated' }] });
    const s = scoreDrill({
      facts,
      entries,
      expected: { ...expected, names: { 'action:charge-later': '“Charge later”' } },
      faultAt: FAULT_AT,
    });
    expect(s.lines.find((l) => l.key === 'mitigation')!.advice).toBe('The quickest safe mitigation here: “Charge later”.');
  });
});

describe('the drill prompts', () => {
  const view = {
    scenario: 'x',
    title: 'X',
    url: 'http://127.0.0.1:9/health',
    normal: 'normally 200 in ~100 ms',
    actions: [
      { id: 'charge-later', title: 'Charge later', containment: 'feature-flag' as const },
      { id: 'renew', title: 'Renew the certificate', containment: null },
    ],
  };
  const at = (steps: [string, string][]) => {
    let [snap] = initialTransition(incidentMachine, { severityTree });
    const t = '2026-11-25T02:10:00.000Z';
    [snap] = transition(incidentMachine, snap, {
      type: 'incident.declared',
      at: t,
      id: 'i',
      title: 'Down',
      actor: 'a',
      repo: null,
      source: 'tui',
    });
    for (const [step, value] of steps) [snap] = transition(incidentMachine, snap, { type: 'answer', at: t, step, question: '?', value });
    return snap;
  };
  const now = new Date('2026-11-25T02:11:00Z');

  it('URL and normal: what the page and the dashboards say, kept by Enter', () => {
    const url = promptFor(at([]), now, { drill: view });
    expect(url.kind === 'text' && url.submit('', now)).toMatchObject({ ok: true, action: { step: STEP.url, value: view.url } });
    const normal = promptFor(at([[STEP.url, view.url]]), now, { drill: view });
    expect(normal.kind === 'text' && normal.submit('', now)).toMatchObject({
      ok: true,
      action: { step: STEP.baseline, value: view.normal, baseline: { status: 200 } },
    });
  });

  const containing = () =>
    at([
      [STEP.url, ''],
      [STEP.started, 'now'],
      [STEP.detection, 'monitoring'],
      [STEP.changes, ''],
      ['triage.severity.app_down', 'yes'],
      [STEP.affected, 'all'],
      [STEP.canMitigate, 'yes'],
      [STEP.blastRadius, 'many-features'],
      [STEP.containOption, 'feature-flag'],
    ]);

  it('"What did you do?" offers the actions, then something else to type', () => {
    const p = promptFor(containing(), now, { drill: view });
    if (p.kind !== 'choice') throw new Error(`expected a choice, got ${p.kind} at ${p.step}`);
    expect(p.step).toBe(STEP.containAction);
    expect(p.choices.map((c) => [c.value, c.label])).toEqual([
      ['action:charge-later', 'Charge later'],
      ['action:renew', 'Renew the certificate'],
      ['own', 'Something else — type what you did'],
    ]);
    expect(p.submit('action:renew')).toMatchObject({
      ok: true,
      action: { type: 'answer', value: 'action:renew', label: 'Renew the certificate' },
    });
    expect(p.submit('own')).toEqual({ ok: true, action: { type: 'screen', to: TYPE_OWN_ACTION } });
    expect(promptFor(containing(), now, { drill: view, typeOwnAction: true }).kind).toBe('text');
    // A real incident, or a drill without actions, types it as always.
    expect(promptFor(containing(), now, {}).kind).toBe('text');
    expect(promptFor(containing(), now, { drill: { ...view, actions: [] } }).kind).toBe('text');
  });

  it('"End the drill?" only changes the screen', () => {
    const p = endDrillPrompt();
    if (p.kind !== 'choice') throw new Error('expected a choice');
    expect(p.submit(END_DRILL)).toEqual({ ok: true, action: { type: 'screen', to: END_DRILL } });
    expect(p.submit('drill.keep-going')).toMatchObject({ ok: true, action: { type: 'screen' } });
  });
});

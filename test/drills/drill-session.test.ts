// A drill run through the real session, as `incident drill` wires it: the
// drill world on 127.0.0.1, the real probe (the drill's CA trusted), the real
// culprit ranking and git revert in the practice repository, the scenario's
// actions offered on "What did you do?", then the score from the timeline.
// One test per kind of fix: a revert, an action outside git, and a harmful
// rollback before the right action.
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { loadScenarioFile } from '../../src/drills/load-scenario.js';
import type { Scenario } from '../../src/drills/scenario.js';
import { startDrill, type Drill } from '../../src/drills/drill-world.js';
import { drillExpectation, drillView, faultStart } from '../../src/drills/drill-expectation.js';
import { scoreDrill, type DrillScore } from '../../src/drills/score.js';
import { Session, type SessionDeps } from '../../src/session/incident-session.js';
import { rollbackGitFor } from '../../src/git/rollback-git.js';
import { diagnosticsDeps } from '../../src/commands/diagnostics-deps.js';
import { promptFor, type PromptExtras } from '../../src/machine/prompts.js';
import { STEP } from '../../src/machine/steps.js';
import { builtinRunbooksDir } from '../../src/runbooks/runbooks-dir.js';
import type { ProbeSummary } from '../../src/domain/incident.js';
import { makeTempDir } from '../helpers/temp.js';
import { makeDeps } from '../helpers/session.js';
import { until } from '../helpers/frames.js';
import { answerAll, POSTMORTEM, RESOLVE, type ScriptedAnswer } from '../helpers/incident-script.js';

const SPEED = 100;
let tmp: { dir: string; cleanup: () => void };
const running: { drill: Drill; session: Session; deps: SessionDeps }[] = [];

beforeAll(() => {
  tmp = makeTempDir('incident-drill-session-');
});
afterAll(() => tmp.cleanup());
afterEach(async () => {
  for (const r of running.splice(0)) {
    r.session.close();
    await r.drill.stop();
    await r.deps.store.flush();
  }
});

function scenario(id: string): Scenario {
  const { scenario: s } = loadScenarioFile(path.join(builtinRunbooksDir(), 'drills', `${id}.yaml`), 'builtin');
  if (!s) throw new Error(`no scenario ${id}`);
  return s;
}

/** The drill and a session wired to it the way drill-run.tsx does. */
async function run(id: string) {
  const sc = scenario(id);
  const drill = await startDrill(sc, { baseDir: tmp.dir, speed: SPEED });
  const clockStartedAt = Date.now();
  let s: Session | null = null;
  const deps = await makeDeps(path.join(tmp.dir, `${id}-${running.length}`), {
    now: () => new Date(),
    repo: drill.repoDir,
    rollbackGit: rollbackGitFor(drill.repoDir, () => s?.id ?? ''),
    diagnostics: diagnosticsDeps({ ca: drill.ca }),
    drill: { scenario: sc.id, view: drillView(sc, drill.url), act: (a) => drill.act(a) },
  });
  s = Session.fresh(deps);
  const session = s;
  running.push({ drill, session, deps });
  const extras = (): PromptExtras => ({ drill: session.drill, rollback: session.rollbackView, entries: session.entries });
  const answer = (script: ScriptedAnswer[]) => answerAll(session, script, deps.now, extras());
  const score = (): DrillScore =>
    scoreDrill({
      facts: session.actor.getSnapshot().context.facts!,
      entries: session.entries,
      expected: drillExpectation(sc, drill.commits),
      ...faultStart(sc, drill.startedAt.getTime(), drill.speed, clockStartedAt),
    });
  return { sc, drill, session, deps, extras, answer, score };
}

type Run = Awaited<ReturnType<typeof run>>;

const reached = (cond: () => boolean, why?: () => string) => until(cond, { timeoutMs: 8000, ...(why ? { why } : {}) });

/** The first probe of this purpose that began after `since` (a probe already under way saw the world before). */
async function nextProbe(r: Run, purpose: ProbeSummary['purpose'], since = 0): Promise<ProbeSummary> {
  const probe = () =>
    r.session.actor.getSnapshot().context.facts?.probes.find((p) => p.purpose === purpose && Date.parse(p.at) >= since) ?? null;
  await reached(
    () => probe() !== null,
    () => `no ${purpose} probe since ${new Date(since).toISOString()}`,
  );
  return probe()!;
}

/** Declares with the URL and normal the page gave (Enter on both), started a few minutes ago, SEV-1 or SEV-2 by the tree. */
async function declareAndTriage(r: Run, title: string, severity: 'SEV-1' | 'SEV-2'): Promise<ProbeSummary> {
  expect(r.session.submit({ type: 'declare', title }).ok).toBe(true);
  r.answer([
    { step: STEP.url, value: '' },
    { step: STEP.baseline, value: '' },
    { step: STEP.started, value: '3 min ago' },
    { step: STEP.detection, value: 'monitoring' },
    { step: STEP.changes, value: 'a deploy went out a little while ago' },
  ]);
  const f = r.session.actor.getSnapshot().context.facts!;
  expect(f.url).toBe(r.drill.url);
  expect(f.baseline?.text).toMatch(/^normally 200 in ~\d+ ms$/);
  const detect = await nextProbe(r, 'detect');
  await reached(() => r.session.actor.getSnapshot().context.facts?.culprits !== null);
  r.answer([
    ...(severity === 'SEV-1'
      ? [{ step: 'triage.severity.app_down', value: 'yes' }]
      : [
          { step: 'triage.severity.app_down', value: 'no' },
          { step: 'triage.severity.data_loss', value: 'no' },
          { step: 'triage.severity.core_broken', value: 'yes' },
        ]),
    { step: STEP.affected, value: 'every shopper' },
    { step: STEP.canMitigate, value: 'yes' },
    { step: STEP.blastRadius, value: 'many-features' },
  ]);
  expect(r.session.actor.getSnapshot().context.facts!.severity).toBe(severity);
  return detect;
}

/** A rollback through the real flow: caution none, this commit, the typed confirmation, pushed or not. When it was committed. */
async function revert(r: Run, sha: string, push: boolean): Promise<number> {
  r.answer([
    { step: STEP.containOption, value: 'rollback' },
    { step: STEP.rollbackCaution, value: 'none' },
    { step: STEP.rollbackTarget, value: sha },
  ]);
  await reached(
    () => r.session.rollbackView?.stage.kind === 'confirm',
    () => JSON.stringify(r.session.rollbackView?.stage),
  );
  const prompt = promptFor(r.session.actor.getSnapshot(), new Date(), r.extras());
  if (prompt.kind !== 'text') throw new Error('expected the typed confirmation');
  const typed = prompt.submit(sha.slice(0, 7), new Date(), { pasted: false });
  if (!typed.ok) throw new Error(typed.error);
  r.session.submit(typed.action);
  await reached(() => r.session.rollbackView?.stage.kind === 'push');
  const committed = Date.now();
  r.session.submit(push ? { type: 'rollback.push' } : { type: 'rollback.skip-push' });
  await reached(() => r.session.actor.getSnapshot().matches({ contain: 'outcome' }));
  return committed;
}

describe('a drill through the real session', () => {
  it('bad-deploy-500: the revert of the culprit heals the service, verify sees it, the mitigation scores right', async () => {
    const r = await run('bad-deploy-500');
    const detect = await declareAndTriage(r, 'Storefront answers 500 on every request', 'SEV-1');
    expect(detect).toMatchObject({ healthy: false, status: 500 });
    const culprit = r.drill.culprit!;
    // Commit dates are real and relative to now: the culprit is among those ranked before the start.
    expect(r.session.actor.getSnapshot().context.facts!.culprits!.map((c) => c.sha)).toContain(culprit.sha);
    const healed = await revert(r, culprit.sha, true);
    // Pushed for real to the drill's bare origin.
    expect(execFileSync('git', ['log', '-1', '--format=%s', 'origin/main'], { cwd: r.drill.repoDir, encoding: 'utf8' })).toMatch(
      /^Revert "Format prices/,
    );
    expect(await nextProbe(r, 'recheck', healed)).toMatchObject({ healthy: true, status: 200 });
    r.answer([{ step: STEP.containOutcome, value: 'mitigated' }, ...RESOLVE]);
    expect(await nextProbe(r, 'verify')).toMatchObject({ healthy: true, status: 200 });
    // The probe ticked what it proves; the rest is ticked by hand.
    await reached(() => r.session.actor.getSnapshot().context.facts!.verify.ticked.length >= 2);
    const ticked = new Set(r.session.actor.getSnapshot().context.facts!.verify.ticked);
    const checklist = promptFor(r.session.actor.getSnapshot(), new Date(), r.extras());
    if (checklist.kind !== 'checklist') throw new Error('expected the verify checklist');
    for (const item of checklist.items.filter((i) => !ticked.has(i.id))) r.session.submit(checklist.toggle(item.id));
    const next = promptFor(r.session.actor.getSnapshot(), new Date(), r.extras());
    if (next.kind !== 'checklist') throw new Error('expected the verify checklist');
    const go = next.submit('continue');
    if (!go.ok) throw new Error(go.error);
    r.session.submit(go.action);
    r.answer(POSTMORTEM);
    await waitFor(r.session.actor, (snap) => snap.status === 'done', { timeout: 8000 });

    const score = r.score();
    expect(score.mitigation.verdict).toBe('right');
    expect(score.mitigation.mitigatedBy).toMatchObject({ option: 'rollback', sha: culprit.sha, verdict: 'right', mitigated: true });
    expect(score.severity.verdict).toBe('right');
    expect(score.postmortem.written).toBe(true);
    expect(score.timings.find((t) => t.key === 'verified')!.ms).not.toBeNull();
    expect(r.session.entries[0]!.data.drill).toEqual({ scenario: 'bad-deploy-500' });
  });

  it('third-party-outage: a rollback does not heal and scores harmful; the scenario action offered on "What did you do?" does', async () => {
    const r = await run('third-party-outage');
    // The provider fails 15 s of drill time in; the page comes after.
    await reached(() => r.drill.events().some((e) => e.kind === 'fault'));
    const detect = await declareAndTriage(r, 'Checkout answers 502', 'SEV-2');
    expect(detect.healthy).toBe(false);
    const top = r.session.actor.getSnapshot().context.facts!.culprits![0]!;
    const reverted = await revert(r, top.sha, false);
    expect(await nextProbe(r, 'recheck', reverted)).toMatchObject({ healthy: false });
    r.answer([
      { step: STEP.containOutcome, value: 'not-yet' },
      { step: STEP.containOption, value: 'feature-flag' },
    ]);
    // The actions standing for the option chosen come first; typing stays possible.
    const prompt = promptFor(r.session.actor.getSnapshot(), new Date(), r.extras());
    expect(prompt.kind === 'choice' && prompt.choices.map((c) => c.value)).toEqual([
      'action:charge-later',
      'action:fail-over-payments',
      'own',
    ]);
    const acted = Date.now();
    r.answer([{ step: STEP.containAction, value: 'action:charge-later' }]);
    expect(r.drill.snapshot().flags.payments_mode).toBe('deferred');
    expect(await nextProbe(r, 'recheck', acted)).toMatchObject({ healthy: true });
    r.answer([{ step: STEP.containOutcome, value: 'mitigated' }]);

    const score = r.score();
    expect(score.mitigation.attempts.map((a) => [a.option, a.verdict, a.done, a.mitigated])).toEqual([
      ['rollback', 'harmful', true, false],
      ['feature-flag', 'right', true, true],
    ]);
    expect(score.mitigation.mitigatedBy?.drillAction).toBe('charge-later');
    const line = score.lines.find((l) => l.key === 'mitigation')!;
    expect(line.text).toMatch(/^impact stopped by “Turn on "accept orders, charge later"/);
    expect(line.points).toBe(15);
    expect(line.advice).toMatch(/Before rolling back \w{7}, check it fits the symptoms/);
  });

  it('expired-certificate: the renewal offered on "What did you do?" heals HTTPS, the probe trusting the drill CA', async () => {
    const r = await run('expired-certificate');
    await reached(() => r.drill.snapshot().certificate === 'expired');
    const detect = await declareAndTriage(r, 'Browsers refuse the certificate', 'SEV-1');
    expect(detect.healthy).toBe(false);
    expect(detect.tls?.daysLeft ?? 0).toBeLessThan(0);
    const renewed = Date.now();
    r.answer([
      { step: STEP.containOption, value: 'investigate' },
      { step: STEP.containAction, value: 'action:renew-certificate' },
    ]);
    expect(r.drill.snapshot().certificate).toBe('valid');
    const recheck = await nextProbe(r, 'recheck', renewed);
    expect(recheck).toMatchObject({ healthy: true, status: 200 });
    expect(recheck.tls?.error ?? null).toBeNull();
    r.answer([{ step: STEP.containOutcome, value: 'mitigated' }]);
    const recorded = r.session.entries.find((e) => e.type === 'answer' && e.data.step === STEP.containAction)!;
    expect(recorded.data).toMatchObject({ value: 'action:renew-certificate', label: expect.stringMatching(/^Renew the certificate/) });

    const score = r.score();
    expect(score.mitigation.mitigatedBy).toMatchObject({ option: 'investigate', drillAction: 'renew-certificate', verdict: 'right' });
    expect(score.lines.find((l) => l.key === 'mitigation')!.points).toBe(20);
    // Nothing of the drill world is left once it is stopped.
    await r.drill.stop();
    expect(fs.existsSync(r.drill.dir)).toBe(false);
  });
});

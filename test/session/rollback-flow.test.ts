import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { waitFor } from 'xstate';
import { Session, type SessionDeps } from '../../src/session/incident-session.js';
import { promptFor } from '../../src/machine/prompts.js';
import { rollbackGitFor } from '../../src/git/rollback-git.js';
import { findCulprits, toCulpritSummary } from '../../src/git/find-culprits.js';
import { STEP } from '../../src/machine/steps.js';
import { makeTempDir } from '../helpers/temp.js';
import { until } from '../helpers/frames.js';
import { makeDeps } from '../helpers/session.js';
import { initRepo, type TestRepo } from '../helpers/git-repo.js';
import { answerAll, DETECT, TRIAGE } from '../helpers/incident-script.js';

let tmp: { dir: string; cleanup: () => void };
let repo: TestRepo;
let culprit: string;
let deps: SessionDeps;
const open: Session[] = [];
const track = (s: Session) => (open.push(s), s);

beforeEach(async () => {
  tmp = makeTempDir('incident-rollback-');
  repo = initRepo(join(tmp.dir, 'service'));
  repo.commit({ files: { 'app.js': 'console.log("ok");\n' }, message: 'Initial service', at: '2026-11-25T00:30:00Z' });
  culprit = repo.commit({
    files: { 'config/app.yaml': 'timeout: 30\n', 'pay.js': 'const t = process.env.PAYMENT_TIMEOUT;\n' },
    message: 'Read PAYMENT_TIMEOUT',
    at: '2026-11-25T01:45:00Z',
  });
  deps = await makeDeps(tmp.dir, {
    repo: repo.dir,
    rollbackGit: rollbackGitFor(repo.dir, () => open[0]?.id ?? ''),
    diagnostics: {
      culprits: async (dir, start) => {
        const found = await findCulprits(dir, start, 48);
        return { commits: found.ranked.slice(0, 5).map(toCulpritSummary), note: found.error };
      },
    },
  });
});
afterEach(async () => {
  for (const s of open.splice(0)) s.close();
  await deps.store.flush();
  tmp.cleanup();
});

async function toRevertConfirm(s: Session): Promise<void> {
  answerAll(s, [...DETECT, ...TRIAGE], deps.now);
  await waitFor(s.actor, (snap) => snap.context.facts?.culprits !== null, { timeout: 5000 });
  expect(s.actor.getSnapshot().context.facts!.culprits![0]!.sha).toBe(culprit);
  answerAll(
    s,
    [
      { step: STEP.containOption, value: 'rollback' },
      { step: STEP.rollbackCaution, value: 'none' },
      { step: STEP.rollbackTarget, value: culprit },
    ],
    deps.now,
  );
  await reached(() => s.rollbackView?.stage.kind === 'confirm');
}

/** Git and the probe run for real here: a little more time than a frame needs. */
const reached = (cond: () => boolean) => until(cond, { timeoutMs: 5000 });

function confirmTyped(s: Session, text: string, pasted = false) {
  const prompt = promptFor(s.actor.getSnapshot(), deps.now(), { rollback: s.rollbackView });
  if (prompt.kind !== 'text') throw new Error(`expected the typed confirmation, got ${prompt.kind}`);
  return prompt.submit(text, deps.now(), { pasted });
}

describe('rollback from contain', () => {
  it('reverts the ranked culprit after a typed confirmation, records every step first, and hands on to "has the impact stopped?"', async () => {
    const s = track(Session.fresh(deps));
    s.submit({ type: 'declare', title: 'Checkout returns 500' });
    await toRevertConfirm(s);
    // Staged, not committed yet.
    expect(repo.head()).toBe(culprit);
    expect(confirmTyped(s, culprit.slice(0, 7), true)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Pasted text does not confirm/),
    });
    expect(confirmTyped(s, 'yes')).toMatchObject({ ok: false });
    const typed = confirmTyped(s, culprit.slice(0, 7));
    if (!typed.ok) throw new Error(typed.error);
    s.submit(typed.action);
    await reached(() => s.rollbackView?.stage.kind === 'push');
    expect(repo.git(['log', '-1', '--format=%B'])).toMatch(
      new RegExp(`^Revert "Read PAYMENT_TIMEOUT"\\n\\nThis reverts commit ${culprit}\\.\\n\\nIncident: ${s.id}`),
    );
    s.submit({ type: 'rollback.skip-push' });
    await reached(() => s.actor.getSnapshot().matches({ contain: 'outcome' }));
    const types = s.entries.map((e) => e.type).filter((t) => t.startsWith('rollback.'));
    expect(types).toEqual(['rollback.preflight', 'rollback.started', 'rollback.staged', 'rollback.committed', 'rollback.push-skipped']);
    const handedOn = s.entries.find((e) => e.type === 'answer' && e.data.step === STEP.revert)!;
    expect(String(handedOn.data.label)).toMatch(/git revert of \w{7} committed as \w{7}; not pushed yet/);
  });

  it('Enter alone undoes the staged revert and goes back to the options, the repository as it was', async () => {
    const s = track(Session.fresh(deps));
    s.submit({ type: 'declare', title: 'Checkout returns 500' });
    await toRevertConfirm(s);
    const declined = confirmTyped(s, '');
    if (!declined.ok) throw new Error(declined.error);
    s.submit(declined.action);
    await reached(() => s.actor.getSnapshot().matches({ contain: 'option' }));
    expect(repo.head()).toBe(culprit);
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it('a dirty tree blocks the revert with the stash command, and nothing changes', async () => {
    const s = track(Session.fresh(deps));
    s.submit({ type: 'declare', title: 'Checkout returns 500' });
    answerAll(s, [...DETECT, ...TRIAGE], deps.now);
    await waitFor(s.actor, (snap) => snap.context.facts?.culprits !== null, { timeout: 5000 });
    repo.git(['config', 'core.autocrlf', 'false']);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(repo.dir, 'app.js'), 'local edit\n');
    answerAll(
      s,
      [
        { step: STEP.containOption, value: 'rollback' },
        { step: STEP.rollbackCaution, value: 'none' },
        { step: STEP.rollbackTarget, value: culprit },
      ],
      deps.now,
    );
    await reached(() => s.rollbackView?.stage.kind === 'blocked');
    const stage = s.rollbackView!.stage;
    expect(stage.kind === 'blocked' && stage.stash).toMatch(/^git stash push -u -m /);
    expect(repo.head()).toBe(culprit);
  });

  it('after a crash with the revert staged, resume asks again instead of reverting twice', async () => {
    const s = track(Session.fresh(deps));
    s.submit({ type: 'declare', title: 'Checkout returns 500' });
    await toRevertConfirm(s);
    s.close();
    open.splice(0);
    const again = track(Session.resume(deps, s.id!));
    await reached(() => again.rollbackView?.stage.kind === 'confirm');
    const typed = confirmTyped(again, culprit.slice(0, 7));
    if (!typed.ok) throw new Error(typed.error);
    again.submit(typed.action);
    await reached(() => again.rollbackView?.stage.kind === 'push');
    expect(repo.git(['log', '--format=%s'])).toBe('Revert "Read PAYMENT_TIMEOUT"\nRead PAYMENT_TIMEOUT\nInitial service\n');
  });
});

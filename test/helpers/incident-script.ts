// One realistic incident, answer by answer, shared by the session and UI tests.
import { STEP } from '../../src/machine/steps.js';

export interface ScriptedAnswer {
  step: string;
  /** Typed text for text prompts, the choice value for choices. */
  value: string;
}

export const DETECT: ScriptedAnswer[] = [
  { step: STEP.url, value: 'https://shop.example.com/health' },
  { step: STEP.baseline, value: 'normally 200 in ~120 ms' },
  { step: STEP.started, value: '20 min ago' },
  { step: STEP.detection, value: 'monitoring' },
  { step: STEP.changes, value: 'deployed v2.3.1 at 01:50' },
];
export const TRIAGE: ScriptedAnswer[] = [
  { step: 'triage.severity.app_down', value: 'no' },
  { step: 'triage.severity.data_loss', value: 'no' },
  { step: 'triage.severity.core_broken', value: 'yes' },
  { step: STEP.affected, value: 'all customers paying by card' },
  { step: STEP.canMitigate, value: 'yes' },
  { step: STEP.blastRadius, value: 'one-feature' },
];
export const CONTAIN: ScriptedAnswer[] = [
  { step: STEP.containOption, value: 'rollback' },
  { step: STEP.rollbackCaution, value: 'none' },
  { step: STEP.containAction, value: 'reverted v2.3.1 and redeployed v2.3.0' },
  { step: STEP.containOutcome, value: 'mitigated' },
];
export const RESOLVE: ScriptedAnswer[] = [
  { step: STEP.hypothesis, value: 'own' },
  { step: STEP.hypothesisText, value: 'v2.3.1 needs a config key production lacks' },
  { step: STEP.evidenceFor, value: 'errors started 2 min after the deploy' },
  { step: STEP.evidenceAgainst, value: '' },
  { step: STEP.hypothesisTest, value: 'compare prod and staging env' },
  { step: STEP.hypothesisResult, value: 'confirmed' },
  { step: STEP.rootCause, value: 'v2.3.1 read PAYMENT_TIMEOUT, which production does not set' },
  { step: STEP.fix, value: 'PR 482 adds the key with a safe default' },
];
export const POSTMORTEM: ScriptedAnswer[] = [
  { step: STEP.impact, value: 'about 18% of checkouts failed for 25 minutes' },
  { step: STEP.affectedSystems, value: 'checkout API; payments worker' },
  { step: STEP.affectedUsers, value: '' },
  { step: STEP.trigger, value: '' },
  { step: STEP.why, value: 'the service could not read PAYMENT_TIMEOUT' },
  { step: STEP.why, value: 'production does not set it' },
  { step: STEP.why, value: '' },
  { step: STEP.contributing, value: 'no 5xx alert on checkout' },
  { step: STEP.wentWell, value: 'the alert fired in 2 minutes; rollback took 4 minutes' },
  { step: STEP.wentWrong, value: 'CI did not check production config' },
  { step: STEP.lucky, value: 'low traffic at night' },
  { step: STEP.actionWhat, value: 'Check required env vars in CI' },
  { step: STEP.actionKind, value: 'prevent' },
  { step: STEP.actionOwner, value: 'platform team' },
  { step: STEP.actionDue, value: '2026-12-10' },
  { step: STEP.actionPriority, value: 'P1' },
  { step: STEP.actionMore, value: 'add' },
  { step: STEP.actionWhat, value: 'Alert on checkout 5xx above 2%' },
  { step: STEP.actionKind, value: 'detect' },
  { step: STEP.actionOwner, value: 'sre on-call' },
  { step: STEP.actionDue, value: '' },
  { step: STEP.actionPriority, value: 'P2' },
  { step: STEP.actionMore, value: 'done' },
  { step: STEP.lessons, value: 'config is code' },
  { step: STEP.milestones, value: '' },
  { step: STEP.review, value: 'write' },
];

import { promptFor, type PromptExtras } from '../../src/machine/prompts.js';
import type { IncidentSession } from '../../src/session/types.js';
import { VERIFY_ITEMS } from '../../src/domain/verify-checklist.js';

/** Answers through the same prompts the screens use; fails loudly when the flow is not where the script expects. */
export function answerAll(session: IncidentSession, script: readonly ScriptedAnswer[], now: () => Date, extras: PromptExtras = {}): void {
  for (const a of script) {
    const prompt = promptFor(session.actor.getSnapshot(), now(), extras);
    if (prompt.step !== a.step) throw new Error(`expected to be asked ${a.step}, but the prompt is ${prompt.step}`);
    if (prompt.kind !== 'text' && prompt.kind !== 'choice') throw new Error(`${a.step} is a ${prompt.kind} prompt`);
    const result = prompt.kind === 'text' ? prompt.submit(a.value, now()) : prompt.submit(a.value);
    if (!result.ok) throw new Error(`${a.step}: ${result.error}`);
    if (result.action.type === 'screen') throw new Error(`${a.step}: "${a.value}" only changes the screen`);
    const outcome = session.submit(result.action);
    if (!outcome.ok) throw new Error(`${a.step}: ${outcome.error}`);
  }
}

/** Ticks every verify item and moves on. */
export function verifyAll(session: IncidentSession, now: () => Date): void {
  for (const item of VERIFY_ITEMS) {
    const prompt = promptFor(session.actor.getSnapshot(), now());
    if (prompt.kind !== 'checklist') throw new Error(`expected the verify checklist, got ${prompt.step}`);
    const outcome = session.submit(prompt.toggle(item.id));
    if (!outcome.ok) throw new Error(outcome.error);
  }
  const prompt = promptFor(session.actor.getSnapshot(), now());
  if (prompt.kind !== 'checklist') throw new Error('expected the verify checklist');
  const result = prompt.submit('continue');
  if (!result.ok) throw new Error(result.error);
  session.submit(result.action);
}

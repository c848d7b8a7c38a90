// The ways to stop the bleeding, and the order to offer them in. Containment
// is about restoring service, not fixing the cause: the option that most often
// works fastest for this situation is offered first and marked, the rest stay
// one key away.
import type { ContainOption, Recommendation } from './incident.js';
import type { Severity } from './types.js';

export interface ContainOptionInfo {
  option: ContainOption;
  label: string;
  /** One line: when this option fits. */
  hint: string;
}

/** Canonical order (used when nothing is recommended). */
export const CONTAIN_OPTIONS: readonly ContainOptionInfo[] = [
  {
    option: 'rollback',
    label: 'Roll back the last deploy',
    hint: 'If a recent deploy started it: the fastest way back to a known good state.',
  },
  { option: 'feature-flag', label: 'Turn the feature flag off', hint: 'The broken code path is behind a flag.' },
  { option: 'scale-up', label: 'Scale up', hint: 'CPU, memory, connections or queues are saturated under load.' },
  {
    option: 'fail-over',
    label: 'Fail over to a healthy replica or region',
    hint: 'One region, zone, replica or provider is unhealthy and a healthy one is ready.',
  },
  { option: 'rate-limit', label: 'Rate-limit traffic', hint: 'A traffic spike or a runaway client is overwhelming the service.' },
  { option: 'block-actor', label: 'Block a bad actor', hint: 'Abusive traffic comes from identifiable IPs, accounts or keys.' },
  { option: 'investigate', label: 'Investigate further', hint: 'The impact is narrow, or no mitigation fits yet: find the cause first.' },
];

export function containOptionLabel(option: ContainOption): string {
  return CONTAIN_OPTIONS.find((o) => o.option === option)?.label ?? option;
}

export interface OrderedOption extends ContainOptionInfo {
  recommended: boolean;
}

function moveToFront(list: ContainOptionInfo[], first: ContainOption[]): ContainOptionInfo[] {
  const head = first.map((o) => list.find((i) => i.option === o)).filter((i): i is ContainOptionInfo => i !== undefined);
  return [...head, ...list.filter((i) => !first.includes(i.option))];
}

/**
 * An investigate recommendation (a narrow blast radius): investigate first,
 * recommended. Else SEV-1/2, or a rollback-first recommendation: rollback
 * first, recommended; with investigate-consider-rollback, rollback comes second
 * so it is one key away. Neither severity nor recommendation known: canonical
 * order, nothing recommended.
 */
export function orderOptions(severity: Severity | null, recommendation: Recommendation | null): OrderedOption[] {
  const all = [...CONTAIN_OPTIONS];
  let order: ContainOptionInfo[] = all;
  let recommended: ContainOption | null = null;
  // Blast radius decides first, so contain never contradicts what triage just said.
  if (recommendation === 'investigate') {
    order = moveToFront(all, ['investigate']);
    recommended = 'investigate';
  } else if (severity === 'SEV-1' || severity === 'SEV-2' || recommendation === 'rollback-first') {
    order = moveToFront(all, ['rollback']);
    recommended = 'rollback';
  } else if (recommendation === 'investigate-consider-rollback') {
    order = moveToFront(all, ['investigate', 'rollback']);
    recommended = 'investigate';
  }
  return order.map((o) => ({ ...o, recommended: o.option === recommended }));
}

export type RollbackCautionId = 'destructive-migration' | 'started-before-deploy' | 'rollback-riskier';

/** "When NOT to roll back": asked before a rollback; the answer is kept on the ContainAttempt as `caution`. */
export const ROLLBACK_CAUTIONS: readonly { id: RollbackCautionId; label: string; text: string }[] = [
  {
    id: 'destructive-migration',
    label: 'A destructive migration already ran',
    text: "A destructive database migration already ran: rolling back the code won't restore the data, and the old code may break on the new schema.",
  },
  {
    id: 'started-before-deploy',
    label: 'The problem started before the deploy',
    text: 'The problem started before the deploy: the deploy is not the cause, so rolling it back will not help.',
  },
  {
    id: 'rollback-riskier',
    label: 'The rollback is larger than the fix',
    text: 'The rollback is larger or riskier than a small forward fix (many changes since, or shared dependencies).',
  },
];

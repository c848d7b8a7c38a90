// Post-mortem action items: each one prevents, detects, mitigates or changes
// a process; each has an owner, a due date and a priority. The kinds make a
// list of only "be more careful" items visible for what it is.
export type ActionKind = 'prevent' | 'detect' | 'mitigate' | 'process';
export type ActionPriority = 'P1' | 'P2' | 'P3';

export const ACTION_KINDS: readonly { value: ActionKind; label: string; hint: string }[] = [
  { value: 'prevent', label: 'Prevent — stop it from happening again', hint: 'a test, a guard, a safer default' },
  { value: 'detect', label: 'Detect — notice it sooner', hint: 'an alert, a probe, a dashboard' },
  { value: 'mitigate', label: 'Mitigate — limit it or recover faster', hint: 'a flag, a runbook, faster rollback' },
  { value: 'process', label: 'Process — change how we work', hint: 'review, rollout, on-call' },
];

export const ACTION_PRIORITIES: readonly { value: ActionPriority; label: string }[] = [
  { value: 'P1', label: 'P1 — before anything else; this can happen again any day' },
  { value: 'P2', label: 'P2 — this sprint' },
  { value: 'P3', label: 'P3 — when there is room' },
];

export function actionKindLabel(kind: ActionKind | null | undefined): string {
  return kind ? kind.charAt(0).toUpperCase() + kind.slice(1) : '—';
}

/** Preventing a SEV-1/2 from recurring is the obvious first priority; everything else starts at P2. */
export function suggestedPriority(kind: ActionKind | null, severity: string | null): ActionPriority {
  return kind === 'prevent' && (severity === 'SEV-1' || severity === 'SEV-2') ? 'P1' : 'P2';
}

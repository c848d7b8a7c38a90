// A recorded drill, built entry by entry like test/postmortem/render.test.ts
// does, with the facts the machine would have kept. Times are minutes after
// the fault, which begins at 02:00 UTC.
import { emptyFacts, type ActionItem, type ContainAttempt, type ContainOption, type IncidentFacts } from '../../src/domain/incident.js';
import type { EventPhase, Severity, TimelineEntry } from '../../src/domain/types.js';
import { STEP } from '../../src/machine/steps.js';

export const FAULT_AT = '2026-11-25T02:00:00.000Z';
export const min = (m: number): string => new Date(Date.parse(FAULT_AT) + m * 60_000).toISOString();

export interface AttemptSpec {
  option: ContainOption;
  at: number;
  /** A git revert of this commit (rollback only). */
  sha?: string;
  /** A "when NOT to roll back" caution that stopped it. */
  caution?: string;
  outcome?: 'mitigated' | 'not-yet';
  /** Minutes after the fault the outcome was answered (default: at + 3). */
  decidedAt?: number;
  /** A drill's action chosen on "What did you do?". */
  drillAction?: { id: string; title: string };
}

export interface DrillSpec {
  declare?: number;
  severity?: [number, Severity] | null;
  updates?: number[];
  contain?: AttemptSpec[];
  /** Resolved at; with unticked checks it is resolved but not verified. */
  resolved?: { at: number; unticked?: string[] } | null;
  rootCause?: string | null;
  actionItems?: ActionItem[];
  postmortemWritten?: number | null;
}

export const GOOD_ITEMS: ActionItem[] = [
  { action: 'Check required env vars in CI', owner: 'platform team', due: '2026-12-10', kind: 'prevent', priority: 'P1' },
  { action: 'Alert on checkout 5xx above 2%', owner: 'sre on-call', due: '2026-12-25', kind: 'detect', priority: 'P2' },
];

/** A textbook drill unless told otherwise: declared at 3m, SEV-2 at 5m, a revert of 1a2b3c4d at 8m that works, verified at 25m. */
export function recordedDrill(spec: DrillSpec = {}): { facts: IncidentFacts; entries: TimelineEntry[] } {
  const entries: TimelineEntry[] = [];
  const add = (m: number, phase: EventPhase, type: string, data: Record<string, unknown>) =>
    entries.push({
      id: `01JDX${String(entries.length + 1).padStart(3, '0')}`,
      seq: entries.length + 1,
      at: min(m),
      phase,
      type,
      actor: 'ana@laptop',
      data,
    });
  const declaredAt = spec.declare ?? 3;
  const facts = emptyFacts({
    id: '2026-11-25-checkout-drill',
    title: 'Checkout returns 500',
    declaredAt: min(declaredAt),
    actor: 'ana@laptop',
    repo: null,
  });
  add(declaredAt, 'declare', 'incident.declared', { id: facts.id, title: facts.title, source: 'tui', drill: { scenario: 'bad-deploy' } });
  add(declaredAt, 'detect', 'phase.changed', { from: 'declare', to: 'detect' });

  const severity = spec.severity === undefined ? ([5, 'SEV-2'] as [number, Severity]) : spec.severity;
  if (severity) {
    add(severity[0] - 0.5, 'triage', 'phase.changed', { from: 'detect', to: 'triage' });
    add(severity[0], 'triage', 'severity.set', { severity: severity[1], source: 'tree', path: [] });
    facts.severity = severity[1];
  }
  for (const u of spec.updates ?? [6]) {
    add(u, 'triage', 'update.posted', { kind: 'investigating', text: 'We are investigating' });
    facts.updates.push({ at: min(u), kind: 'investigating', text: 'We are investigating' });
  }
  const attempts = spec.contain ?? [{ option: 'rollback', at: 8, sha: '1a2b3c4d5e6f', outcome: 'mitigated' }];
  if (attempts.length > 0) add(attempts[0]!.at - 0.5, 'contain', 'phase.changed', { from: 'triage', to: 'contain' });
  for (const a of attempts) {
    add(a.at, 'contain', 'answer', { step: STEP.containOption, question: 'Contain?', value: a.option });
    const attempt: ContainAttempt = { option: a.option, chosenAt: min(a.at), caution: null, action: null, outcome: null, decidedAt: null };
    facts.contain.push(attempt);
    if (a.option === 'rollback') {
      attempt.caution = a.caution ?? 'none';
      add(a.at + 0.2, 'contain', 'answer', { step: STEP.rollbackCaution, question: 'When not to roll back', value: attempt.caution });
      if (a.caution) continue;
      if (a.sha) {
        add(a.at + 0.4, 'contain', 'answer', { step: STEP.rollbackTarget, question: 'Which change?', value: a.sha });
        add(a.at + 0.6, 'contain', 'rollback.started', { sha: a.sha, subject: 'Read PAYMENT_TIMEOUT' });
        add(a.at + 1, 'contain', 'rollback.committed', { sha: a.sha, revertSha: 'ffff000011112222' });
      }
    }
    attempt.action = a.drillAction?.title ?? `did ${a.option}`;
    add(a.at + 1.5, 'contain', 'answer', {
      step: STEP.containAction,
      question: 'What did you do?',
      ...(a.drillAction ? { value: `action:${a.drillAction.id}`, label: a.drillAction.title } : { value: attempt.action }),
    });
    if (a.outcome) {
      const decided = a.decidedAt ?? a.at + 3;
      attempt.outcome = a.outcome;
      attempt.decidedAt = min(decided);
      add(decided, 'contain', 'answer', { step: STEP.containOutcome, question: 'Has the impact stopped?', value: a.outcome });
      if (a.outcome === 'mitigated' && facts.mitigatedAt === null) {
        facts.mitigatedAt = min(decided);
        add(decided, 'contain', 'mitigated', { option: a.option, action: attempt.action });
        add(decided, 'resolve', 'phase.changed', { from: 'contain', to: 'resolve' });
      }
    }
  }
  facts.rootCause = spec.rootCause === undefined ? 'v2.3.1 read PAYMENT_TIMEOUT, which production does not set' : spec.rootCause;
  const resolved = spec.resolved === undefined ? { at: 25 } : spec.resolved;
  if (resolved) {
    add(resolved.at - 5, 'verify', 'phase.changed', { from: 'resolve', to: 'verify' });
    const unticked = resolved.unticked ?? [];
    add(resolved.at, 'verify', 'resolved', { skipReason: unticked.length > 0 ? 'watching it' : null, unticked, probeGate: null });
    facts.resolvedAt = min(resolved.at);
    add(resolved.at, 'postmortem', 'phase.changed', { from: 'verify', to: 'postmortem' });
  }
  facts.postmortem.actionItems = spec.actionItems ?? GOOD_ITEMS;
  const written = spec.postmortemWritten === undefined ? 40 : spec.postmortemWritten;
  if (written !== null) {
    facts.postmortemPath = `docs/incidents/${facts.id}.md`;
    add(written, 'postmortem', 'postmortem.written', { path: facts.postmortemPath });
    add(written, 'closed', 'incident.closed', {});
  }
  return { facts, entries };
}

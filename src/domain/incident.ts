// The facts of one incident as the machine accumulates them. Everything here
// is plain data (ISO strings for times) so that it round-trips through JSON.
import type { Severity } from './types.js';
import type { Baseline, ProbeResult } from './probe.js';
import type { PostedUpdate } from './status-update.js';
import type { Hypothesis } from './hypotheses.js';
import type { ActionKind, ActionPriority } from './action-items.js';
import { emptyRoles, type Role, type Roles } from './roles.js';

export type Detection = 'monitoring' | 'user-report' | 'after-deploy' | 'other';
export type BlastRadius = 'single' | 'one-feature' | 'many-features';
/** What blast radius (and severity) say to do first. */
export type Recommendation = 'investigate' | 'investigate-consider-rollback' | 'rollback-first';
export type ContainOption = 'rollback' | 'feature-flag' | 'scale-up' | 'fail-over' | 'rate-limit' | 'block-actor' | 'investigate';
export type CanMitigate = 'yes' | 'no' | 'unsure';

export interface SeverityStep {
  /** Node id in runbooks/severity.yaml. */
  node: string;
  question: string;
  answer: string;
}

export interface ContainAttempt {
  option: ContainOption;
  chosenAt: string;
  /** The "when NOT to roll back" check, for rollbacks: which caution applied, or 'none'. */
  caution?: string | null;
  action: string | null;
  outcome: 'mitigated' | 'not-yet' | null;
  decidedAt: string | null;
}

export interface ActionItem {
  action: string;
  owner: string;
  /** YYYY-MM-DD */
  due: string;
  /** Absent in incidents recorded before kinds and priorities were asked. */
  kind?: ActionKind | null;
  priority?: ActionPriority | null;
}

/** A change of who holds a role; a hand-off of command carries its summary. */
export interface RoleChange {
  at: string;
  role: Role;
  who: string;
  from: string | null;
  summary: string | null;
}

export interface VerifyState {
  /** Ids of ticked checklist items (see domain/verify-checklist.ts). */
  ticked: string[];
  /** Why the engineer moved on with unticked items, if they did. */
  skipReason: string | null;
  passedAt: string | null;
}

export interface PostmortemAnswers {
  impact: string | null;
  affectedSystems: string | null;
  affectedUsers: string | null;
  wentWell: string | null;
  wentWrong: string | null;
  /** Where we got lucky: what would have made it worse. */
  lucky: string | null;
  /** What set it off (a deploy, a config change, traffic). */
  trigger: string | null;
  /** What made it possible, worse or slower to fix, beside the root cause. */
  contributing: string | null;
  /** The five whys, in order: each answers "why?" of the one before. */
  whys: string[];
  actionItems: ActionItem[];
  lessons: string | null;
}

/** One health probe as recorded: the whole result (a few samples), and why it ran. */
export type ProbeSummary = ProbeResult & { purpose: 'detect' | 'recheck' | 'verify' | 'watch' };

/** What "normal" looks like for the service, typed or measured. */
export type BaselineFacts = Baseline;

/** One ranked commit, as kept in the timeline. */
export interface CulpritSummary {
  sha: string;
  shortSha: string;
  at: string;
  author: string;
  subject: string;
  score: number;
  reasons: string[];
  signals: string[];
  isMerge: boolean;
  filesChanged: number;
}

export interface IncidentFacts {
  id: string;
  title: string;
  declaredAt: string;
  actor: string;
  repo: string | null;
  url: string | null;
  /** When the problem started (UTC ISO), as interpreted. */
  startedAt: string | null;
  /** What was typed for the start time, and how it was read when that was not obvious. */
  startedInput: string | null;
  startedNote: string | null;
  detection: Detection | null;
  changes: string | null;
  severity: Severity | null;
  severityPath: SeverityStep[];
  severitySource: 'tree' | 'declared' | null;
  affected: string | null;
  canMitigate: CanMitigate | null;
  blastRadius: BlastRadius | null;
  recommendation: Recommendation | null;
  contain: ContainAttempt[];
  mitigatedAt: string | null;
  rootCause: string | null;
  fix: string | null;
  verify: VerifyState;
  resolvedAt: string | null;
  postmortem: PostmortemAnswers;
  postmortemPath: string | null;
  closedAt: string | null;
  baseline: BaselineFacts | null;
  probes: ProbeSummary[];
  /** Ranked recent commits; null until looked up. */
  culprits: CulpritSummary[] | null;
  culpritsNote: string | null;
  /** Status updates posted, oldest first. */
  updates: PostedUpdate[];
  /** The resolve phase's hypothesis log, in the order proposed. */
  hypotheses: Hypothesis[];
  roles: Roles;
  roleChanges: RoleChange[];
}

export function emptyFacts(base: { id: string; title: string; declaredAt: string; actor: string; repo: string | null }): IncidentFacts {
  return {
    ...base,
    url: null,
    startedAt: null,
    startedInput: null,
    startedNote: null,
    detection: null,
    changes: null,
    severity: null,
    severityPath: [],
    severitySource: null,
    affected: null,
    canMitigate: null,
    blastRadius: null,
    recommendation: null,
    contain: [],
    mitigatedAt: null,
    rootCause: null,
    fix: null,
    verify: { ticked: [], skipReason: null, passedAt: null },
    resolvedAt: null,
    postmortem: {
      impact: null,
      affectedSystems: null,
      affectedUsers: null,
      wentWell: null,
      wentWrong: null,
      lucky: null,
      trigger: null,
      contributing: null,
      whys: [],
      actionItems: [],
      lessons: null,
    },
    postmortemPath: null,
    closedAt: null,
    baseline: null,
    probes: [],
    culprits: null,
    culpritsNote: null,
    updates: [],
    hypotheses: [],
    roles: emptyRoles(base.actor),
    roleChanges: [],
  };
}

// A drill scenario as the drill world and the scorer see it, whatever file it
// came from: pure data, camelCase, every default filled in and every
// reference checked (load-scenario.ts and lint-scenario.ts do that).
import type { ContainOption } from '../domain/incident.js';
import type { RunbookOrigin } from '../domain/runbook.js';
import type { Severity } from '../domain/types.js';

export type ScenarioOrigin = RunbookOrigin;

export interface ScenarioAuthor {
  name: string;
  email: string;
}

export interface ScenarioCommit {
  /** How the rest of the file names this commit (`revert:<id>`); `c1`, `c2`… when the file gives none. */
  id: string;
  author: ScenarioAuthor;
  /** The whole message: subject, then a blank line and the body if any. */
  message: string;
  /** Author and committer date, this long before the drill starts. */
  minutesAgo: number;
  /** Path (relative to the repository) → its new content; null deletes it. */
  files: Record<string, string | null>;
  culprit: boolean;
}

/** One test a rule makes on each request: the working tree's files (the git world) or a flag (the world outside git). */
export type Condition =
  | { kind: 'file-contains'; file: string; text: string }
  | { kind: 'file-lacks'; file: string; text: string }
  | { kind: 'file-exists'; file: string; exists: boolean }
  | { kind: 'flag-is'; flag: string; value: string }
  | { kind: 'flag-is-not'; flag: string; value: string };

export interface RuleEffect {
  status: number | null;
  body: string | null;
  /** Added to the route's own latency. */
  addLatencyMs: number;
  /** Dependencies the route calls too, or no longer calls. */
  addCalls: string[];
  skipCalls: string[];
  /** Memory the process leaks while the rule holds (on a timer, not per request). */
  leakMbPerMinute: number;
}

export interface Rule {
  id: string;
  when: Condition[];
  /** The routes it changes; null: every route. */
  routes: string[] | null;
  then: RuleEffect;
}

export interface RouteSpec {
  path: string;
  status: number;
  body: string;
  latencyMs: number;
  calls: string[];
}

export interface DependencySpec {
  id: string;
  /** What the responder would call it ("Payments provider (Stripe)"). */
  title: string;
  status: number;
  body: string;
  latencyMs: number;
}

export interface MemorySpec {
  startMb: number;
  limitMb: number;
  /** How long a crashed process stays down before it is restarted. */
  restartSeconds: number;
}

export interface ServiceSpec {
  name: string;
  /** The path the responder is given to probe (`drill.url`). */
  probePath: string;
  /** The service's own deadline for its dependency calls: past it, a 504. */
  timeoutMs: number;
  /** Served over HTTPS with certificates made at run time. */
  tls: boolean;
  memory: MemorySpec;
  /** Switches outside git: feature flags, modes. Values are compared as text. */
  flags: Record<string, string>;
  dependencies: DependencySpec[];
  routes: RouteSpec[];
}

/** What a fault (on a schedule) or an action (on demand) changes in the world. */
export type WorldChange =
  | {
      kind: 'dependency';
      dependency: string;
      status: number | null;
      body: string | null;
      latencyMs: number | null;
      /** Latency grows by this much per minute from the change, up to maxLatencyMs. */
      latencyMsPerMinute: number;
      maxLatencyMs: number | null;
    }
  | { kind: 'certificate'; certificate: 'valid' | 'expired' }
  | { kind: 'flags'; set: Record<string, string> }
  | { kind: 'restart' };

export interface Fault {
  atSeconds: number;
  /** What happened, in words, for the drill's own log. */
  note: string | null;
  change: WorldChange;
}

export interface DrillAction {
  id: string;
  title: string;
  /** The containment option it stands for, when it is one (a flag turned off is `feature-flag`). */
  containment: ContainOption | null;
  change: WorldChange;
}

/**
 * A move the responder can make, as `expected` lists it: a containment option
 * (`rollback`, `feature-flag`…), `revert:<commit id>` (`revert:culprit` is the
 * culprit's), or `action:<action id>` (one of the scenario's actions).
 */
export type ExpectedMove =
  | { kind: 'containment'; option: ContainOption; text: string }
  | { kind: 'revert'; commit: string; text: string }
  | { kind: 'action'; action: string; text: string };

export interface Expected {
  severity: Severity;
  /** Other severities a reasonable responder could pick. */
  acceptableSeverities: Severity[];
  right: ExpectedMove[];
  acceptable: ExpectedMove[];
  harmful: ExpectedMove[];
}

export interface Scenario {
  id: string;
  title: string;
  /** What the responder is told when the drill starts, like a page. */
  briefing: string;
  /** What happened and why the right moves were right; shown after the drill. */
  debrief: string;
  service: ServiceSpec;
  /** Oldest first. */
  history: ScenarioCommit[];
  rules: Rule[];
  faults: Fault[];
  actions: DrillAction[];
  expected: Expected;
  source: { file: string; origin: ScenarioOrigin };
}

export const CULPRIT_REF = 'culprit';

/** The culprit commit, if the scenario has one. */
export function culpritOf(scenario: Pick<Scenario, 'history'>): ScenarioCommit | null {
  return scenario.history.find((c) => c.culprit) ?? null;
}

/** The commit id a `revert:` move names, with `culprit` resolved; null when it names nothing. */
export function revertTarget(scenario: Pick<Scenario, 'history'>, move: ExpectedMove): ScenarioCommit | null {
  if (move.kind !== 'revert') return null;
  if (move.commit === CULPRIT_REF) return culpritOf(scenario);
  return scenario.history.find((c) => c.id === move.commit) ?? null;
}

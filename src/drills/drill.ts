// A running drill as its users see it (the guided mode, the scorer, tests):
// types only, so the UI can hold one without importing the drill world.
import type { Scenario } from './scenario.js';

export interface DrillCommit {
  /** The scenario's name for it (`c3`, or the id the file gives). */
  id: string;
  sha: string;
  subject: string;
  author: string;
  /** ISO date of author and committer. */
  at: string;
  culprit: boolean;
}

export interface DrillOptions {
  /** Where the drill's private folder is made (default: the OS temp folder). */
  baseDir?: string;
  /** The clock commit dates count back from (default: the real one). */
  now?: () => Date;
  /** How many times faster than real time the schedule, leaks and ramps run (default 1). */
  speed?: number;
  /** Remove the folder if the process ends without stop() (default true). */
  exitHook?: boolean;
}

export interface DrillEvent {
  /** Seconds of drill time since the start. */
  drillSeconds: number;
  kind: 'fault' | 'action' | 'deploy' | 'crash' | 'restart';
  text: string;
}

export interface DrillSnapshot {
  drillSeconds: number;
  memoryMb: number;
  /** Crashed, and not yet restarted: connections are refused. */
  down: boolean;
  certificate: 'valid' | 'expired' | null;
  flags: Record<string, string>;
  dependencies: Array<{ id: string; status: number; latencyMs: number }>;
}

export interface Drill {
  scenario: Scenario;
  /** The drill's private folder (0700): the repository, its bare origin. Removed by stop(). */
  dir: string;
  repoDir: string;
  /** What the responder probes: the service's origin and probe path. */
  url: string;
  origin: string;
  /** PEM of the CA behind the service's certificates (pass it as the probe's `ca`); null without TLS. */
  ca: string | null;
  dependencies: Array<{ id: string; title: string; url: string }>;
  /** Oldest first, with their real shas. */
  commits: DrillCommit[];
  culprit: DrillCommit | null;
  startedAt: Date;
  speed: number;
  drillSeconds: () => number;
  /** Does one of the scenario's actions (`renew-certificate`…). Throws for an id the scenario does not have. */
  act: (id: string) => void;
  snapshot: () => DrillSnapshot;
  /** Faults, actions, deploys, crashes and restarts so far, in order. */
  events: () => DrillEvent[];
  /** Closes every server and connection, clears every timer, removes the folder. Safe to call twice. */
  stop: () => Promise<void>;
}

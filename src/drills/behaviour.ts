// How the drill's service answers, as pure functions of what it sees: the
// working tree's files and the flags (through a WorldView), its memory, and
// the drill clock. drill-world.ts owns the servers and timers and asks these
// on every request and tick, so a `git revert` in the repository changes the
// next answer.
import type { Condition, MemorySpec, Rule, ServiceSpec, WorldChange } from './scenario.js';

export interface WorldView {
  /** The working-tree content of a repository file, or null when it is missing. */
  readFile: (path: string) => string | null;
  flag: (name: string) => string;
}

export function conditionHolds(c: Condition, view: WorldView): boolean {
  switch (c.kind) {
    case 'file-contains':
      return view.readFile(c.file)?.includes(c.text) ?? false;
    case 'file-lacks':
      return !(view.readFile(c.file)?.includes(c.text) ?? false);
    case 'file-exists':
      return (view.readFile(c.file) !== null) === c.exists;
    case 'flag-is':
      return view.flag(c.flag) === c.value;
    case 'flag-is-not':
      return view.flag(c.flag) !== c.value;
  }
}

export const ruleHolds = (rule: Rule, view: WorldView): boolean => rule.when.every((c) => conditionHolds(c, view));

/** Every file some rule reads: what a "deploy" (a change of the working tree) is watched on. */
export function filesRead(rules: readonly Rule[]): string[] {
  const files = new Set<string>();
  for (const rule of rules) for (const c of rule.when) if ('file' in c) files.add(c.file);
  return [...files].sort();
}

/** MB a minute the process leaks now. */
export function leakRate(rules: readonly Rule[], view: WorldView): number {
  return rules.reduce((sum, r) => (r.then.leakMbPerMinute > 0 && ruleHolds(r, view) ? sum + r.then.leakMbPerMinute : sum), 0);
}

/** Memory use from which answers slow down, and from which they fail, as a share of the limit. */
export const SLOW_FROM = 0.6;
export const FAIL_FROM = 0.9;
/** Latency added just below FAIL_FROM (garbage collection pauses). */
export const MAX_PRESSURE_LATENCY_MS = 1500;

export function memoryPressure(memory: MemorySpec, usedMb: number): { extraLatencyMs: number; failing: boolean } {
  const share = usedMb / memory.limitMb;
  if (share >= FAIL_FROM) return { extraLatencyMs: MAX_PRESSURE_LATENCY_MS, failing: true };
  if (share <= SLOW_FROM) return { extraLatencyMs: 0, failing: false };
  return { extraLatencyMs: Math.round(((share - SLOW_FROM) / (FAIL_FROM - SLOW_FROM)) * MAX_PRESSURE_LATENCY_MS), failing: false };
}

export interface PlannedAnswer {
  status: number;
  body: string;
  /** Before the dependencies are called. */
  latencyMs: number;
  /** Dependency ids called in order; only when the status itself is a success. */
  calls: string[];
}

export const OUT_OF_MEMORY_BODY = 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory';

/** The answer for `path` before any dependency is called; null for a path the service does not have (404). */
export function planAnswer(
  service: ServiceSpec,
  rules: readonly Rule[],
  path: string,
  view: WorldView,
  usedMb: number,
): PlannedAnswer | null {
  const route = service.routes.find((r) => r.path === path);
  if (!route) return null;
  let { status, body } = route;
  let latencyMs = route.latencyMs;
  const calls = [...route.calls];
  const skipped = new Set<string>();
  for (const rule of rules) {
    if (rule.routes !== null && !rule.routes.includes(path)) continue;
    if (!ruleHolds(rule, view)) continue;
    const t = rule.then;
    if (t.status !== null) status = t.status;
    if (t.body !== null) body = t.body;
    latencyMs += t.addLatencyMs;
    for (const id of t.addCalls) if (!calls.includes(id)) calls.push(id);
    for (const id of t.skipCalls) skipped.add(id);
  }
  const pressure = memoryPressure(service.memory, usedMb);
  latencyMs += pressure.extraLatencyMs;
  if (pressure.failing) return { status: 503, body: OUT_OF_MEMORY_BODY, latencyMs, calls: [] };
  const ok = status < 400;
  return { status, body, latencyMs, calls: ok ? calls.filter((id) => !skipped.has(id)) : [] };
}

export interface DependencyState {
  status: number;
  body: string;
  latencyMs: number;
  /** Growth a minute, counted from `rampFromSeconds` of drill time. */
  latencyMsPerMinute: number;
  rampFromSeconds: number;
  maxLatencyMs: number | null;
}

/** Latency never grows past this without a cap: a probe gives up long before. */
export const DEFAULT_MAX_LATENCY_MS = 60_000;

export function dependencyLatency(state: DependencyState, drillSeconds: number): number {
  const grown = state.latencyMs + (state.latencyMsPerMinute * Math.max(0, drillSeconds - state.rampFromSeconds)) / 60;
  return Math.round(Math.min(grown, state.maxLatencyMs ?? DEFAULT_MAX_LATENCY_MS));
}

/** How the service answers when a dependency call failed: what a gateway would say. */
export function upstreamFailure(
  title: string,
  outcome: { status: number } | { timedOutAfterMs: number } | { error: string },
): {
  status: number;
  body: string;
} {
  if ('timedOutAfterMs' in outcome) return { status: 504, body: `upstream ${title} did not answer within ${outcome.timedOutAfterMs} ms` };
  if ('error' in outcome) return { status: 502, body: `upstream ${title}: ${outcome.error}` };
  return { status: 502, body: `upstream ${title} answered HTTP ${outcome.status}` };
}

/** A world change in words, for the drill's log when the scenario gives no note. */
export function describeChange(change: WorldChange, service: string, titleOf: (dependency: string) => string): string {
  switch (change.kind) {
    case 'dependency':
      return `${titleOf(change.dependency)} changed`;
    case 'certificate':
      return change.certificate === 'expired' ? 'the certificate expired' : 'the certificate was renewed';
    case 'flags':
      return `flags: ${Object.entries(change.set)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`;
    case 'restart':
      return `${service} restarted`;
  }
}

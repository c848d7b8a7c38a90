// Walking one runbook, step by step, as a pure fold over recorded events: the
// walk is rebuilt from the timeline after a crash exactly like the incident.
import type { Runbook, RunbookOutcome, RunbookStep } from './runbook.js';

export interface WalkRecord {
  step: string;
  kind: RunbookStep['kind'];
  /** The answer, finding or result, in words. */
  result: string;
  /** A command's output (already capped and masked), shown after it ran. */
  detail?: string;
}

export interface WalkState {
  runbookId: string;
  /** The step being shown; null once the walk reached an end (or was left). */
  current: string | null;
  path: WalkRecord[];
  params: Record<string, string>;
  outcome: RunbookOutcome | null;
  /** Ticked items of the checklist being shown. */
  ticked: string[];
  finished: 'end' | 'left' | null;
}

/** The timeline events of a walk (each also a timeline entry type). */
export type WalkEvent =
  | { type: 'runbook.started'; runbook: string; title: string }
  | { type: 'runbook.answer'; runbook: string; step: string; value: string; label: string }
  | { type: 'runbook.ack'; runbook: string; step: string; finding?: string }
  | { type: 'runbook.tick'; runbook: string; step: string; item: string; ticked: boolean }
  | { type: 'runbook.param'; runbook: string; name: string; value: string }
  | {
      type: 'runbook.command';
      runbook: string;
      step: string;
      argv: string[];
      ran: boolean;
      exitCode: number | null;
      timedOut?: boolean;
      durationMs?: number;
      output?: string;
      error?: string | null;
    }
  | { type: 'runbook.left'; runbook: string; step: string | null }
  | { type: 'runbook.finished'; runbook: string; outcome: RunbookOutcome };

export const WALK_EVENT_TYPES: ReadonlySet<string> = new Set([
  'runbook.started',
  'runbook.answer',
  'runbook.ack',
  'runbook.tick',
  'runbook.param',
  'runbook.command',
  'runbook.left',
  'runbook.finished',
]);

export function startWalk(runbook: Runbook): WalkState {
  return { runbookId: runbook.id, current: runbook.start, path: [], params: {}, outcome: null, ticked: [], finished: null };
}

export function stepOf(runbook: Runbook, id: string): RunbookStep {
  const step = runbook.steps[id];
  if (!step) throw new Error(`runbook ${runbook.id} has no step "${id}"`);
  return step;
}

/** Applies one event; events for another runbook or another step change nothing (replay stays safe). */
export function applyWalk(runbook: Runbook, state: WalkState, event: WalkEvent): WalkState {
  if (event.runbook !== runbook.id || state.finished) return state;
  if (event.type === 'runbook.param') return { ...state, params: { ...state.params, [event.name]: event.value } };
  if (event.type === 'runbook.left') return { ...state, current: null, finished: 'left' };
  if (event.type === 'runbook.started' || event.type === 'runbook.finished' || !state.current) return state;
  if (!('step' in event) || event.step !== state.current) return state;
  const step = stepOf(runbook, state.current);
  switch (event.type) {
    case 'runbook.answer': {
      if (step.kind !== 'ask') return state;
      const choice = step.choices.find((c) => c.value === event.value);
      if (!choice) return state;
      return advance(runbook, state, choice.next, { step: step.id, kind: step.kind, result: choice.label });
    }
    case 'runbook.tick': {
      if (step.kind !== 'checklist' || !step.items.includes(event.item)) return state;
      const ticked = new Set(state.ticked);
      if (event.ticked) ticked.add(event.item);
      else ticked.delete(event.item);
      return { ...state, ticked: step.items.filter((i) => ticked.has(i)) };
    }
    case 'runbook.command': {
      if (step.kind !== 'do') return state;
      const result = !event.ran
        ? 'skipped'
        : event.error
          ? `could not run: ${event.error}`
          : event.timedOut
            ? 'timed out'
            : `exit ${event.exitCode ?? '?'}`;
      return advance(runbook, state, step.next, {
        step: step.id,
        kind: step.kind,
        result,
        ...(event.output ? { detail: event.output } : {}),
      });
    }
    case 'runbook.ack': {
      if (step.kind === 'ask' || step.kind === 'end' || step.kind === 'do') return state;
      const result =
        step.kind === 'checklist'
          ? `${state.ticked.length}/${step.items.length} checked`
          : event.finding?.trim()
            ? event.finding.trim()
            : step.kind === 'check'
              ? 'nothing noted'
              : 'read';
      return advance(runbook, state, step.next, { step: step.id, kind: step.kind, result });
    }
  }
}

function advance(runbook: Runbook, state: WalkState, next: string | null, record: WalkRecord): WalkState {
  const path = [...state.path, record];
  const target = next ? runbook.steps[next] : undefined;
  if (!target) return { ...state, path, current: null, ticked: [], finished: 'end' };
  if (target.kind === 'end') {
    return {
      ...state,
      path: [...path, { step: target.id, kind: 'end', result: outcomeText(target.outcome) }],
      current: null,
      ticked: [],
      outcome: target.outcome,
      finished: 'end',
    };
  }
  return { ...state, path, current: target.id, ticked: [] };
}

/** Rebuilds a walk from recorded events (those of other runbooks are ignored). */
export function replayWalk(runbook: Runbook, events: readonly WalkEvent[]): WalkState {
  return events.reduce((s, e) => applyWalk(runbook, s, e), startWalk(runbook));
}

/** The outcome in one line, for the screen and the timeline. */
export function outcomeText(o: RunbookOutcome): string {
  const parts = [
    o.severity ? `${o.severity}${o.because ? ` (${o.because})` : ''}` : null,
    o.containment ? `contain: ${o.containment}` : null,
    o.recommendation ? `recommendation: ${o.recommendation}` : null,
    o.text,
  ].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(' · ') : 'done';
}

/** Runbooks whose symptoms appear in what was typed, best match first. */
export function matchRunbooks<T extends Pick<Runbook, 'id' | 'appliesWhen' | 'title'>>(runbooks: readonly T[], typed: string): T[] {
  const words = new Set(tokens(typed));
  if (words.size === 0) return [];
  const scored = runbooks
    .map((r) => {
      let score = 0;
      for (const symptom of r.appliesWhen) {
        const sw = tokens(symptom);
        const hits = sw.filter((w) => words.has(w)).length;
        // A whole symptom phrase present counts most; single shared words a little.
        if (sw.length > 0 && hits === sw.length) score += 3 * sw.length;
        else score += hits;
      }
      return { r, score };
    })
    .filter((x) => x.score >= 2);
  return scored.sort((a, b) => b.score - a.score || a.r.id.localeCompare(b.r.id)).map((x) => x.r);
}

const STOP = new Set([
  'the',
  'a',
  'an',
  'is',
  'are',
  'on',
  'in',
  'of',
  'for',
  'to',
  'and',
  'or',
  'with',
  'after',
  'all',
  'our',
  'we',
  'it',
  'at',
  'not',
  'no',
]);

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOP.has(w));
}

// Is the drill's post-mortem complete: written, a root cause, and at least
// two action items each with an owner and a due date. Pure.
import type { IncidentFacts } from '../domain/incident.js';
import type { TimelineEntry } from '../domain/types.js';
import type { ScoreLine } from './score-line.js';

export interface PostmortemCheck {
  written: boolean;
  rootCause: boolean;
  actionItems: number;
  /** Action items with an action, an owner and a due date. */
  completeItems: number;
  complete: boolean;
  /** What is missing, one phrase each. */
  missing: string[];
}

/** A post-mortem's minimum: the issue asks for two owned, dated action items. */
export const MIN_ACTION_ITEMS = 2;
const POSTMORTEM_POINTS = { written: 5, rootCause: 5, actionItems: 10 };

export function checkPostmortem(facts: IncidentFacts, entries: readonly TimelineEntry[]): PostmortemCheck {
  const written = facts.postmortemPath !== null || entries.some((e) => e.type === 'postmortem.written');
  const rootCause = (facts.rootCause ?? '').trim() !== '';
  const items = facts.postmortem.actionItems;
  const completeItems = items.filter(
    (i) => i.action.trim() !== '' && i.owner.trim() !== '' && /^\d{4}-\d{2}-\d{2}$/.test(i.due.trim()),
  ).length;
  const missing: string[] = [];
  if (!written) missing.push('not written yet');
  if (!rootCause) missing.push('no root cause recorded');
  if (completeItems < MIN_ACTION_ITEMS) {
    const incomplete = items.length - completeItems;
    missing.push(
      `${completeItems} action item${completeItems === 1 ? '' : 's'} with an owner and a due date (at least ${MIN_ACTION_ITEMS})` +
        (incomplete > 0 ? `; ${incomplete} more lack${incomplete === 1 ? 's' : ''} an owner or a due date` : ''),
    );
  }
  return { written, rootCause, actionItems: items.length, completeItems, complete: missing.length === 0, missing };
}

export function postmortemLine(p: PostmortemCheck): ScoreLine {
  const points =
    (p.written ? POSTMORTEM_POINTS.written : 0) +
    (p.rootCause ? POSTMORTEM_POINTS.rootCause : 0) +
    Math.floor((POSTMORTEM_POINTS.actionItems * Math.min(p.completeItems, MIN_ACTION_ITEMS)) / MIN_ACTION_ITEMS);
  const max = POSTMORTEM_POINTS.written + POSTMORTEM_POINTS.rootCause + POSTMORTEM_POINTS.actionItems;
  const base = { key: 'postmortem' as const, label: 'Post-mortem', points, max };
  if (p.complete) {
    return {
      ...base,
      good: true,
      text: `written, with the root cause and ${p.completeItems} action items, each with an owner and a due date`,
      advice: null,
    };
  }
  return {
    ...base,
    good: false,
    text: `incomplete: ${p.missing.join('; ')}`,
    advice: `Finish the post-mortem while it is fresh: ${p.missing.join('; ')}.`,
  };
}

// What still blocks finishing a post-mortem. Pure; an empty list means "ready".
import type { IncidentFacts } from '../domain/incident.js';

export const MIN_ACTION_ITEMS = 2;

/** Human sentences, one per problem, in the order the engineer would fix them. */
export function missingForPostmortem(facts: Pick<IncidentFacts, 'rootCause' | 'postmortem'>): string[] {
  const missing: string[] = [];
  if (blank(facts.rootCause)) missing.push('The root cause is not recorded yet: describe it in one sentence.');

  const items = facts.postmortem?.actionItems ?? [];
  if (items.length < MIN_ACTION_ITEMS) {
    const have = items.length === 0 ? 'none are recorded yet' : `only ${items.length} is recorded`;
    missing.push(`At least ${MIN_ACTION_ITEMS} action items are needed (${have}).`);
  }
  items.forEach((item, i) => {
    const name = blank(item.action) ? `Action item ${i + 1}` : `Action item ${i + 1} ("${short(item.action)}")`;
    const gaps: string[] = [];
    if (blank(item.action)) gaps.push('a description');
    if (blank(item.owner)) gaps.push('an owner');
    if (blank(item.due)) gaps.push('a due date');
    if (gaps.length > 0) missing.push(`${name} needs ${joinAnd(gaps)}.`);
    else if (!isCalendarDate(item.due.trim())) missing.push(`${name} has a due date that is not a YYYY-MM-DD date: "${short(item.due)}".`);
  });
  return missing;
}

function blank(s: string | null | undefined): boolean {
  return typeof s !== 'string' || s.trim() === '';
}

function short(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 40 ? `${one.slice(0, 39)}…` : one;
}

function joinAnd(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

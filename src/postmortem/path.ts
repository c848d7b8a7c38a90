// Where a post-mortem lives in the repository. Pure: the writer joins it to the repo root.
import type { IncidentFacts } from '../domain/incident.js';
import { slugify } from '../domain/slug.js';
import { utcDate } from '../domain/format-time.js';

export const POSTMORTEM_DIR = 'docs/incidents';

/**
 * `docs/incidents/<incident id>.md`: the id is already `YYYY-MM-DD-<slug>`
 * (the UTC day it was declared), so the file is found from the id and back.
 * Facts without an id (never the case once declared) fall back to the date
 * the problem started.
 */
export function postmortemRelPath(facts: Pick<IncidentFacts, 'id' | 'title' | 'startedAt' | 'declaredAt'>): string {
  if (facts.id) return `${POSTMORTEM_DIR}/${facts.id}.md`;
  const day = utcDate(facts.startedAt ?? facts.declaredAt);
  return `${POSTMORTEM_DIR}/${day}-${postmortemSlug(facts.title)}.md`;
}

/** The same slug as the incident id. */
export function postmortemSlug(title: string | null | undefined): string {
  return slugify(title ?? '');
}

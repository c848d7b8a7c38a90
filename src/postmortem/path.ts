// Where a post-mortem lives in the repository. Pure: the writer joins it to the repo root.
import type { IncidentFacts } from '../domain/incident.js';
import { slugify } from '../domain/slug.js';

export const POSTMORTEM_DIR = 'docs/incidents';

/** `docs/incidents/YYYY-MM-DD-<slug>.md`, dated by the UTC day the problem started (else was declared). */
export function postmortemRelPath(facts: Pick<IncidentFacts, 'title' | 'startedAt' | 'declaredAt'>): string {
  const day = utcDay(facts.startedAt) ?? utcDay(facts.declaredAt) ?? 'undated';
  return `${POSTMORTEM_DIR}/${day}-${postmortemSlug(facts.title)}.md`;
}

/** The same slug as the incident id, so the id and the file name match. */
export function postmortemSlug(title: string | null | undefined): string {
  return slugify(title ?? '');
}

function utcDay(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 10);
}

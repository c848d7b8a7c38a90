// Where a post-mortem lives in the repository. Pure: the writer joins it to the repo root.
import type { IncidentFacts } from '../domain/incident.js';
import { slugify } from '../domain/slug.js';

export const POSTMORTEM_DIR = 'docs/incidents';
export const POSTMORTEM_SLUG_MAX = 50;

/** `docs/incidents/YYYY-MM-DD-<slug>.md`, dated by the UTC day the problem started (else was declared). */
export function postmortemRelPath(facts: Pick<IncidentFacts, 'title' | 'startedAt' | 'declaredAt'>): string {
  const day = utcDay(facts.startedAt) ?? utcDay(facts.declaredAt) ?? 'undated';
  return `${POSTMORTEM_DIR}/${day}-${postmortemSlug(facts.title)}.md`;
}

/** Lowercase ASCII words joined by hyphens, at most 50 characters; "incident" if nothing is left. */
export function postmortemSlug(title: string | null | undefined): string {
  return slugify(foldLetters(title ?? ''), POSTMORTEM_SLUG_MAX);
}

function utcDay(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 10);
}

// Letters that Unicode decomposition does not reduce to ASCII, so that
// "Straße" reads "strasse" rather than "stra-e".
const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', ð: 'd', Ð: 'd', ł: 'l', Ł: 'l', þ: 'th', Þ: 'th', ı: 'i' };

function foldLetters(s: string): string {
  return s.replace(/[ßæÆœŒøØđĐðÐłŁþÞı]/g, (c) => FOLD[c] ?? c);
}
